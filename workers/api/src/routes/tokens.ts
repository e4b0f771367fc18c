// The agents' API keys, for admins (backend-api.md §10.5: the original had one shared key and no way to
// revoke it but SQL): create (name, optional service scope, optional expiry; the key is shown once),
// list, set or bring forward the expiry, revoke.
import { Hono, type Context } from "hono";
import { generateToken, hashToken, tokenPrefix } from "../../../core/src/api-token";
import { parseDateTime } from "../../../core/src/date-time";
import { sanitizeServiceName } from "../../../core/src/service-name";
import { isoTime } from "../../../core/src/wire/iso-time";
import { fail } from "../../../shared/src/errors";
import { withPostgres } from "../../../shared/src/postgres";
import { readJson, stringField } from "../body";
import type { ApiEnv } from "../env";
import { requireAdmin } from "../middleware/require-admin";
import {
  createAgentToken,
  findAgentTokenInfo,
  listAgentTokens,
  revokeAgentToken,
  setAgentTokenExpiry,
  type AgentTokenInfo,
} from "../store/agent-tokens";

const MAX_NAME = 200;
const MAX_DAYS = 3650;

export const tokensRoute = new Hono<ApiEnv>();
tokensRoute.use("/api/tokens", requireAdmin());
tokensRoute.use("/api/tokens/*", requireAdmin());

tokensRoute.get("/api/tokens", async (c) => {
  const now = new Date();
  const tokens = await withPostgres(() => listAgentTokens(c.var.db));
  return c.json(tokens.map((t) => tokenJson(t, now)));
});

tokensRoute.post("/api/tokens", async (c) => {
  const body = await readJson(c);
  const name = stringField(body, "name", MAX_NAME);
  const service = serviceField(body.service);
  const days = body.expiresInDays;
  if (
    days !== undefined &&
    days !== null &&
    !(Number.isInteger(days) && (days as number) >= 1 && (days as number) <= MAX_DAYS)
  )
    fail(400, `'expiresInDays' must be an integer from 1 to ${MAX_DAYS}`);
  const now = new Date();
  const expiresAt = typeof days === "number" ? new Date(now.getTime() + days * 86_400_000) : null;
  const token = generateToken();
  const id = await withPostgres(async () =>
    createAgentToken(c.var.db, {
      name,
      service,
      expiresAt,
      tokenHash: await hashToken(token),
      tokenPrefix: tokenPrefix(token),
    }),
  );
  const info = (await withPostgres(() => findAgentTokenInfo(c.var.db, id)))!;
  // The only time the key is shown.
  return c.json({ ...tokenJson(info, now), token }, 201);
});

/** `{"expiresAt": "<ISO>" | null}`: a time in the past (or now) expires the key at once. */
tokensRoute.patch("/api/tokens/:id{[0-9]+}", async (c) => {
  const body = await readJson(c);
  if (!("expiresAt" in body)) fail(400, "'expiresAt' must be an ISO date-time or null");
  const raw = body.expiresAt;
  const expiresAt = raw === null ? null : typeof raw === "string" ? parseDateTime(raw) : null;
  if (raw !== null && !expiresAt) fail(400, "'expiresAt' must be an ISO date-time or null");
  const id = idParam(c);
  if (!(await withPostgres(() => setAgentTokenExpiry(c.var.db, id, expiresAt)))) fail(404, "No such token");
  return c.json(tokenJson((await withPostgres(() => findAgentTokenInfo(c.var.db, id)))!, new Date()));
});

/** Revokes the key: agents using it get "Invalid API key" within seconds. */
tokensRoute.delete("/api/tokens/:id{[0-9]+}", async (c) => {
  if (!(await withPostgres(() => revokeAgentToken(c.var.db, idParam(c))))) fail(404, "No such token");
  return c.body(null, 204);
});

function idParam(c: Context): number {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id)) fail(404, "No such token");
  return id;
}

/** The scope's service name as agents' names are stored (§3.2.2); absent or null: any service. */
function serviceField(raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === "") return null;
  const name = typeof raw === "string" ? sanitizeServiceName(raw) : "";
  if (!name || name !== raw) fail(400, "'service' must be a service name of [A-Za-z0-9_.-] characters");
  return name;
}

type TokenState = "active" | "expired" | "revoked";

function tokenState(t: Pick<AgentTokenInfo, "expiresAt" | "revokedAt">, now: Date): TokenState {
  if (t.revokedAt) return "revoked";
  return t.expiresAt && t.expiresAt <= now ? "expired" : "active";
}

const time = (date: Date | null) => date && isoTime(date);
const tokenJson = (t: AgentTokenInfo, now: Date) => ({
  ...t,
  createdAt: time(t.createdAt),
  expiresAt: time(t.expiresAt),
  lastUsed: time(t.lastUsed),
  revokedAt: time(t.revokedAt),
  state: tokenState(t, now),
});
