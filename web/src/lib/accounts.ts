/**
 * The admin pages' account calls: agent keys (workers/api/src/routes/tokens.ts) and users (routes/users.ts).
 * Both routes answer 403 to non-admins.
 */
import { API, request } from "./api-client";

export type TokenState = "active" | "expired" | "revoked";

export interface AgentToken {
  id: number;
  name: string;
  prefix: string;
  service: string | null;
  createdAt: string | null;
  expiresAt: string | null;
  lastUsed: string | null;
  revokedAt: string | null;
  installKey: boolean;
  state: TokenState;
}

export interface UserAccount {
  id: number;
  username: string;
  isAdmin: boolean;
  createdAt: string | null;
  sessions: number;
}

export const fetchTokens = async () => (await request<AgentToken[]>("GET", API.tokens)) ?? [];

export const createToken = async (body: {
  name: string;
  service: string | null;
  expiresInDays: number | null;
}) => (await request<AgentToken & { token: string }>("POST", API.tokens, { body }))!;

/** A past time or now expires the key at once; null removes the expiry. */
export const setTokenExpiry = (id: number, expiresAt: string | null) =>
  request<AgentToken>("PATCH", API.token(id), { body: { expiresAt } });

export const revokeToken = (id: number) => request<null>("DELETE", API.token(id));

export const fetchUsers = async () => (await request<UserAccount[]>("GET", API.users)) ?? [];

export const createUser = (body: { username: string; password: string; isAdmin: boolean }) =>
  request<UserAccount>("POST", API.users, { body });

export const setUserAdmin = (id: number, isAdmin: boolean) =>
  request<UserAccount>("PATCH", API.user(id), { body: { isAdmin } });

export const resetUserPassword = (id: number, password: string) =>
  request<null>("POST", API.userPassword(id), { body: { password } });

export const deleteUser = (id: number) => request<null>("DELETE", API.user(id));

/** "3 h ago", "in 6 d", "never": the lists' times relative to now. */
export function relativeTime(iso: string | null, now: Date, never = "never"): string {
  if (!iso) return never;
  const ms = Date.parse(iso) - now.getTime();
  const abs = Math.abs(ms);
  const [n, unit] =
    abs < 60_000
      ? [Math.round(abs / 1000), "s"]
      : abs < 3_600_000
        ? [Math.round(abs / 60_000), "min"]
        : abs < 86_400_000
          ? [Math.round(abs / 3_600_000), "h"]
          : [Math.round(abs / 86_400_000), "d"];
  return ms < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}
