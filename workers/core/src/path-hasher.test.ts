import { describe, expect, it } from "vitest";
import { PathHasher } from "./path-hasher";
import { uint64Decimal, xxh64Decimal } from "./xxhash64";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("PathHasher (§2.7)", () => {
  const text = "python ; main_[p];a-frame-name-longer-than-one-xxh64-stripe_[p];foo_[p]";
  const line = utf8(text);
  const names = ["python", "main_[p]", "a-frame-name-longer-than-one-xxh64-stripe_[p]", "foo_[p]"];
  // trimmed frame bounds in the (ASCII) line
  const frames = names.map((name) => [text.indexOf(name), text.indexOf(name) + name.length]);

  it("hashes every prefix as XXH64 of the ':'-joined path", () => {
    const path = new PathHasher();
    path.startLine();
    frames.forEach(([start, end], depth) => {
      path.frame(depth, start, end);
      path.hashThrough(line, depth);
      const joined = frames
        .slice(0, depth + 1)
        .map(([s, e]) => new TextDecoder().decode(line.subarray(s, e)));
      expect(uint64Decimal(path.hi, path.lo)).toBe(xxh64Decimal(utf8(joined.join(":"))));
    });
  });

  it("catches up on frames recorded but not hashed, and restarts per line", () => {
    const path = new PathHasher();
    for (let round = 0; round < 2; round++) {
      path.startLine();
      frames.forEach(([start, end], depth) => path.frame(depth, start, end));
      path.hashThrough(line, 3);
      expect(uint64Decimal(path.hi, path.lo)).toBe(xxh64Decimal(utf8(names.join(":"))));
    }
    path.startLine();
    path.frame(0, 0, 6);
    path.hashThrough(line, 0);
    expect(uint64Decimal(path.hi, path.lo)).toBe("5704503414910639715");
  });
});
