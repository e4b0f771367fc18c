// Messages that can never be indexed are acked and dropped, and every drop is counted in
// flamedb.indexer_drops (and logged): nothing is dropped silently, and a redelivery counts once.
import { describe, expect, test } from "vitest";
import {
  clickhouse,
  deliver,
  drops,
  gzip,
  serviceTotals,
  STACKFILE,
  storedProfile,
  testEnv,
} from "./fixtures";

const CLICKHOUSE_DOWN = { CLICKHOUSE_URL: "http://127.0.0.1:9" };

/** Delivers the message twice and checks it was acked and dropped once, for `reason`. */
async function expectDroppedOnce(message: unknown, key: string, reason: string) {
  for (const attempts of [1, 2]) {
    const result = await deliver([message], { attempts });
    expect(result.explicitAcks).toEqual(result.ids);
    expect(result.retryMessages).toEqual([]);
  }
  const recorded = await drops({ key });
  expect(recorded).toEqual([expect.objectContaining({ Reason: reason, Count: 1 })]);
  return recorded[0];
}

describe("dropped messages", () => {
  test.each([
    ["not JSON", "{oops"],
    ["a wrong type", { filename: "2023-12-03T16:36:27_a_b.gz", service: "svc", service_id: "1" }],
    [
      "no service (the original read local files then, §7.3)",
      { filename: "x.gz", service: "", service_id: 1 },
    ],
    ["a path in the file name", { filename: "../../etc/passwd.gz", service: "svc", service_id: 1 }],
    ["null", null],
  ])("a malformed message (%s) is counted under its message id", async (_, body) => {
    const result = await deliver([body]);
    expect(result.explicitAcks).toEqual(result.ids);
    const [drop] = await drops({ messageId: result.ids[0] });
    expect(drop).toMatchObject({ Reason: "malformed message", Count: 1, ServiceId: 0 });
    expect(drop.Detail).toBe(typeof body === "string" ? body : JSON.stringify(body));
  });

  test("a missing object", async () => {
    const { message, key, serviceId } = await storedProfile();
    await testEnv.PROFILES.delete(key);
    const drop = await expectDroppedOnce(message, key, "object not found");
    expect(drop.ServiceId).toBe(serviceId);
  });

  test("corrupt gzip", async () => {
    const { message, key } = await storedProfile({
      profile: crypto.getRandomValues(new Uint8Array(4096)),
      gzipped: false,
    });
    await expectDroppedOnce(message, key, "corrupt gzip");
  });

  test("a truncated gzip", async () => {
    const whole = await gzip(STACKFILE);
    const { message, key, serviceId } = await storedProfile({
      profile: whole.subarray(0, whole.length - 100),
      gzipped: false,
    });
    await expectDroppedOnce(message, key, "corrupt gzip");
    expect(await serviceTotals(serviceId)).toMatchObject({ samples: 0 });
  });

  test("an object over 25 MiB compressed (§2.3)", async () => {
    const { message, key } = await storedProfile({
      profile: new Uint8Array(25 * 1024 * 1024 + 1),
      gzipped: false,
    });
    const drop = await expectDroppedOnce(message, key, "object too large");
    expect(drop.Detail).toBe("26214401 bytes compressed, over 26214400");
  });

  test("an invalid header", async () => {
    const { message, key, serviceId } = await storedProfile({ profile: `${STACKFILE}\n# {\n` });
    const drop = await expectDroppedOnce(message, key, "invalid header");
    expect(drop.Detail).toMatch(/^invalid profile header on line \d+$/);
    expect(await serviceTotals(serviceId)).toMatchObject({ samples: 0, metrics: 0 });
  });

  test("a gzip bomb: more than 512 MiB decompressed (§7.4)", async () => {
    const zeros = new ReadableStream<Uint8Array>({
      start(controller) {
        const chunk = new Uint8Array(1 << 20);
        for (let i = 0; i < 513; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const bomb = new Uint8Array(
      await new Response(zeros.pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
    );
    const { message, key } = await storedProfile({ profile: bomb, gzipped: false });
    await expectDroppedOnce(message, key, "profile too large");
  }, 60_000);

  test("a drop is not acked until it is recorded: ClickHouse down means retry", async () => {
    const { message, key } = await storedProfile();
    await testEnv.PROFILES.delete(key);
    const result = await deliver([message], { overrides: CLICKHOUSE_DOWN });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: result.ids[0] }]);
    expect(await drops({ key })).toEqual([]);
  });
});

describe("skipped lines of an indexed profile", () => {
  test("are counted per reason, once, beside the rows; swapper lines are not drops", async () => {
    const bad = ["", "0;ctr;a abc", "0;ctr;a -3", "0;ctr;a 99999999999", "0;ctr;a 0", "0;ctr;swapper;idle 5"];
    const { message, key, serviceId } = await storedProfile({
      profile: `${STACKFILE.trimEnd()}\n${bad.join("\n")}\n`,
    });
    await deliver([message]);
    await deliver([message], { attempts: 2 });
    expect(await serviceTotals(serviceId)).toMatchObject({ samples: 651 });
    const recorded = await drops({ key });
    expect(recorded.map(({ Reason, Count }) => [Reason, Count])).toEqual([
      ["line: countOverflow", 1],
      ["line: emptyLine", 1],
      ["line: invalidCount", 1],
      ["line: negativeCount", 1],
      ["line: zeroCount", 1],
    ]);
    expect(recorded[0].Detail).toMatch(/^1 of \d+ stack lines$/);
  });

  test("an operator can total the drops by reason", async () => {
    const [totals] = await clickhouse<{ reasons: number; count: number }>(
      "SELECT uniqExact(Reason) AS reasons, sum(Count) AS count FROM flamedb.indexer_drops",
    );
    expect(totals.reasons).toBeGreaterThan(0);
    expect(totals.count).toBeGreaterThan(0);
  });
});
