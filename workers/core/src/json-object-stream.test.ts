// The streaming reader must agree with JSON.parse on every input, however the text is cut into chunks.
import { describe, expect, test } from "vitest";
import { JsonObjectStream } from "./json-object-stream";
import { readTestdataText } from "./test-utils";

function read(text: string, chunkSize: number, maxKeptChars = 1 << 20) {
  const chunks: string[] = [];
  const stream = new JsonObjectStream({ streamKey: "profile", onChunk: (c) => chunks.push(c), maxKeptChars });
  for (let i = 0; i < text.length; i += chunkSize) stream.write(text.slice(i, i + chunkSize));
  const result = stream.end();
  return { result, streamed: chunks.join(""), chunks };
}

const CHUNK_SIZES = [1, 2, 3, 5, 7, 64, 1 << 30];

const VALID = [
  "{}",
  ' { "profile" : "" } ',
  '{"start_time":"2023-12-03T16:36:27","profile":"# {}\\na;b 1\\n","gpid":""}',
  '{"a":1,"profile":"x\\"y\\\\z\\/\\b\\f\\n\\r\\t","b":[1,{"c":"}]\\""}],"d":null,"e":true,"f":-1.5e3}',
  '{"profile":"\\u00e9\\uD83D\\uDE00 é 😀 \\u0000"}',
  '{"gpid":123,"nested":{"profile":"not streamed"},"profile":"streamed"}',
  '{"profile":5}',
  '{"a":"x","a":"y"}',
  '{"profile":"x"}\n',
];

describe("JsonObjectStream", () => {
  test.each(VALID)("agrees with JSON.parse on %s", (text) => {
    const expected = JSON.parse(text);
    const isStreamed = typeof expected.profile === "string";
    const { profile, ...rest } = expected;
    for (const size of CHUNK_SIZES) {
      const { result, streamed } = read(text, size);
      expect(result).toEqual({
        ok: true,
        value: { fields: isStreamed ? rest : expected, streamed: isStreamed },
      });
      expect(streamed).toBe(isStreamed ? profile : "");
    }
  });

  test("streams a real upload, never splitting a surrogate pair", () => {
    const profile = readTestdataText("test_stackfile") + "😀".repeat(1000) + "\\uD83D\\uDE00";
    const text = JSON.stringify({ start_time: "2023-12-03T16:36:27", profile, gpid: "" })
      .replace(/😀/g, "\\uD83D\\uDE00");
    for (const size of [1, 7, 4096]) {
      const { result, streamed, chunks } = read(text, size);
      expect(result.ok).toBe(true);
      expect(streamed).toBe(profile);
      for (const chunk of chunks) expect(chunk).toBe(new TextDecoder().decode(new TextEncoder().encode(chunk)));
    }
  });

  test("reads Python's NaN outside the streamed string", () => {
    const { result } = read('{"cpu_avg":NaN,"mem_avg":-Infinity,"profile":"NaN"}', 3);
    expect(result).toEqual({ ok: true, value: { fields: { cpu_avg: null, mem_avg: null }, streamed: true } });
  });

  test.each([
    "",
    "[]",
    '"profile"',
    "{",
    '{"profile":"abc',
    '{"profile":"a\\',
    '{"profile":"\\u12"}',
    '{"profile":"\\x"}',
    '{"profile":"a\nb"}',
    '{"a":1,}',
    '{,"a":1}',
    '{"a" 1}',
    '{"a":1 "b":2}',
    '{"a":tru}',
    '{"a":[1,}',
    '{"a":1}x',
    '{"profile":"a","profile":"b"}',
    "{'a':1}",
  ])("refuses %j in any chunking", (text) => {
    for (const size of CHUNK_SIZES) expect(read(text, size).result.ok).toBe(false);
  });

  test("caps what it keeps besides the streamed string", () => {
    const big = JSON.stringify({ profile: "x".repeat(10_000), other: "y".repeat(100) });
    expect(read(big, 64, 200).result.ok).toBe(true);
    expect(read(big, 64, 50).result).toEqual({ ok: false, message: "JSON body fields besides 'profile' are too large" });
    expect(read(JSON.stringify({ profile: [..."x".repeat(1000)] }), 64, 100).result.ok).toBe(false);
  });

  test("stops at the first error", () => {
    const stream = new JsonObjectStream({ streamKey: "profile", onChunk: () => {}, maxKeptChars: 100 });
    expect(stream.write("[")).toBe(false);
    expect(stream.write("{}")).toBe(false);
    expect(stream.end()).toEqual({ ok: false, message: "Body must be a JSON object" });
  });
});
