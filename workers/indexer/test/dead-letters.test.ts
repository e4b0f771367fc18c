// The dead-letter Queue's consumer keeps each message in R2, and the admin routes list and replay them
// onto profiles-index, where the real Queue delivers them to the indexer again.
import { exports } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { deliver, eventually, serviceTotals, storedProfile, testEnv } from "./fixtures";

const admin = (path: string, init?: RequestInit) =>
  exports.default.fetch(new Request(`http://indexer${path}`, init));
const replay = (body: unknown) =>
  admin("/dead-letters/replay", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

interface Listed {
  deadLetters: { id: string; sentAt: string; deadAt: string; summary: string }[];
  cursor: string | null;
}

async function listed(): Promise<Listed["deadLetters"]> {
  const res = await admin("/dead-letters?limit=1000");
  expect(res.status).toBe(200);
  return ((await res.json()) as Listed).deadLetters;
}

describe("dead letters", () => {
  test("are kept in R2, once per message, and listed", async () => {
    const { message } = await storedProfile();
    const first = await deliver([message], { queue: "profiles-index-dlq" });
    expect(first.explicitAcks).toEqual(first.ids);
    const [id] = first.ids;
    const stored = await testEnv.PROFILES.get(`dead-letters/${id}.json`);
    expect(await stored!.json()).toMatchObject({ id, body: message, attempts: 1 });

    // the same dead letter delivered again (an at-least-once Queue) is still one
    await deliver([message], { queue: "profiles-index-dlq", attempts: 2 });
    const mine = (await listed()).filter(
      (letter) => letter.summary === `${message.service}/${message.filename}`,
    );
    expect(mine).toHaveLength(2); // two message ids: deliver() gives every delivery a new one
    expect(mine.find((letter) => letter.id === id)).toMatchObject({
      deadAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  test("replay sends them back to profiles-index, where they are indexed once, and removes them", async () => {
    const { message, serviceId } = await storedProfile();
    const { ids } = await deliver([message, message], { queue: "profiles-index-dlq" });
    const res = await replay({ ids: [...ids, "no-such-letter"] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ replayed: ids, notFound: ["no-such-letter"] });
    const listedIds = (await listed()).map((letter) => letter.id);
    for (const id of ids) expect(listedIds).not.toContain(id);
    await eventually(async () =>
      expect(await serviceTotals(serviceId)).toMatchObject({ samples: 651, hourAll: 650, minute: 5 }),
    );
    // both copies were consumed, and the second added nothing
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await serviceTotals(serviceId)).toMatchObject({ samples: 651, hourAll: 650, minute: 5 });
  });

  test.each([
    [{}, 'the body must be {"ids": [...]} with 1..100 dead-letter ids'],
    [{ ids: [] }, 'the body must be {"ids": [...]} with 1..100 dead-letter ids'],
    [{ ids: ["../profiles/x"] }, 'not a dead-letter id: "../profiles/x"'],
    [{ ids: [7] }, "not a dead-letter id: 7"],
  ])("replay refuses %j with 400", async (body, message) => {
    const res = await replay(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message });
  });

  test("listing refuses a bad limit, and unknown paths are 404 with a message", async () => {
    const bad = await admin("/dead-letters?limit=0");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ message: "limit must be 1..1000" });
    const missing = await admin("/nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: "Not Found" });
  });

  test("listing pages with a cursor", async () => {
    const { message } = await storedProfile();
    await deliver([message, message, message], { queue: "profiles-index-dlq" });
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const res = await admin(
        `/dead-letters?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      const page = (await res.json()) as Listed;
      expect(page.deadLetters.length).toBeLessThanOrEqual(2);
      for (const letter of page.deadLetters) seen.add(letter.id);
      cursor = page.cursor;
    } while (cursor);
    expect(seen.size).toBe((await listed()).length);
  });
});
