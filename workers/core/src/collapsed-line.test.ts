import { describe, expect, it } from "vitest";
import { parseStackLine, type LinePrefixes } from "./collapsed-line";

const V1: LinePrefixes = { container: false, metadataIndex: false };
const CONTAINER: LinePrefixes = { container: true, metadataIndex: false };
const BOTH: LinePrefixes = { container: true, metadataIndex: true };
const METADATA_ONLY: LinePrefixes = { container: false, metadataIndex: true };

/** The extractStack view of §2.5: count / raw container / the stack text still to split. */
function extract(line: string, prefixes: LinePrefixes) {
  const bytes = new TextEncoder().encode(line);
  const parsed = parseStackLine(bytes, 0, bytes.length, prefixes);
  if (typeof parsed === "string") return parsed;
  const text = (start: number, end: number) => new TextDecoder().decode(bytes.subarray(start, end));
  return {
    count: parsed.count,
    container: text(parsed.containerStart, parsed.containerEnd),
    stack: text(parsed.stackStart, parsed.stackEnd),
  };
}

describe("parseStackLine: extractStack cases (§2.5)", () => {
  it.each([
    ["a;b;c 5", V1, { count: 5, container: "", stack: "a;b;c" }],
    ["a;b;c 5", CONTAINER, { count: 5, container: "a", stack: "b;c" }],
    ["a;b;c 5", BOTH, { count: 5, container: "b", stack: "c" }],
    ["0;ctr;a; b ;;c 12", BOTH, { count: 12, container: "ctr", stack: "a; b ;;c" }],
    ["a;b  7", BOTH, { count: 7, container: "b ", stack: "" }],
    ["a;b +4", CONTAINER, { count: 4, container: "a", stack: "b" }],
    ["0;k8s_x;my frame;other 3", BOTH, { count: 3, container: "k8s_x", stack: "my frame;other" }],
    ["\t 0; ctr ;f 2 \u3000", BOTH, { count: 2, container: " ctr ", stack: "f" }],
    ["ctr 2", CONTAINER, { count: 2, container: "ctr", stack: "" }],
    ["5", CONTAINER, { count: 5, container: "", stack: "" }],
    // Go ignores the metadata index without the container prefix: it is just a frame.
    ["0;a;b 1", METADATA_ONLY, { count: 1, container: "", stack: "0;a;b" }],
  ])("%j with %o", (line, prefixes, expected) => {
    expect(extract(line, prefixes)).toEqual(expected);
  });

  it.each([
    ["a;b 1.5", CONTAINER, "invalidCount"],
    ["a;b abc", CONTAINER, "invalidCount"],
    ["a;b 1e3", CONTAINER, "invalidCount"],
    ["a;b +", CONTAINER, "invalidCount"],
    ["a;b -", CONTAINER, "invalidCount"],
    ["a;b\t5", CONTAINER, "invalidCount"],
    ["a;b 0", CONTAINER, "zeroCount"],
    ["a;b -0", CONTAINER, "zeroCount"],
    ["a;b 000", CONTAINER, "zeroCount"],
    ["a;b -3", CONTAINER, "negativeCount"],
    ["a;b 4294967296", CONTAINER, "countOverflow"],
    ["a;b 99999999999999999999999999", CONTAINER, "countOverflow"],
    // Go panics on these (index out of range) and takes the whole indexer down (§7.6).
    ["x 3", BOTH, "tooFewFields"],
    ["foo 1", BOTH, "tooFewFields"],
    ["", BOTH, "emptyLine"],
    [" \t\r ", V1, "emptyLine"],
  ])("%j with %o → %s", (line, prefixes, reason) => {
    expect(extract(line, prefixes)).toBe(reason);
  });

  it("accepts the largest UInt32 count and leading zeros", () => {
    expect(extract("a 4294967295", V1)).toMatchObject({ count: 4294967295 });
    expect(extract("a 007", V1)).toMatchObject({ count: 7 });
  });
});
