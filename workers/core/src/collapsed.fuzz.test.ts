// fast-check over the collapsed-format parser (indexer-flamedb.md §2.5-§2.8): any bytes, cut into any
// chunks, give a result and never a throw; the result does not depend on where the chunks were cut; and
// a tree budget bounds the memory a hostile profile can take.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createProfileIndexer, type IndexResult } from "./collapsed";

const OPTIONS = { serviceId: 7, timestamp: new Date("2026-11-25T10:00:00Z"), insertionTimestamp: new Date("2026-11-25T10:00:01Z") };
const encoder = new TextEncoder();

const frame = fc.oneof(
  fc.constantFrom("main", "_[k]", "foo_[j]", "(/lib/x.so)", "<script>", "a b", "", "swapper", "0", "-1", "\u0000"),
  fc.string({ maxLength: 12 }),
);
const stackLine = fc
  .tuple(fc.array(frame, { minLength: 0, maxLength: 12 }), fc.oneof(fc.nat().map(String), fc.constantFrom("-1", "x", "99999999999", "1.5", "")))
  .map(([frames, count]) => `${frames.join(";")} ${count}`);
const headerLine = fc.oneof(
  fc.json().map((json) => `# ${json}`),
  fc.constantFrom('# {"application_metadata_enabled": true}', '# {"metadata": {"run_arguments": {"profile_api_version": "v1"}}}', "# not json", "#"),
);
const profile = fc
  .tuple(fc.option(headerLine), fc.array(fc.oneof(stackLine, fc.string()), { maxLength: 40 }))
  .map(([header, lines]) => encoder.encode([...(header ? [header] : []), ...lines].join("\n")));
const bytes = fc.oneof(profile, fc.uint8Array({ maxLength: 2000 }));

function index(data: Uint8Array, cuts: number[] = [], maxTreeBytes?: number): IndexResult {
  const indexer = createProfileIndexer({ ...OPTIONS, maxTreeBytes });
  let start = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b)) {
    indexer.push(data.subarray(start, cut));
    start = cut;
  }
  indexer.push(data.subarray(start));
  return indexer.finish();
}

/** What a result says, rows included, comparable across runs. */
function summary(result: IndexResult) {
  if (!result.ok) return { ok: false, reason: result.reason, stats: result.stats };
  return { ok: true, rows: [...result.rows], rowCount: result.rowCount, metrics: result.metrics, stats: result.stats };
}

describe("the collapsed-format parser under fuzzing", () => {
  test("any bytes: a result, never a throw; rowCount is the rows it yields", () => {
    fc.assert(
      fc.property(bytes, (data) => {
        const result = index(data);
        if (result.ok) expect([...result.rows]).toHaveLength(result.rowCount);
        else expect(["invalidHeader", "tooLarge"]).toContain(result.reason);
      }),
      { numRuns: 400 },
    );
  });

  test("the result does not depend on how the bytes are chunked", () => {
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 8 }), (data, cuts) => {
        expect(summary(index(data, cuts))).toEqual(summary(index(data)));
      }),
      { numRuns: 300 },
    );
  });

  test("a profile past the tree budget is refused as too large, however many distinct stacks it has", () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `0;;main;f${i};g${i} 1`).join("\n");
    const result = index(encoder.encode(`# {"application_metadata_enabled": true}\n${lines}`), [], 256 * 1024);
    expect(result).toMatchObject({ ok: false, reason: "tooLarge" });
  });

  test("a 100,000-frame stack indexes (one row per prefix)", () => {
    const line = Array.from({ length: 100_000 }, (_, i) => `f${i}`).join(";");
    const result = index(encoder.encode(`${line} 3\n`));
    expect(result.ok && result.rowCount).toBeGreaterThan(90_000);
  });
});
