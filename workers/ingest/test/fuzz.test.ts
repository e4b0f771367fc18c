// Hostile values in every field the ingest Worker reads: whatever an agent (or anyone holding a key)
// sends, the answer is a 2xx or a 4xx with a JSON message, never a 5xx (backend-api.md §3.2, §10.10).
import { beforeAll, expect, test } from "vitest";
import { ingest, insertAgentToken, logRequest, profileWith, STACKFILE_HEADER, uploadRequest } from "./fixtures";

const HOSTILE: unknown[] = [
  null, true, false, -1, 0, 1.5, 1e308, -1e308, 2 ** 63, "", " ", "x".repeat(5000), "\u0000", "NaN", "💥\ud800",
  [], {}, [[1, 2]], ["ab"], { nested: { deeper: [1, { x: null }] } }, "2023-13-45T25:61:61", "9".repeat(40),
  "0E:D7:21:85:5E:17", "'; DROP TABLE services; --", "../../etc/passwd", "k8s_a_b-5d8c9f7b6-x2x7z_ns_uid_0",
];

/** What can be sent as a header value at all. */
const HEADER_SAFE = HOSTILE.map(String).filter((v) => /^[\x20-\x7e]*$/.test(v));

/** xorshift32: the same cases on every run, so a failure reproduces. */
function random(seed: number) {
  let x = seed;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

let token = "";
beforeAll(async () => {
  token = await insertAgentToken();
});

async function expectClientAnswer(res: Response, label: string, statuses: Map<number, number>) {
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  const body = (await res.json()) as Record<string, unknown>;
  expect(res.status, `${label} → ${res.status} ${JSON.stringify(body)}`).toBeLessThan(500);
  if (res.status >= 400) expect(typeof body.message, label).toBe("string");
}

test("uploads with hostile metadata, header and body values", async () => {
  const pick = random(20261125);
  const metadataKeys = Object.keys(STACKFILE_HEADER.metadata);
  const headerKeys = ["containers", "metadata", "metrics", "application_metadata"];
  const statuses = new Map<number, number>();
  for (let i = 0; i < 150; i++) {
    const metadata: Record<string, unknown> = { pid: 50_000 + i };
    for (let n = 1 + pick(3); n > 0; n--) metadata[metadataKeys[pick(metadataKeys.length)]] = HOSTILE[pick(HOSTILE.length)];
    const header: Record<string, unknown> = {};
    if (pick(4) === 0) header[headerKeys[pick(headerKeys.length)]] = HOSTILE[pick(HOSTILE.length)];
    const body: Record<string, unknown> = { start_time: "2023-12-03T16:36:27", profile: profileWith({ metadata, header }), gpid: "" };
    if (pick(4) === 0) body[["start_time", "gpid", "profile", "end_time"][pick(4)]] = HOSTILE[pick(HOSTILE.length)];
    const service = pick(5) === 0 ? HEADER_SAFE[pick(HEADER_SAFE.length)] : "fuzz";
    const label = JSON.stringify({ metadata, header, fields: { ...body, profile: typeof body.profile } });
    await expectClientAnswer(await ingest(await uploadRequest({ token, service }, { body })), label, statuses);
  }
  // Both outcomes were exercised, so the cases reached the registration and the stores.
  expect(statuses.get(200)).toBeGreaterThan(20);
  expect(statuses.get(400)).toBeGreaterThan(20);
}, 60_000);

test("log batches with hostile values", async () => {
  const pick = random(4242);
  const statuses = new Map<number, number>();
  for (let i = 0; i < 80; i++) {
    const entry: Record<string, unknown> = { severity: 3, timestamp: Date.now(), text: { message: "m", serial_no: i } };
    entry[["severity", "timestamp", "text"][pick(3)]] = HOSTILE[pick(HOSTILE.length)];
    const batch: Record<string, unknown> = {
      batch_id: "b".repeat(32),
      metadata: { run_id: "r", service_name: "fuzz-logs", hostname: "h" },
      lost_logs_count: 0,
      logs: [entry],
    };
    if (pick(3) === 0) batch[["batch_id", "metadata", "lost_logs_count", "logs"][pick(4)]] = HOSTILE[pick(HOSTILE.length)];
    await expectClientAnswer(await ingest(await logRequest(token, batch)), JSON.stringify(batch), statuses);
  }
  expect(statuses.get(201)).toBeGreaterThan(20);
  expect(statuses.get(400)).toBeGreaterThan(5);
}, 60_000);
