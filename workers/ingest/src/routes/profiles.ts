// POST /api/v2/profiles (and /api/v1/profiles): the agent's upload (backend-api.md §3.2, B.2).
// Order: authenticate → read body → validate → register in Postgres → downsample → R2 → Queue.
import { Hono } from "hono";
import { digestHex } from "../../../core/src/digest";
import { parseProfileHeader, redactProfileHeader } from "../../../core/src/agent-metadata";
import { formatIsoSeconds } from "../../../core/src/date-time";
import { parseAgentUpload } from "../../../core/src/wire/agent-upload";
import { profileObjectKey, type IndexMessage } from "../../../core/src/wire/index-message";
import { fail, StoreUnavailable } from "../../../shared/src/errors";
import { isDataError, withPostgres, type DatabaseVariables } from "../../../shared/src/postgres";
import { authenticateAgent } from "../agent-auth";
import { bodyLimits, readJsonBody } from "../body";
import type { Env } from "../env";
import { registerUpload, serviceOfProcess, serviceSampleThreshold } from "../store/registration";

export const profiles = new Hono<{ Bindings: Env; Variables: DatabaseVariables }>();

profiles.post("/api/:version{v[12]}/profiles", async (c) => {
  const db = c.var.db;
  const { token, serviceName } = await authenticateAgent(db, c);
  const upload = parseAgentUpload(await readJsonBody(c.req.raw, bodyLimits(c.env)));
  if (!upload.ok) fail(400, upload.message);
  const { startTime, profile, gpid } = upload.value;
  const header = parseProfileHeader(profile);
  if (!header.ok) fail(400, `Failed to parse v2 metadata: ${header.message}`);
  const { metadata, envType } = header.value;

  const registration = await withPostgres(async () => {
    // A gpid is only reused within the service it was registered for (§10.4); otherwise re-register.
    const known = /^\d{1,15}$/.test(gpid) ? await serviceOfProcess(db, Number(gpid)) : null;
    if (known !== null && (await sameServiceName(db, known, serviceName))) return { serviceId: known, gpid: Number(gpid) };
    return registerUpload(db, {
      serviceName,
      envType,
      metadata,
      publicIp: c.req.header("cf-connecting-ip") ?? "",
    });
  }).catch((e) => (isDataError(e) ? fail(400, `Failed to parse v2 metadata: ${(e as Error).message}`) : Promise.reject(e)));
  if (token.service !== null && token.service !== registration.serviceId) {
    fail(403, `This API key may not write to service ${serviceName}`);
  }

  const response = { message: "ok", gpid: String(registration.gpid) };
  const threshold = await withPostgres(() => serviceSampleThreshold(db, registration.serviceId));
  if (Math.random() < threshold) return c.json(response);

  const message: IndexMessage = {
    filename: `${formatIsoSeconds(startTime)}_${crypto.randomUUID().replace(/-/g, "")}_${await digestHex("MD5", metadata.hostname)}.gz`,
    service: serviceName,
    service_id: registration.serviceId,
  };
  const key = profileObjectKey(message);
  await c.env.PROFILES.put(key, await gzip(redactProfileHeader(profile))).catch((e) => {
    throw new StoreUnavailable("R2", e);
  });
  try {
    await c.env.INDEX_QUEUE.send(message, { contentType: "json" });
  } catch (e) {
    // Leave nothing behind that the indexer will never see.
    await c.env.PROFILES.delete(key).catch(() => {});
    throw new StoreUnavailable("Queue", e);
  }
  return c.json(response);
});

async function sameServiceName(db: DatabaseVariables["db"], serviceId: number, name: string): Promise<boolean> {
  const row = await db.query.services.findFirst({ columns: { name: true }, where: (s, { eq }) => eq(s.id, serviceId) });
  return row?.name === name;
}

/** R2 needs a known length, so the gzip is buffered (a few MB at most, capped by the body limits). */
function gzip(text: string): Promise<ArrayBuffer> {
  return new Response(new Response(text).body!.pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
}
