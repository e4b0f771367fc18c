// The hosts' HTML reports (core/html-report.ts): the newest one's key from flamedb.html_reports (written
// by the ingest Worker, clickhouse/schema/012) and its gzipped object in R2.
import { isHtmlReportKey } from "../../../core/src/html-report";
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { StoreUnavailable } from "../../../shared/src/errors";
import { queryRows, scopeCondition, type Scope } from "./clickhouse";

const SHAPE = { columns: ["HostName", "InstanceType"], hashed: [] } as const;

/** flamedb's lookup_for=lasthtml: the key of the newest report in the window; null when none. */
export async function newestHtmlReportKey(
  clickhouse: ClickHouseClient,
  scope: Scope,
): Promise<string | null> {
  const where = scopeCondition(scope, SHAPE);
  const [row] = await queryRows<{ key: string }>(
    clickhouse,
    `SELECT argMax(HTMLPath, Timestamp) AS key FROM flamedb.html_reports WHERE ${where.sql} HAVING count() > 0`,
    where.params,
  );
  return row && isHtmlReportKey(row.key) ? row.key : null;
}

/** The report's HTML; null when the object is gone (R2 keeps reports as long as the profiles). */
export async function readHtmlReport(bucket: R2Bucket, key: string): Promise<string | null> {
  let object: R2ObjectBody | null;
  try {
    object = await bucket.get(key);
  } catch (e) {
    throw new StoreUnavailable("R2", e);
  }
  if (!object) return null;
  return new Response(object.body.pipeThrough(new DecompressionStream("gzip"))).text();
}
