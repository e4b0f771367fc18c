import type { ClickHouseEnv } from "../../shared/src/clickhouse";
import type { DatabaseVariables } from "../../shared/src/postgres";

export interface Env extends ClickHouseEnv {
  HYPERDRIVE: Hyperdrive;
  /** Default `stacksCount` of /api/flamegraph (the original's STACKS_COUNT_DEFAULT). */
  STACKS_COUNT_DEFAULT?: string;
  /** Signs session cookies and seals the UI's agent key; a Workers secret in production. */
  SESSION_SECRET: string;
  /** `<team>.cloudflareaccess.com` when the studio is deployed behind Cloudflare Access. */
  CF_ACCESS_TEAM_DOMAIN?: string;
  /** The Access application's AUD tag; Access is honoured only when both are set. */
  CF_ACCESS_AUD?: string;
  /** The ingest Worker's URL that installation templates give agents (the original's REDIRECT_DOMAIN). */
  AGENT_SERVER_HOST?: string;
  /** The profiles bucket and both Queues, read by GET /api/admin/status; share links live under `shares/` (routes/shares.ts). */
  PROFILES: R2Bucket;
  INDEX_QUEUE: Queue;
  DEAD_LETTER_QUEUE: Queue;
  /** The UI's origin, for the permalinks in regression-alert webhook posts. */
  UI_URL?: string;
}

export type AuthMethod = "session" | "basic" | "token" | "access";

/** The authenticated caller of a UI route. */
export interface User {
  id: number;
  username: string;
  isAdmin: boolean;
  method: AuthMethod;
}

export type ApiEnv = { Bindings: Env; Variables: DatabaseVariables & { user: User } };
