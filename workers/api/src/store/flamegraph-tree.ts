// The frames of the pruned flamegraph (GET /api/flamegraph/tree): only those wide enough to be drawn,
// which ClickHouse finds by value. A frame is never wider than its parent, so the frames at or above a
// threshold are their own ancestors' closure: a tree from the roots, whatever the profile's size.
import type { FrameAggregate } from "../../../core/src/flamegraph";
import type { RolledUp } from "../../../core/src/flamegraph-prune";
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
}

export interface WideFrames {
  frames: FrameAggregate[];
  /** The narrower frames by parent hash ("0": roots), for the remainders. */
  rolledUp: Map<string, RolledUp>;
}

/**
 * The frames with at least `minFraction` of the root's samples (the root frame's own, or all samples),
 * summed by hash over the windows, name and parent from the last window, widest first; and the narrower
 * children of those frames summed by parent, so the pruned graph's remainders are exact. Unlike
 * /api/flamegraph's per-window LIMIT (flamedb's cut, §4.6) nothing is cut per window.
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
  const frames: string[] = [];
  const roots: string[] = [];
  windows.forEach((window, i) => {
    const where = windowCondition(scope, window, String(i));
    params = { ...params, ...where.params };
    frames.push(`SELECT ${i} AS window, CallStackHash, any(CallStackName) AS name, any(CallStackParent) AS parent,
                        sum(NumSamples) AS samples
                 FROM ${where.table} WHERE ${where.sql} GROUP BY CallStackHash`);
    roots.push(`SELECT sum(NumSamples) AS samples FROM ${where.table} WHERE ${where.sql} AND
                 if({root:UInt64} = 0, CallStackParent = 0, CallStackHash = {root:UInt64})`);
  });
  // One row per wide frame (wide = 1), and one per parent of narrow frames (wide = 0, hash 0, the
  // number of frames in `frames`), kept when that parent is wide or a root.
  const rows = await queryRows<[number, string, string, string, string, string]>(
    clickhouse,
    `WITH all AS (SELECT CallStackHash AS hash, argMax(name, window) AS name, argMax(parent, window) AS parent,
                         sum(samples) AS total
                  FROM (${frames.join(" UNION ALL ")}) GROUP BY CallStackHash HAVING total > 0),
          {fraction:Float64} * (SELECT sum(samples) FROM (${roots.join(" UNION ALL ")})) AS threshold
     SELECT wide, toString(if(wide, key, 0)), if(wide, any(name), ''), toString(any(parent)), sum(total), count()
     FROM (SELECT *, total >= threshold AS wide FROM all)
     WHERE wide OR parent = 0 OR parent IN (SELECT hash FROM all WHERE total >= threshold)
     GROUP BY wide, if(wide, hash, parent) AS key
     ORDER BY wide DESC, sum(total) DESC, key
     LIMIT {limit:UInt32} BY wide`,
    params,
    true,
  );
  for (const [wide, hash, name, parent, samples, count] of rows) {
    if (Number(wide)) result.frames.push({ hash, name, parent, samples: Number(samples) });
    else result.rolledUp.set(parent, { value: Number(samples), count: Number(count) });
  }
  return result;
}
