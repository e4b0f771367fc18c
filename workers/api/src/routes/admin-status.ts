// GET /api/admin/status (administrators only): every component as the Workers see it, one check each,
// judged by the rules `npm run doctor` uses too (core/src/status-checks.mjs). The checks that need a
// binding only a Worker has (R2, the Queues) live here; the doctor and the UI's Status page read them.
// Always 200 while the api answers: a failing store is a failed check, not a failed request.
import { Hono } from "hono";
import journal from "../../../../migrations/sql/meta/_journal.json";
import {
  alertsCheck,
  backlogCheck,
  clickhouseCheck,
  clockCheck,
  deadLettersCheck,
  FLAMEDB_SCHEMA_VERSION,
  freshnessCheck,
  postgresCheck,
  unreachable,
  worstLevel,
  type Check,
} from "../../../core/src/status-checks.mjs";
import { openClickHouse } from "../../../shared/src/clickhouse";
import type { ApiEnv } from "../env";
import { MAX_ATTEMPTS } from "../evaluate-alerts";
import { alertEvaluationState } from "../store/alert-evaluation";
import {
  activeServices,
  countDeadLetters,
  newestProfiles,
  probeClickHouse,
  probePostgres,
  probeR2,
} from "../store/status";

export const adminStatusRoute = new Hono<ApiEnv>();

const FIX = {
  postgres: "check the Hyperdrive config (`wrangler hyperdrive get studio-postgres`) and that Postgres accepts connections",
  migrate: "apply the migrations: `npm run deploy`, or `DATABASE_URL=… npx drizzle-kit migrate`",
  clickhouse: "check CLICKHOUSE_URL / CLICKHOUSE_USER / CLICKHOUSE_PASSWORD of the Workers (`wrangler secret list`) and that ClickHouse answers",
  schema: "apply the schema: `npm run deploy`, or `CLICKHOUSE_URL=… node clickhouse/apply-schema.mjs`",
  r2: "check the R2 bucket gprofiler-profiles exists (`wrangler r2 bucket list`) and is bound as PROFILES",
  queue: "the indexer is behind or not consuming: `wrangler tail studio-indexer`, and check ClickHouse",
  metrics: "Queue metrics are unavailable here; see the Queues dashboard",
};

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0].slice(0, 300);

/** A probe's value, or the error that kept it from answering. */
const settle = <T>(probe: () => Promise<T>) =>
  probe().then(
    (value) => ({ value, error: null }),
    (e: unknown) => ({ value: null, error: message(e) }),
  );

adminStatusRoute.get("/api/admin/status", async (c) => {
  const clickhouse = openClickHouse(c.env);
  try {
    const [pg, ch, r2, queue, deadQueue, deadLetters, services, alerting] = await Promise.all([
      settle(() => probePostgres(c.var.db)),
      settle(() => probeClickHouse(clickhouse)),
      settle(() => probeR2(c.env.PROFILES)),
      settle(() => c.env.INDEX_QUEUE.metrics()),
      settle(() => c.env.DEAD_LETTER_QUEUE.metrics()),
      settle(() => countDeadLetters(c.env.PROFILES)),
      settle(() => activeServices(c.var.db)),
      settle(() => alertEvaluationState(c.var.db, MAX_ATTEMPTS)),
    ]);
    const newest = await settle(() => newestProfiles(clickhouse, (services.value ?? []).map((s) => s.id)));
    const now = new Date();

    const checks: Check[] = [
      pg.value
        ? postgresCheck("postgres", "Postgres (via Hyperdrive)", pg.value, journal.entries, FIX.migrate)
        : unreachable("postgres", "Postgres (via Hyperdrive)", pg.error, FIX.postgres),
      ch.value
        ? clickhouseCheck("clickhouse", "ClickHouse", ch.value, FLAMEDB_SCHEMA_VERSION, FIX.schema)
        : unreachable("clickhouse", "ClickHouse", ch.error, FIX.clickhouse),
      clockCheck("clock", "Clocks", "the Workers", {
        Postgres: pg.value?.offsetMs ?? NaN,
        ClickHouse: ch.value?.offsetMs ?? NaN,
      }),
      r2.error ? unreachable("r2", "R2 bucket", r2.error, FIX.r2) : { id: "r2", label: "R2 bucket", level: "ok", detail: "gprofiler-profiles answers" },
      queue.value
        ? backlogCheck("queue", "Queue profiles-index", queue.value, now, FIX.queue)
        : { id: "queue", label: "Queue profiles-index", level: "warn", detail: `no metrics: ${queue.error}`, fix: FIX.metrics },
      deadLetters.value
        ? deadLettersCheck("dead-letters", "Dead letters", { ...deadLetters.value, queued: deadQueue.value?.backlogCount ?? 0 })
        : unreachable("dead-letters", "Dead letters", deadLetters.error, FIX.r2),
      alerting.value ? alertsCheck(alerting.value, now) : unreachable("alerts", "Regression alerts", alerting.error, FIX.postgres),
      ...(services.value ?? []).map((s) =>
        freshnessCheck(
          { service: s.name, newestProfile: newest.value?.get(s.id) ?? null, agentLastSeen: s.agentLastSeen, sampleThreshold: s.sampleThreshold },
          now,
        ),
      ),
    ];
    return c.json({ checkedAt: now.toISOString(), level: worstLevel(checks), checks });
  } finally {
    c.executionCtx.waitUntil(clickhouse.close());
  }
});
