// A service's per-function samples for the regression alerts (workers/core/src/regression.ts), from the
// hourly rollup over all hosts (indexer-flamedb.md §3: samples_1hour_all, one row per stack node and hour),
// so the 7-day baseline costs 168 buckets per node instead of the raw rows. NumSamples is inclusive
// (§2.7): a node's self samples are its own minus its children's; a function's total counts its nodes
// except those whose parent is the same function (direct recursion, as functionShare).
import type { ServiceSamples, Window } from "../../../core/src/regression";
import { toClickHouseDateTime } from "../../../core/src/wire/clickhouse-row";
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { queryRows } from "./clickhouse";

export async function regressionSamples(
  clickhouse: ClickHouseClient,
  serviceId: number,
  window: Window,
  topFunctions: number,
): Promise<ServiceSamples> {
  const rows = await queryRows<[string, string, string, string, string, string, string]>(
    clickhouse,
    `WITH nodes AS (
       SELECT CallStackHash AS hash, any(CallStackName) AS name, any(CallStackParent) AS parent,
              toInt64(sumIf(NumSamples, Timestamp < {start:DateTime('UTC')})) AS before,
              toInt64(sumIf(NumSamples, Timestamp >= {start:DateTime('UTC')})) AS after
       FROM flamedb.samples_1hour_all
       WHERE ServiceId = {service:UInt32}
         AND Timestamp >= {baselineStart:DateTime('UTC')} AND Timestamp < {end:DateTime('UTC')}
       GROUP BY hash),
     linked AS (
       SELECT n.name AS name, n.parent AS parent, p.name AS parentName, n.before AS before, n.after AS after
       FROM nodes AS n LEFT JOIN nodes AS p ON n.parent = p.hash)
     SELECT fn, toString(sum(selfBefore)), toString(sum(selfAfter)), toString(sum(totalBefore)), toString(sum(totalAfter)),
            toString(any(rootsBefore)), toString(any(rootsAfter))
     FROM (
       -- k = 1: a node's samples are its function's (total unless its parent is the same function);
       -- k = 2: they are not its parent function's own samples.
       SELECT if(k = 1, name, parentName) AS fn,
              if(k = 1, before, -before) AS selfBefore, if(k = 1, after, -after) AS selfAfter,
              if(k = 1 AND NOT (parent != 0 AND parentName = name), before, 0) AS totalBefore,
              if(k = 1 AND NOT (parent != 0 AND parentName = name), after, 0) AS totalAfter,
              sumIf(before, k = 1 AND parent = 0) OVER () AS rootsBefore,
              sumIf(after, k = 1 AND parent = 0) OVER () AS rootsAfter
       FROM linked ARRAY JOIN [1, 2] AS k
       WHERE k = 1 OR parent != 0)
     GROUP BY fn
     HAVING sum(totalAfter) > 0
     ORDER BY sum(totalAfter) DESC, fn
     LIMIT {top:UInt32}`,
    {
      service: serviceId,
      baselineStart: toClickHouseDateTime(window.baselineStart),
      start: toClickHouseDateTime(window.start),
      end: toClickHouseDateTime(window.end),
      top: topFunctions,
    },
    true,
  );
  const [, , , , , before, after] = rows[0] ?? [];
  return {
    before: Number(before ?? 0),
    after: Number(after ?? 0),
    functions: rows.map(([name, selfBefore, selfAfter, totalBefore, totalAfter]) => ({
      name,
      selfBefore: Number(selfBefore),
      selfAfter: Number(selfAfter),
      totalBefore: Number(totalBefore),
      totalAfter: Number(totalAfter),
    })),
  };
}

/** The services with samples in the hour: only they can have a regression in it. */
export async function servicesWithSamples(clickhouse: ClickHouseClient, window: Window): Promise<number[]> {
  const rows = await queryRows<[number]>(
    clickhouse,
    `SELECT DISTINCT ServiceId FROM flamedb.samples_1hour_all
     WHERE Timestamp >= {start:DateTime('UTC')} AND Timestamp < {end:DateTime('UTC')} ORDER BY ServiceId`,
    { start: toClickHouseDateTime(window.start), end: toClickHouseDateTime(window.end) },
    true,
  );
  return rows.map(([id]) => Number(id));
}
