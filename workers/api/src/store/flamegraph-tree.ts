// The frames of the pruned flamegraph (GET /api/flamegraph/tree): only those wide enough to be drawn,
// which ClickHouse finds by value. A frame is never wider than its parent, so the frames at or above a
// threshold are their own ancestors' closure: a tree from the roots, whatever the profile's size.
import type { FrameAggregate } from "../../../core/src/flamegraph";
import type { RolledUp } from "../../../core/src/flamegraph-prune";
import { FILTER_COLUMNS } from "../../../core/src/rql-filter";
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { queryRows, scopeCondition, type Scope } from "./clickhouse";
import { TABLES, type TableWindow } from "./flamegraph";

export interface WideFramesQuery {
  /** CallStackHash of the frame the view is zoomed to; null for the whole graph. */
  root: string | null;
  /** Frames below this fraction of the root's samples are left out. */
  minFraction: number;
  /** At most this many frames, the widest. */
  limit: number;
}

export interface WideFrames {
  frames: FrameAggregate[];
  /** The narrower frames by parent hash ("0": roots), for the remainders. */
  rolledUp: Map<string, RolledUp>;
}

/**
 * The frames with at least `minFraction` of the root's samples (the root frame's own, or all samples),
 * summed by hash over the windows, name and parent from the last window, widest first; and the narrower
 * children of those frames (and the narrow roots) summed by parent, so the pruned graph's remainders are
 * exact. Unlike /api/flamegraph's per-window LIMIT (flamedb's cut, §4.6) nothing is cut per window.
 *
 * A million-stack profile has millions of rows; grouping them all by hash is what made this slow. So the
 * wide frames are found among the rows that can belong to one: each indexer write holds a hash at most
 * once and at least one root row (CallStackParent = 0), in the raw and the rollup tables alike, so a hash
 * has at most as many rows as there are root rows, and a frame with `threshold` samples has a row with at
 * least threshold ÷ root rows. Only those rows' hashes are summed in full (every row of theirs); the
 * narrow rest is only summed by parent, for the remainders.
 */
export async function wideFrames(
  clickhouse: ClickHouseClient,
  scope: Omit<Scope, "start" | "end">,
  windows: readonly TableWindow[],
  q: WideFramesQuery,
): Promise<WideFrames> {
  const result: WideFrames = { frames: [], rolledUp: new Map() };
  if (windows.length === 0) return result;
  let params: Record<string, unknown> = {
    limit: q.limit,
    fraction: q.minFraction,
    root: q.root ?? "0",
  };
  const rows: string[] = [];
  const named: string[] = [];
  windows.forEach((window, i) => {
    const table = TABLES[window.table];
    const where = scopeCondition(
      { ...scope, ...window },
      { columns: FILTER_COLUMNS, hashed: table.hashed },
      String(i),
    );
    params = { ...params, ...where.params };
    const columns = `${i} AS window, CallStackHash AS hash, CallStackParent AS parent, NumSamples AS samples`;
    rows.push(`SELECT ${columns} FROM ${table.name} WHERE ${where.sql}`);
    named.push(`SELECT ${columns}, CallStackName AS name FROM ${table.name} WHERE ${where.sql}`);
  });
  const all = `(${rows.join(" UNION ALL ")})`;
  // One row per wide frame (wide = 1, with its name), and one per parent of narrow frames (wide = 0, the
  // number of frames in the last column), kept when that parent is wide or a root.
  const found = await queryRows<[number, string, string, string, string, string]>(
    clickhouse,
    `WITH (SELECT (sumIf(samples, if({root:UInt64} = 0, parent = 0, hash = {root:UInt64})), countIf(parent = 0))
           FROM ${all} WHERE parent = 0 OR hash = {root:UInt64}) AS bounds,
          {fraction:Float64} * bounds.1 AS threshold,
          wide AS (SELECT hash FROM ${all}
                   WHERE hash IN (SELECT hash FROM ${all} WHERE samples * greatest(bounds.2, 1) >= threshold)
                   GROUP BY hash HAVING sum(samples) >= threshold AND sum(samples) > 0
                   ORDER BY sum(samples) DESC, hash LIMIT {limit:UInt32}),
          frames AS (SELECT hash, argMax(name, window) AS name, argMax(parent, window) AS parent,
                            sum(samples) AS total
                     FROM (${named.join(" UNION ALL ")}) WHERE hash IN wide GROUP BY hash),
          rest AS (SELECT parent, sum(samples) AS total, uniqExact(hash) AS count FROM ${all}
                   WHERE (parent = 0 OR parent IN wide) AND hash NOT IN wide GROUP BY parent HAVING total > 0)
     SELECT 1, toString(hash), name, toString(parent), total, 1 FROM frames
     UNION ALL
     SELECT 0, '0', '', toString(parent), total, count FROM rest`,
    params,
    true,
  );
  for (const [wide, hash, name, parent, samples, count] of found) {
    if (Number(wide)) result.frames.push({ hash, name, parent, samples: Number(samples) });
    else result.rolledUp.set(parent, { value: Number(samples), count: Number(count) });
  }
  return result;
}
