// Delivery guarantees of the profiles-index consumer, inside workerd with the local R2 bucket and the
// project's real ClickHouse server: exactly-once rows for at-least-once messages, acks only after the
// insert, and retries with backoff while ClickHouse is down.
import { describe, expect, test } from "vitest";
import { deliver, serviceTotals, storedProfile } from "./fixtures";

/** test_stackfile indexed once (indexer-flamedb.md §3.1). */
const ONCE = {
  samples: 651,
  samplesSum: expect.any(Number),
  hour: 651,
  hourSum: expect.any(Number),
  hourAll: 650,
  day: 651,
  dayAll: 650,
  minute: 5,
  minuteSum: 79,
  metrics: 1,
};
// Where nothing listens: connections are refused, as when the server is down.
const CLICKHOUSE_DOWN = { CLICKHOUSE_URL: "http://127.0.0.1:9" };

describe("profiles-index consumer", () => {
  test("indexes a profile into samples, every rollup and metrics, then acks", async () => {
    const { message, serviceId } = await storedProfile();
    const result = await deliver([message]);
    expect(result.explicitAcks).toEqual(result.ids);
    expect(result.retryMessages).toEqual([]);
    expect(result.delays).toEqual([]);
    const totals = await serviceTotals(serviceId);
    expect(totals).toEqual(ONCE);
    expect(totals.hourSum).toBe(totals.samplesSum);
  });

  test("the same message delivered twice, or twice in one batch, leaves one copy everywhere", async () => {
    const { message, serviceId } = await storedProfile();
    await deliver([message]);
    const once = await serviceTotals(serviceId);
    expect(once).toEqual(ONCE);
    const again = await deliver([message, { ...message }], { attempts: 2 });
    expect(again.explicitAcks).toEqual(again.ids);
    expect(await serviceTotals(serviceId)).toEqual(once);
  });

  test("a duplicate within the first batch also adds nothing", async () => {
    const { message, serviceId } = await storedProfile();
    await deliver([message, message]);
    expect(await serviceTotals(serviceId)).toEqual(ONCE);
  });

  test("does not ack while ClickHouse is down: it retries with exponential backoff, then indexes once", async () => {
    const { message, serviceId } = await storedProfile();
    for (const [attempts, delaySeconds] of [
      [1, 5],
      [2, 10],
      [4, 40],
      [9, 300],
    ]) {
      const result = await deliver([message], { attempts, overrides: CLICKHOUSE_DOWN });
      expect(result.explicitAcks).toEqual([]);
      expect(result.retryMessages).toEqual([{ msgId: result.ids[0] }]);
      expect(result.delays).toEqual([{ msgId: result.ids[0], delaySeconds }]);
    }
    expect(await serviceTotals(serviceId)).toMatchObject({ samples: 0, hour: 0, minute: 0, metrics: 0 });
    const recovered = await deliver([message], { attempts: 10 });
    expect(recovered.explicitAcks).toEqual(recovered.ids);
    expect(await serviceTotals(serviceId)).toEqual(ONCE);
  });

  test("takes the backoff from its vars", async () => {
    const { message } = await storedProfile();
    const result = await deliver([message], {
      attempts: 3,
      overrides: { ...CLICKHOUSE_DOWN, RETRY_BASE_SECONDS: "1", RETRY_MAX_SECONDS: "2" },
    });
    expect(result.delays).toEqual([{ msgId: result.ids[0], delaySeconds: 2 }]);
  });

  test("acks each message of a batch on its own: one failing does not hold back the others", async () => {
    const good = await storedProfile();
    const missing = { ...good.message, filename: good.message.filename.replace(/^2023/, "2022") };
    const result = await deliver([missing, good.message]);
    expect(result.explicitAcks).toEqual(result.ids);
    expect(await serviceTotals(good.serviceId)).toEqual(ONCE);
  });
});
