import { describe, expect, it } from "vitest";
import { createProfileIndexer, type IndexResult } from "./collapsed";
import type { SampleRow } from "./wire/clickhouse-row";
import { readTestdata, readTestdataTsv } from "./test-utils";

const OPTIONS = {
  serviceId: 7,
  timestamp: new Date("2023-12-03T16:36:27Z"),
  insertionTimestamp: new Date("2023-12-03T16:40:01.500Z"),
};

function index(input: Uint8Array | string, chunkSize = Infinity): IndexResult {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const indexer = createProfileIndexer(OPTIONS);
  for (let p = 0; p < bytes.length; p += chunkSize) indexer.push(bytes.subarray(p, p + chunkSize));
  return indexer.finish();
}

function rowsOf(result: IndexResult): SampleRow[] {
  if (!result.ok) throw new Error(result.error);
  return [...result.rows];
}

/** The golden TSV columns of a row, keyed by (ContainerName, CallStackHash) as §5.2 asks. */
function tsvView(rows: SampleRow[]): Map<string, Record<string, string>> {
  return new Map(
    rows.map((row) => [
      `${row.ContainerName}\t${row.CallStackHash}`,
      {
        ContainerName: row.ContainerName,
        ContainerEnvName: row.ContainerEnvName,
        HostName: row.HostName,
        InstanceType: row.InstanceType,
        CallStackHash: row.CallStackHash,
        CallStackParent: row.CallStackParent,
        NumSamples: String(row.NumSamples),
        CallStackName: row.CallStackName,
      },
    ]),
  );
}

function goldenView(name: string): Map<string, Record<string, string>> {
  return new Map(readTestdataTsv(name).map((row) => [`${row.ContainerName}\t${row.CallStackHash}`, row]));
}

const V1 = '# {"metadata": {"run_arguments": {"profile_api_version": "v1"}}}';
const BOTH = '# {"application_metadata_enabled": true}';

describe("test_stackfile golden (§5.2)", () => {
  const input = readTestdata("test_stackfile");
  const result = index(input);
  const rows = rowsOf(result);

  it("gives exactly the 651 rows of the Go indexer", () => {
    expect(rows).toHaveLength(651);
    expect(result.ok && result.rowCount).toBe(651);
    expect(tsvView(rows)).toEqual(goldenView("golden/test_stackfile.rows.tsv"));
  });

  it("fills the non-TSV columns", () => {
    for (const row of rows) {
      expect(row).toMatchObject({
        Timestamp: "2023-12-03 16:36:27",
        ServiceId: 7,
        InsertionTimestamp: "2023-12-03 16:40:01",
        ErrNumSamples: 0,
      });
    }
  });

  it("gives the metrics row", () => {
    expect(result.ok && result.metrics).toEqual({
      Timestamp: "2023-12-03 16:36:27",
      ServiceId: 7,
      InstanceType: "t2.medium",
      HostName: "ip-172-31-33-27",
      CPUAverageUsedPercent: 8.8,
      MemoryAverageUsedPercent: 39.815384615384616,
    });
  });

  it("matches the facts about the file", () => {
    expect(result.stats).toEqual({ lines: 74, stackLines: 73, skipped: { swapper: expect.any(Number) } });
    const roots = rows.filter((row) => row.CallStackParent === "0");
    expect(roots).toHaveLength(26);
    expect(roots.reduce((sum, row) => sum + row.NumSamples, 0)).toBe(79);
    const perContainer = Object.fromEntries(
      [
        "",
        "gprofiler-ps-webapp",
        "gprofiler-ps-clickhouse",
        "gprofiler-ps-ch-indexer",
        "gprofiler-ps-agents-logs-backend",
      ].map((name) => [name, rows.filter((row) => row.ContainerName === name).length]),
    );
    expect(perContainer).toEqual({
      "": 442,
      "gprofiler-ps-webapp": 140,
      "gprofiler-ps-clickhouse": 27,
      "gprofiler-ps-ch-indexer": 21,
      "gprofiler-ps-agents-logs-backend": 21,
    });
    const rootTotals = new Map<string, number>();
    for (const root of roots)
      rootTotals.set(root.ContainerName, (rootTotals.get(root.ContainerName) ?? 0) + root.NumSamples);
    expect([...rootTotals.values()].sort((a, b) => b - a)).toEqual([53, 19, 4, 2, 1]);
    expect(rows.every((row) => row.ContainerEnvName === "")).toBe(true);
  });

  it.each([1, 7, 4096])("gives identical results fed in chunks of %d bytes", (chunkSize) => {
    const chunked = index(input, chunkSize);
    expect(rowsOf(chunked)).toEqual(rows);
    expect(chunked).toMatchObject({ ok: true, metrics: result.ok && result.metrics, stats: result.stats });
  });
});

describe("ex1 golden (§2.12)", () => {
  const result = index(readTestdata("golden/ex1.txt"));

  it("merges frames that differ only in generated ids", () => {
    expect(tsvView(rowsOf(result))).toEqual(goldenView("golden/ex1.rows.tsv"));
  });

  it("drops the swapper and the count-0 line and gives the metrics row", () => {
    expect(result.stats).toEqual({ lines: 8, stackLines: 7, skipped: { swapper: 1, invalidCount: 1 } });
    expect(result.ok && result.metrics).toMatchObject({
      HostName: "h1",
      InstanceType: "m5.large",
      CPUAverageUsedPercent: 10.5,
      MemoryAverageUsedPercent: 20.25,
    });
  });
});

describe("ex2 (§2.12)", () => {
  it("keys rows by raw container and decodes k8s names, with no metrics row", () => {
    const result = index(
      [
        '# {"application_metadata_enabled": true, "metrics": {"cpu_avg": 0, "mem_avg": 5}}',
        "0;k8s_web_web-7d9f8b6c5d-xk2lp_prod_0f1e2d3c_0;node;runtime.main;main.main 5",
        "1;;node;runtime.main;main.main 2",
        "1;;node;runtime.main 1",
      ].join("\n"),
    );
    const view = rowsOf(result).map((row) => [
      row.ContainerName,
      row.ContainerEnvName,
      row.CallStackName,
      row.NumSamples,
      row.CallStackHash,
    ]);
    expect(view).toEqual([
      ["web_web_prod", "web_prod", "node", 5, "14580695937169233336"],
      ["web_web_prod", "web_prod", "runtime.main", 5, "5959234723221177616"],
      ["web_web_prod", "web_prod", "main.main", 5, "9082378239961466637"],
      ["", "", "node", 3, "14580695937169233336"],
      ["", "", "runtime.main", 3, "5959234723221177616"],
      ["", "", "main.main", 2, "9082378239961466637"],
    ]);
    expect(result.ok && result.metrics).toBeNull();
  });
});

describe("prefixes and headers (§2.5)", () => {
  it("keeps the container untrimmed", () => {
    expect(rowsOf(index(`${BOTH}\n0; ctr ;a 1`))[0].ContainerName).toBe(" ctr ");
  });

  it("uses the container prefix by default, before any header", () => {
    expect(rowsOf(index("ctr;a 1"))[0]).toMatchObject({ ContainerName: "ctr", CallStackName: "a" });
  });

  it("applies each header to the lines after it, and the last one's host to every row", () => {
    const rows = rowsOf(index(`${V1}\nv1;a 1\n# {"metadata": {"hostname": "h2"}}\nctr;b 2`));
    expect(rows.map((row) => [row.ContainerName, row.CallStackName, row.HostName])).toEqual([
      ["", "v1", "h2"],
      ["", "a", "h2"],
      ["ctr", "b", "h2"],
    ]);
  });

  it("replaces frames on the joined line and merges them", () => {
    const rows = rowsOf(index(`${V1}\nj;Lambda$1/2 1\nj;Lambda$3/0x4 2`));
    expect(rows.map((row) => [row.CallStackName, row.NumSamples])).toEqual([
      ["j", 3],
      ["Lambda$[m]/[m]", 3],
    ]);
  });

  it("keeps Go's last (name, parent) for paths that join to the same string (§2.7)", () => {
    const hashOf = (rows: SampleRow[], name: string) =>
      rows.find((row) => row.CallStackName === name)?.CallStackHash;
    // the root `a:b` and the path [a, b] share one hash and one row; the last line decides the name
    const pathLast = rowsOf(index(`${V1}\na:b 1\na;b 2`));
    expect(pathLast).toHaveLength(2);
    expect(pathLast[0]).toMatchObject({
      CallStackName: "b",
      CallStackParent: hashOf(pathLast, "a"),
      NumSamples: 3,
    });
    // seen again through the same edge, the root wins back
    const rootLast = rowsOf(index(`${V1}\na:b 1\na;b 2\na:b 4`));
    expect(rootLast[0]).toMatchObject({ CallStackName: "a:b", CallStackParent: "0", NumSamples: 7 });
    expect(rootLast[0].CallStackHash).toBe(pathLast[0].CallStackHash);
  });
});

describe("memory budget (§7.4)", () => {
  it("refuses a file whose prefix tree outgrows maxTreeBytes, and accepts it within", () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `c;root;f${i};g${i} 1`).join("\n");
    const bytes = new TextEncoder().encode(lines);
    const small = createProfileIndexer({ ...OPTIONS, maxTreeBytes: 1 << 20 });
    small.push(bytes);
    expect(small.finish()).toMatchObject({ ok: false, reason: "tooLarge" });
    const enough = createProfileIndexer({ ...OPTIONS, maxTreeBytes: 8 << 20 });
    enough.push(bytes);
    expect(enough.finish()).toMatchObject({ ok: true, rowCount: 40_001 });
  });
});

describe("hostile input", () => {
  const hostile = [
    BOTH,
    "",
    "   ",
    "x 3",
    "foo 1",
    "0;ctr;a 1.5",
    "0;ctr;a abc",
    "0;ctr;a ",
    "0;ctr;a 0",
    "0;ctr;a -0",
    "0;ctr;a -3",
    "0;ctr;a 4294967296",
    "0;ctr;a 99999999999999999999999",
    "0;ctr;a +",
    "0;ctr;swapper/0;idle 9",
    "0;ctr; ; ;  2",
    "0;ctr 2",
    "0;ctr;ok 4294967295",
    "0;ctr;ok 1",
  ].join("\n");
  const invalidUtf8 = Uint8Array.from([
    ...new TextEncoder().encode("\n0;ctr;bad"),
    0xff,
    ...new TextEncoder().encode(" 1\n0;c"),
    0xc3,
    ...new TextEncoder().encode(";x 1\n"),
  ]);
  const bytes = new Uint8Array([...new TextEncoder().encode(hostile), ...invalidUtf8]);

  it("skips and counts bad lines instead of failing", () => {
    const result = index(bytes);
    expect(result.stats).toEqual({
      lines: 21,
      stackLines: 20,
      skipped: {
        emptyLine: 2,
        tooFewFields: 2,
        invalidCount: 4,
        zeroCount: 2,
        negativeCount: 1,
        countOverflow: 2,
        swapper: 1,
        emptyStack: 2,
        invalidUtf8: 2,
      },
    });
    expect(rowsOf(result)).toEqual([
      expect.objectContaining({ ContainerName: "ctr", CallStackName: "ok", NumSamples: 0xffffffff }),
    ]);
  });

  it("counts nothing of a line whose late frame is invalid UTF-8", () => {
    const line = Uint8Array.from([...new TextEncoder().encode("0;ctr;a;b"), 0xff, 0x20, 0x31]);
    const result = index(new Uint8Array([...new TextEncoder().encode(`${BOTH}\n0;ctr;a 2\n`), ...line]));
    expect(result.stats.skipped).toEqual({ invalidUtf8: 1 });
    expect(rowsOf(result)).toEqual([expect.objectContaining({ CallStackName: "a", NumSamples: 2 })]);
  });

  it.each([1, 3])("counts the same in chunks of %d bytes", (chunkSize) => {
    expect(index(bytes, chunkSize)).toEqual(index(bytes));
  });

  it("skips lines over the limit and keeps going", () => {
    const indexer = createProfileIndexer({ ...OPTIONS, maxLineBytes: 16 });
    indexer.push(new TextEncoder().encode(`c;${"f".repeat(20)} 1\nc;short 2\n`));
    const result = indexer.finish();
    expect(result.stats.skipped).toEqual({ lineTooLong: 1 });
    expect(rowsOf(result).map((row) => row.CallStackName)).toEqual(["short"]);
  });

  it.each(["# {", "#", '# {"metadata": {"hostname": 5}}', "# []"])(
    "rejects the whole file for header %j",
    (header) => {
      const result = index(`c;a 1\n${header}\nc;b 1\n`);
      expect(result).toEqual({
        ok: false,
        reason: "invalidHeader",
        error: "invalid profile header on line 2",
        stats: expect.any(Object),
      });
    },
  );
});
