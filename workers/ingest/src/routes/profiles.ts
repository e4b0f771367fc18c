// POST /api/v2/profiles, and /api/v1/profiles for agents run with --profile-api-version v1 (backend-api.md
// §3.2, B.1, B.2). Order: transport caps → key → body → metadata → one transaction: registration, then
// (unless downsampled away) R2 and the Queue. Answers `{"message":"ok","gpid":"<id>"}`, gpid a string (§3.2.6).
//
// Not kept from the original: the per-deployment child services of §3.2.6 (no UI route reads them, and
// their `<service>.<deployment>` names collide with real services, §10.5; k8s deployments reach the
// flamegraph filters through ClickHouse's ContainerEnvName instead), the TokenAssociations batch (§6.3,
// profiler_tokens.last_used records key use), and the sampling bypass for services named `*test*` (§10.15).
import { Hono } from "hono";
import { GPID_SUPPORT_WEIGHT, parseProfileHeader } from "../../../core/src/agent-metadata";
import { formatIsoSeconds } from "../../../core/src/date-time";
import { digestHex } from "../../../core/src/digest";
import { decodeHtmlBlob } from "../../../core/src/html-report";
import { gpidNumber } from "../../../core/src/wire/agent-upload";
import { toClickHouseDateTime } from "../../../core/src/wire/clickhouse-row";
import { profileObjectKey } from "../../../core/src/wire/index-message";
import { openClickHouse } from "../../../shared/src/clickhouse";
import { fail } from "../../../shared/src/errors";
import { isDataError, withPostgres, type DatabaseVariables } from "../../../shared/src/postgres";
import { authenticateUpload, clientIp } from "../agent-auth";
import { bodyLimits, checkContentLength } from "../body";
import type { Env } from "../env";
import { readProfileUpload } from "../profile-upload";
import { storeHtmlReport } from "../store/html-reports";
import { storeProfile } from "../store/profiles";
import { registerUpload } from "../store/registration";

export const profiles = new Hono<{ Bindings: Env; Variables: DatabaseVariables }>();

const METADATA_ERROR = "Failed to parse v2 metadata";

profiles.post("/api/:version{v[12]}/profiles", async (c) => {
  const limits = bodyLimits(c.env);
  checkContentLength(c.req.raw, limits);
  const serviceName = await authenticateUpload(c.var.db, c);
  const upload = await readProfileUpload(c.req.raw, limits);
  const header = parseProfileHeader(upload.headerLine);
  if (!header.ok) fail(400, `${METADATA_ERROR}: ${header.message}`);
  const { metadata, envType, htmlBlob } = header.value;
  // A report that is not base64 is left out and the profile kept, as the fork's indexer did.
  const html = htmlBlob === null ? null : decodeHtmlBlob(htmlBlob);
  if (htmlBlob !== null && html === null) console.warn(`${serviceName}: htmlblob is not base64; report not stored`);
  const gpid = gpidNumber(upload.gpid);
  if (gpid === undefined) fail(400, `${METADATA_ERROR}: gpid must be an integer`);
  // Agents before 1.2.3 had no gpid: always registered, answered "0" (§3.2.3 step 7).
  const legacy = metadata.version.weight < GPID_SUPPORT_WEIGHT;
  const filename = `${formatIsoSeconds(upload.startTime)}_${crypto.randomUUID().replace(/-/g, "")}_${await digestHex("MD5", metadata.hostname)}.gz`;

  const registration = await withPostgres(() =>
    registerUpload(
      c.var.db,
      { serviceName, envType, metadata, publicIp: clientIp(c) },
      legacy ? null : gpid,
      async (registration) => {
        // Downsampling happens before anything is stored (the original wrote to S3 first, §10.15).
        if (Math.random() >= registration.sampleThreshold) {
          const message = { filename, service: serviceName, service_id: registration.serviceId };
          if (html) {
            // before the profile, so a failure leaves nothing queued and the agent's retry starts afresh
            const clickhouse = openClickHouse(c.env);
            try {
              await storeHtmlReport(c.env.PROFILES, clickhouse, {
                profileKey: profileObjectKey(message),
                html,
                timestamp: toClickHouseDateTime(upload.startTime),
                serviceId: registration.serviceId,
                instanceType: metadata.instanceType,
                hostname: metadata.hostname,
              });
            } finally {
              c.executionCtx.waitUntil(clickhouse.close());
            }
          }
          await storeProfile(c.env, message, upload.gzipped);
        }
        return registration;
      },
    ),
  ).catch((e) => (isDataError(e) ? fail(400, `${METADATA_ERROR}: ${postgresMessage(e)}`) : Promise.reject(e)));
  return c.json({ message: "ok", gpid: legacy ? "0" : String(registration.gpid) });
});

/** The driver's own message (drizzle's wrapper repeats the whole query and its parameters). */
const postgresMessage = (e: unknown) => ((e as { cause?: Error }).cause ?? (e as Error)).message;
