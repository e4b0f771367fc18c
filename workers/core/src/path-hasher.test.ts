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

describe("PathHasher's state cache", () => {
  /** XXH64 of the joined path, as the parser would get it for each new prefix. */
  function hashes(path: PathHasher, line: string, nodes: number[], newFrom: number): string[] {
    const bytes = utf8(line);
    const names = line.split(";");
    let p = 0;
    const out: string[] = [];
    path.startLine();
    names.forEach((name, depth) => {
      path.frame(depth, p, p + name.length);
      p += name.length + 1;
      if (depth >= newFrom) {
        path.hashThrough(bytes, depth);
        out.push(uint64Decimal(path.hi, path.lo));
      }
      path.reached(depth, nodes[depth]);
    });
    return out;
  }

  it("resumes below a known ancestor with the right unfinished stripe, for every ancestor length", () => {
    for (let length = 1; length < 70; length += 3) {
      const a = "a".repeat(length);
      const path = new PathHasher();
      // the first line hashes every prefix and keeps their states (nodes 1, 2, 3)
      hashes(path, `${a};bb;c`, [1, 2, 3], 0);
      // the second shares nodes 1 and 2 and is new below them: hashing resumes from node 2's state
      const [dHash, eHash] = hashes(path, `${a};bb;ddd;${"e".repeat(length)}`, [1, 2, 4, 5], 2);
      expect(dHash).toBe(xxh64Decimal(utf8(`${a}:bb:ddd`)));
      expect(eHash).toBe(xxh64Decimal(utf8(`${a}:bb:ddd:${"e".repeat(length)}`)));
    }
  });

  it("ignores a cache entry another node took over", () => {
    const path = new PathHasher();
    hashes(path, "x;y", [7, 8], 0);
    // node 8 + 2^16 maps to node 8's entry: the line must not resume from y's state
    hashes(path, "p;q", [7 + 65536, 8 + 65536], 0);
    expect(hashes(path, "x;y;z", [7, 8, 9], 2)).toEqual([xxh64Decimal(utf8("x:y:z"))]);
  });
});
