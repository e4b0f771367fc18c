// An agent's HTML report (core/html-report.ts): the gzipped object beside its profile in R2, then its
// row in flamedb.html_reports, where GET /api/metrics/html_metadata finds the host's newest. The row's
// deduplication token is the key, so a repeated insert adds nothing; an object whose row could not be
// written is deleted again, so R2 keeps no report that no row names.
import { htmlReportKey } from "../../../core/src/html-report";
import type { ClickHouseClient } from "../../../shared/src/clickhouse";
import { StoreUnavailable } from "../../../shared/src/errors";

export interface HtmlReport {
  /** The profile's R2 key; the report's is derived from it. */
  profileKey: string;
  html: Uint8Array;
  /** "YYYY-MM-DD hh:mm:ss" UTC: the profile's start time, as the fork's indexer used. */
  timestamp: string;
  serviceId: number;
  instanceType: string;
  hostname: string;
}

export async function storeHtmlReport(
  bucket: R2Bucket,
  clickhouse: ClickHouseClient,
  report: HtmlReport,
): Promise<void> {
  const key = htmlReportKey(report.profileKey);
  const gzipped = await new Response(
    new Blob([report.html]).stream().pipeThrough(new CompressionStream("gzip")),
  ).arrayBuffer();
  try {
    await bucket.put(key, gzipped, {
      httpMetadata: { contentType: "text/html; charset=utf-8", contentEncoding: "gzip" },
    });
  } catch (e) {
    throw new StoreUnavailable("R2", e);
  }
  try {
    await clickhouse.insert({
      table: "flamedb.html_reports",
      values: [
        {
          Timestamp: report.timestamp,
          ServiceId: report.serviceId,
          InstanceType: report.instanceType,
          HostName: report.hostname,
          HTMLPath: key,
        },
      ],
      format: "JSONEachRow",
      clickhouse_settings: { insert_deduplication_token: `html_reports#${key}` },
    });
  } catch (e) {
    await bucket.delete(key).catch(() => {});
    throw new StoreUnavailable("ClickHouse", e);
  }
}
