import { describe, expect, it } from "vitest";
import { LineSplitter } from "./line-splitter";

function split(input: string, chunkSize: number, maxLineBytes = 100): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter(
    {
      line: (bytes, start, end) => lines.push(new TextDecoder().decode(bytes.subarray(start, end))),
      tooLong: () => lines.push("<too long>"),
    },
    maxLineBytes,
  );
  const bytes = new TextEncoder().encode(input);
  for (let p = 0; p < bytes.length; p += chunkSize) splitter.push(bytes.subarray(p, p + chunkSize));
  splitter.finish();
  return lines;
}

describe("LineSplitter (bufio.ScanLines, §2.5)", () => {
  it.each([1, 2, 3, 7, 1000])("splits identically with chunks of %d bytes", (chunkSize) => {
    expect(split("a\nbb\r\n\nccc\r\r\nlast", chunkSize)).toEqual(["a", "bb", "", "ccc\r", "last"]);
    expect(split("x\n", chunkSize)).toEqual(["x"]);
    expect(split("", chunkSize)).toEqual([]);
    expect(split("\n", chunkSize)).toEqual([""]);
    expect(split("x\n\r", chunkSize)).toEqual(["x", ""]);
  });

  it.each([1, 4, 1000])("drops lines over the limit without buffering them (chunks of %d)", (chunkSize) => {
    const long = "y".repeat(11);
    expect(split(`a\n${long}\nb\n${long}`, chunkSize, 10)).toEqual(["a", "<too long>", "b", "<too long>"]);
    expect(split(`${"z".repeat(10)}\n`, chunkSize, 10)).toEqual(["z".repeat(10)]);
  });
});
