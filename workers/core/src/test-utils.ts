// Test-only helpers: golden files live in ../shared/testdata beside the repository (spec §5.6).
import { readFileSync } from "node:fs";

const TESTDATA = new URL("../../../../shared/testdata/", import.meta.url);

export function readTestdata(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, TESTDATA)));
}

export function readTestdataText(name: string): string {
  return readFileSync(new URL(name, TESTDATA), "utf8");
}

/** Parses a golden TSV with a header line into objects keyed by column name. */
export function readTestdataTsv(name: string): Record<string, string>[] {
  const [header, ...lines] = readTestdataText(name)
    .split("\n")
    .filter((line) => line !== "");
  const columns = header.split("\t");
  return lines.map((line) => {
    const cells = line.split("\t");
    return Object.fromEntries(columns.map((column, i) => [column, cells[i]]));
  });
}

/** Deterministic pseudo-random bytes (xorshift32) so failures reproduce. */
export function seededBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}
