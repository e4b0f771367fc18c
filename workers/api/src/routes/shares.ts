// Share links (issue 10): POST /api/shares freezes the flamegraph the api computes for a service, range
// and filter (the /api/flamegraph query), and for the compare page a second window's too, with the view
// state and optional redaction, into R2; GET
// /api/shares/{id} answers that one object to anyone holding the link, without login and without
// touching any other store. Expired shares answer 410 and are deleted (here and by the cron).
import { Hono, type Context } from "hono";
import { parseDateTime } from "../../../core/src/date-time";
import { flameGraphResponse } from "../../../core/src/flamegraph";
import { parseRqlFilter } from "../../../core/src/rql-filter";
import { compileRedactions, noRedaction, redactFlameGraph, redactText } from "../../../core/src/redact";
import {
  canonicalShare,
  isExpired,
  isShareId,
  newShareSalt,
  SHARE_VERSION,
  shareExpiry,
  shareId,
  shareView,
  type ShareScope,
} from "../../../core/src/share";
import { fail } from "../../../shared/src/errors";
import { readJson } from "../body";
import type { ApiEnv } from "../env";
import { baseParams, serviceIdOf, type BaseParams } from "../params";
import { deleteShare, getShare, putShare } from "../store/shares";
import { loadGraph } from "./flamegraph";

/** Public: the share page's only call (index.ts lists it for authenticate). */
export const SHARE_PATH = /^\/api\/shares\/[^/]+$/;

export const sharesRoute = new Hono<ApiEnv>();

sharesRoute.post("/api/shares", async (c) => {
  const body = await readJson(c);
  const now = new Date();
  const expiry = shareExpiry(body.expiresInDays, now);
  if (!expiry.ok) fail(400, "'expiresInDays' must be 1, 7, 30 or null (never)");
  const rules = compileRedactions(body.redact);
  if (!rules.ok) fail(400, rules.message);
  const redact = (text: string) => redactText(text, rules.value);
  if (body.view !== undefined && typeof body.view !== "string") fail(400, "'view' must be a query string");
  const view = shareView(body.view ?? "", redact);
  if (view === null) fail(400, "'view' is too long");
  const params = await baseParams(c, c.var.db);
  const comparedParams = await compareWithParams(c, body.compareWith);
  const frozen = async (p: BaseParams) => {
    const graph = await loadGraph(c, p, true);
    if (graph.roots.length === 0) fail(400, `There is no data to share for ${p.serviceName} in this range`);
    const redacted = redactFlameGraph(flameGraphResponse(graph, { execTime: 0, olapTime: 0 }), rules.value);
    if (!redacted.ok) fail(400, redacted.message);
    return redacted.value;
  };
  const flamegraph = await frozen(params);
  const compared = comparedParams && (await frozen(comparedParams.params));
  const expiresAt = expiry.expiresAt && expiry.expiresAt.toISOString();
  const document = canonicalShare({
    version: SHARE_VERSION,
    meta: {
      ...scopeOf(params, c.req.query("filter")),
      compared: comparedParams && scopeOf(comparedParams.params, comparedParams.filter),
      createdAt: now.toISOString(),
      expiresAt,
      redacted: !noRedaction(rules.value),
      createdBy: c.var.user.username,
    },
    view,
    flamegraph,
    compared,
  });
  const salt = newShareSalt();
  const id = await shareId(salt, document);
  await putShare(c.env.PROFILES, id, document, { salt, expiresAt, service: params.serviceName });
  return c.json({ id, path: `/share/${id}`, expiresAt }, 201);
});

/**
 * The compare page's second window, `{"serviceName","startTime","endTime","filter"?}` in the body (the
 * first is the query), checked as /api/flamegraph checks its query.
 */
async function compareWithParams(
  c: Context<ApiEnv>,
  raw: unknown,
): Promise<{ params: BaseParams; filter: string | null } | null> {
  if (raw === undefined || raw === null) return null;
  const shape = "'compareWith' must be {serviceName, startTime, endTime, filter?}";
  if (typeof raw !== "object" || Array.isArray(raw)) fail(400, shape);
  const { serviceName, startTime, endTime, filter } = raw as Record<string, unknown>;
  if (typeof serviceName !== "string" || !serviceName) fail(400, shape);
  const start = parseDateTime(startTime);
  const end = parseDateTime(endTime);
  if (!start || !end) fail(400, "'compareWith' needs ISO 'startTime' and 'endTime'");
  if (end <= start) fail(400, "'compareWith.endTime' must be after its 'startTime'");
  if (filter !== undefined && filter !== null && typeof filter !== "string") fail(400, shape);
  const parsed = filter ? parseRqlFilter(filter) : null;
  if (parsed && "error" in parsed) fail(400, `Invalid 'compareWith.filter': ${parsed.error}`);
  const name = serviceName.replace(/^_+/, "");
  const params: BaseParams = {
    serviceName: name,
    serviceId: await serviceIdOf(c.var.db, name),
    startTime: start,
    endTime: end,
    filter: parsed ? parsed.filter : null,
  };
  return { params, filter: filter || null };
}

const scopeOf = (p: BaseParams, filter: string | undefined | null): ShareScope => ({
  service: p.serviceName,
  startTime: p.startTime.toISOString(),
  endTime: p.endTime.toISOString(),
  filter: filter || null,
});

sharesRoute.get("/api/shares/:id", async (c) => {
  const id = c.req.param("id");
  if (!isShareId(id)) fail(404, "No such share");
  const share = await getShare(c.env.PROFILES, id);
  if (!share) fail(404, "No such share");
  if (isExpired(share.expiresAt, new Date())) {
    c.executionCtx.waitUntil(deleteShare(c.env.PROFILES, id).catch(() => {}));
    fail(410, "This share has expired");
  }
  // The id commits to the content: an object changed in the bucket is not shown as the share.
  if ((await shareId(share.salt, new TextDecoder().decode(share.body))) !== id) {
    console.error(`share ${id}: content does not match its id`);
    fail(500, "This share is damaged");
  }
  return c.body(share.body, 200, {
    "content-type": "application/json; charset=utf-8",
    // Expiry must win over caches; the link itself must not be indexed.
    "cache-control": "private, no-cache",
    "x-robots-tag": "noindex",
  });
});
