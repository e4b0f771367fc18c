// The frames of the pruned flamegraph (GET /api/flamegraph/tree): only those wide enough to be drawn,
// which ClickHouse finds by value; and those a search asks for. A frame is never wider than its parent,
// so the frames at or above a threshold are their own ancestors' closure: a tree from the roots, whatever
// the profile's size.
import type { FrameAggregate } from "../../../core/src/flamegraph";
import type { FoundFrame, RolledUp } from "../../../core/src/flamegraph-prune";
import { TRUNCATED_SUFFIX } from "../../../core/src/lang";
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { queryRows, type Scope } from "./clickhouse";
import { windowCondition, type TableWindow } from "./flamegraph";

export interface WideFramesQuery {
  /** CallStackHash of the frame the view is zoomed to; null for the whole graph. */
  root: string | null;
  /** Frames below this fraction of the root's samples are left out. */
  minFraction: number;
  /** At most this many frames, the widest. */
  limit: number;
  /**
   * Only the frames at least as wide as the `keep`-th widest (ties all kept) are named and sent; the rest
   * join their parents' remainders. For the whole graph only: the pruned view keeps at most that many,
   * the widest first, and a frame is never wider than its parent, so these include every frame it keeps
   * and their ancestors, and the Worker builds ~`keep` frames instead of every wide one.
   */
  keep?: number;
}

export interface WideFrames {
  frames: FrameAggregate[];
  /** The narrower frames by parent hash ("0": roots), for the remainders. */
  rolledUp: Map<string, RolledUp>;
}

/**
 * The frames with at least `minFraction` of the root's samples (the root frame's own, or all samples),
 * summed by hash over the windows; and the narrower children of those frames (and the narrow roots)
 * summed by parent, so the pruned graph's remainders are exact. Unlike /api/flamegraph's per-window
 * LIMIT (flamedb's cut, §4.6) nothing is cut per window.
 *
 * A million-stack profile has millions of rows, and grouping them all by hash is what made this slow.
 * So the wide frames are looked for among the rows that can belong to one. A frame's rows come with
 * its process frame's (its root, CallStackParent = 0): the indexer writes a frame's whole prefix per
 * file and container, and the rollups sum each block by the same keys. So no frame has more rows than
 * the root with the most rows (K), and a frame of `threshold` samples has a row of at least threshold/K.
 * Those rows ("candidates") give the frames' names and parents: a hash is its path of names, so every
 * row of a hash has the same name and parent. Then one pass over hashes and parents only (names are most
 * of the bytes) sums every row of a candidate by hash, and every child of a root or a candidate by
 * parent; the wide ones are taken off the latter here.
 * GLOBAL IN: on a cluster `samples` is sharded by hash, and a parent's row is not on its children's
 * shard, so the candidates are collected once and sent to every shard.
 */
export async function wideFrames(
  clickhouse: ClickHouseClient,
  scope: Omit<Scope, "start" | "end">,
  windows: readonly TableWindow[],
  q: WideFramesQuery,
): Promise<WideFrames> {
  const result: WideFrames = { frames: [], rolledUp: new Map() };
  if (windows.length === 0) return result;
  const { all, named, params } = unionOf(scope, windows, {
    limit: q.limit,
    fraction: q.minFraction,
    root: q.root ?? "0",
    keep: q.keep ?? q.limit,
  });
  const candidate = "GLOBAL IN (SELECT hash FROM candidates)";
  // kind 1: a candidate's rows summed by its hash; kind 0: the children of a root or candidate by parent.
  const found = await queryRows<[number, string, string, string, string, string]>(
    clickhouse,
    `WITH (SELECT sumIf(total, if({root:UInt64} = 0, up = 0, hash = {root:UInt64})), maxIf(rows, up = 0)
           FROM (SELECT hash, any(parent) AS up, sum(samples) AS total, count() AS rows FROM ${all}
                 WHERE parent = 0 OR hash = {root:UInt64} GROUP BY hash)) AS bounds,
          {fraction:Float64} * bounds.1 AS threshold,
          candidates AS (SELECT hash, argMax(name, window) AS name, argMax(parent, window) AS up FROM ${named}
                         WHERE samples * bounds.2 >= threshold AND bounds.1 > 0 GROUP BY hash)
     SELECT kind, if(kind = 1, toString(key), '0'), name, toString(if(kind = 1, up, key)), total, count
     FROM (SELECT *, kind = 0 OR total >= threshold
                     AND rank() OVER (PARTITION BY kind ORDER BY total DESC) <= {keep:UInt32}
                     AND row_number() OVER (PARTITION BY kind ORDER BY total DESC, key) <= {limit:UInt32} AS kept
           FROM (SELECT pair.1 AS kind, pair.2 AS key, sum(samples) AS total,
                        if(kind = 1, 1, uniqExact(hash)) AS count
                 FROM (SELECT hash, parent, samples FROM ${all}
                       WHERE hash ${candidate} OR parent = 0 OR parent ${candidate})
                 ARRAY JOIN [(1, hash), (0, parent)] AS pair
                 WHERE kind = 1 AND hash ${candidate} OR kind = 0 AND (parent = 0 OR parent ${candidate})
                 GROUP BY kind, key HAVING kind = 0 OR total > 0)) AS sums
     LEFT JOIN candidates ON sums.kind = 1 AND candidates.hash = sums.key
     WHERE kept`,
    params,
    true,
  );
  // Every child of the roots and of the candidates, by parent, less the wide ones: the remainders.
  const wide = new Set<string>(["0"]);
  const rolledUp = result.rolledUp;
  const add = (parent: string, value: number, count: number) => {
    const rest = rolledUp.get(parent) ?? { value: 0, count: 0 };
    rolledUp.set(parent, { value: rest.value + value, count: rest.count + count });
  };
  for (const [kind, hash, name, parent, samples, count] of found) {
    if (Number(kind) === 0) {
      add(parent, Number(samples), Number(count));
      continue;
    }
    result.frames.push({ hash, name, parent, samples: Number(samples) });
    wide.add(hash);
  }
  for (const frame of result.frames) add(frame.parent, -frame.samples, -1);
  for (const [parent, rest] of rolledUp) if (!wide.has(parent) || rest.count <= 0) rolledUp.delete(parent);
  return result;
}

/** The windows' rows as one subquery, without and with the names, and the parameters of both. */
function unionOf(
  scope: Omit<Scope, "start" | "end">,
  windows: readonly TableWindow[],
  base: Record<string, unknown>,
) {
  let params = base;
  const rows: string[] = [];
  const named: string[] = [];
  windows.forEach((window, i) => {
    const where = windowCondition(scope, window, String(i));
    params = { ...params, ...where.params };
    const columns = `${i} AS window, CallStackHash AS hash, CallStackParent AS parent, NumSamples AS samples`;
    rows.push(`SELECT ${columns} FROM ${where.table} WHERE ${where.sql}`);
    named.push(`SELECT ${columns}, CallStackName AS name FROM ${where.table} WHERE ${where.sql}`);
  });
  return { all: `(${rows.join(" UNION ALL ")})`, named: `(${named.join(" UNION ALL ")})`, params };
}

/**
 * The widest `limit` frames matching `pattern` (see matchingFrames) and how many match in all, with
 * every one of them and of their ancestors not in `known` (the wide frames), looked up level by level
 * up to the nearest known frame, `rounds` levels at most.
 */
export async function searchFrames(
  clickhouse: ClickHouseClient,
  scope: Omit<Scope, "start" | "end">,
  windows: readonly TableWindow[],
  q: { pattern: string; limit: number; known: ReadonlySet<string>; rounds: number },
): Promise<{ hashes: string[]; count: number; found: FoundFrame[] }> {
  const { hashes, count } = await matchingFrames(clickhouse, scope, windows, q);
  const found = new Map<string, FoundFrame>();
  let ask = hashes.filter((h) => !q.known.has(h));
  for (let round = 0; ask.length > 0 && round < q.rounds; round++) {
    for (const frame of await framesByHash(clickhouse, scope, windows, ask)) found.set(frame.hash, frame);
    ask = [...new Set([...found.values()].map((f) => f.parent))].filter(
      (h) => h !== "0" && !q.known.has(h) && !found.has(h),
    );
  }
  return { hashes, count, found: [...found.values()] };
}

/**
 * The widest `limit` frames whose display name (the language suffix cut off, as the UI shows it) matches
 * `pattern`, case-insensitively (RE2: linear time whatever the pattern), and how many match in all.
 */
async function matchingFrames(
  clickhouse: ClickHouseClient,
  scope: Omit<Scope, "start" | "end">,
  windows: readonly TableWindow[],
  q: { pattern: string; limit: number },
): Promise<{ hashes: string[]; count: number }> {
  if (windows.length === 0) return { hashes: [], count: 0 };
  const { named, params } = unionOf(scope, windows, {
    pattern: `(?i)${q.pattern}`,
    suffix: TRUNCATED_SUFFIX.source,
    limit: q.limit,
  });
  const rows = await queryRows<[string, string]>(
    clickhouse,
    `SELECT toString(hash), count() OVER () FROM ${named}
     WHERE match(replaceRegexpOne(name, {suffix:String}, ''), {pattern:String})
     GROUP BY hash HAVING sum(samples) > 0 ORDER BY sum(samples) DESC, hash LIMIT {limit:UInt32}`,
    params,
    true,
  );
  return { hashes: rows.map(([hash]) => hash), count: Number(rows[0]?.[1] ?? 0) };
}

/** The frames with these hashes, summed over the windows, each with its children's sum and number. */
async function framesByHash(
  clickhouse: ClickHouseClient,
  scope: Omit<Scope, "start" | "end">,
  windows: readonly TableWindow[],
  hashes: readonly string[],
): Promise<FoundFrame[]> {
  if (windows.length === 0 || hashes.length === 0) return [];
  const { all, named, params } = unionOf(scope, windows, { hashes });
  // Decimal strings: a UInt64 is beyond a JavaScript number.
  const asked = "(SELECT toUInt64(arrayJoin({hashes:Array(String)})))";
  const rows = await queryRows<[string, string, string, string, string, string]>(
    clickhouse,
    `SELECT toString(f.hash), f.name, toString(f.parent), f.total, b.total, b.count
     FROM (SELECT hash, argMax(name, window) AS name, argMax(parent, window) AS parent, sum(samples) AS total
           FROM ${named} WHERE hash IN ${asked} GROUP BY hash) AS f
     LEFT JOIN (SELECT parent AS of, sum(samples) AS total, uniqExact(hash) AS count FROM ${all}
                WHERE parent IN ${asked} GROUP BY parent) AS b ON b.of = f.hash`,
    params,
    true,
  );
  return rows.map(([hash, name, parent, samples, value, count]) => ({
    hash,
    name,
    parent,
    samples: Number(samples),
    below: { value: Number(value), count: Number(count) },
  }));
}
