// POST /reindex sends profiles already in R2 back onto profiles-index (a message lost before the indexer
// saw it), where the real Queue delivers them; re-enqueuing an indexed profile adds nothing.
import { exports } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { eventually, serviceTotals, storedProfile } from "./fixtures";

const reindex = (body: unknown) =>
  exports.default.fetch(
    new Request("http://indexer/reindex", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),
  );

describe("reindex", () => {
  test("enqueues the profiles that are in R2, once indexed however often sent, and names the missing", async () => {
    const { message, key, serviceId } = await storedProfile();
    const missing = { ...message, filename: message.filename.replace(/_\w+_/, "_0123456789abcdef0123456789abcdef_") };
    const res = await reindex({ messages: [message, missing] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sent: [key], notFound: [`products/${missing.service}/stacks/${missing.filename}`] });
    const indexed = { samples: 651, hourAll: 650, minute: 5, metrics: 1 };
    await eventually(async () => expect(await serviceTotals(serviceId)).toMatchObject(indexed));

    expect((await reindex({ messages: [message] })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await serviceTotals(serviceId)).toMatchObject(indexed);
  });

  test.each([
    [{}, 'the body must be {"messages": [...]} with 1..100 index messages'],
    [{ messages: [] }, 'the body must be {"messages": [...]} with 1..100 index messages'],
    [{ messages: [{ filename: "../x.gz", service: "s", service_id: 1 }] }, 'not an index message: {"filename":"../x.gz","service":"s","service_id":1}'],
    [{ messages: ["x"] }, 'not an index message: "x"'],
  ])("refuses %j with 400", async (body, message) => {
    const res = await reindex(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message });
  });
});
