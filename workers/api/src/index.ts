// The UI-facing API: the flamegraph Worker and service registry, reached through the UI's service binding.
import { Hono } from "hono";
import { trimTrailingSlash } from "hono/trailing-slash";
import { openClickHouse } from "../../shared/src/clickhouse";
import { onError } from "../../shared/src/errors";
import { database, openDatabase } from "../../shared/src/postgres";
import type { ApiEnv, Env } from "./env";
import { catchUpAlerts } from "./evaluate-alerts";
import { authenticate } from "./middleware/authenticate";
import { requireAdmin } from "./middleware/require-admin";
import { adminDeadLettersRoute } from "./routes/admin-dead-letters";
import { adminServicesRoute } from "./routes/admin-services";
import { adminStatusRoute } from "./routes/admin-status";
import { agentLogsRoute } from "./routes/agent-logs";
import { alertsRoute } from "./routes/alerts";
import { authRoute, LOGIN_PATH, LOGOUT_PATH } from "./routes/auth";
import { deploymentsRoute, DEPLOYMENTS_PATH } from "./routes/deployments";
import { exportRoute } from "./routes/export";
import { diffRoute } from "./routes/diff";
import { filtersRoute } from "./routes/filters";
import { flamegraphRoute } from "./routes/flamegraph";
import { flamegraphTreeRoute } from "./routes/flamegraph-tree";
import { installationsRoute } from "./routes/installations";
import { metricsRoute } from "./routes/metrics";
import { overviewRoute } from "./routes/overview";
import { servicesRoute } from "./routes/services";
import { sharesRoute, SHARE_PATH } from "./routes/shares";
import { snapshotsRoute } from "./routes/snapshots";
import { tokensRoute } from "./routes/tokens";
import { usersRoute } from "./routes/users";
import { aggregateHourlyUsage } from "./store/hourly-usage";
import { deleteOldAttempts } from "./store/login-attempts";
import { deleteExpiredShares } from "./store/shares";
import { deleteExpiredSessions } from "./store/users";

const app = new Hono<ApiEnv>();
app.onError(onError);
app.notFound((c) => c.json({ message: "Not Found" }, 404));
// `/api/x/` → 301 `/api/x`, as Starlette's redirect_slashes (the UI asks for `download_svg/`).
app.use("/api/*", trimTrailingSlash());
app.use("/api/*", database());
app.use(
  "/api/*",
  authenticate({ publicPaths: [LOGIN_PATH, LOGOUT_PATH, DEPLOYMENTS_PATH], publicPatterns: [SHARE_PATH] }),
);
app.use("/api/admin/*", requireAdmin());
app.route("/", authRoute);
app.route("/", servicesRoute);
app.route("/", overviewRoute);
app.route("/", flamegraphRoute);
app.route("/", exportRoute);
app.route("/", diffRoute);
app.route("/", flamegraphTreeRoute);
app.route("/", metricsRoute);
app.route("/", filtersRoute);
app.route("/", snapshotsRoute);
app.route("/", installationsRoute);
app.route("/", agentLogsRoute);
app.route("/", adminStatusRoute);
app.route("/", adminServicesRoute);
app.route("/", adminDeadLettersRoute);
app.route("/", sharesRoute);
app.route("/", tokensRoute);
app.route("/", usersRoute);
app.route("/", alertsRoute);
app.route("/", deploymentsRoute);

/**
 * The Cron Trigger (wrangler.toml [triggers]): the hourly usage aggregation, as the original's cron at
 * :10; expired login sessions, old login-attempt counters and expired share links dropped; then the
 * regression alerts of every hour since the last one evaluated.
 */
async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  const { db, close } = openDatabase(env.HYPERDRIVE.connectionString);
  try {
    const run = await aggregateHourlyUsage(db, new Date(controller.scheduledTime));
    console.log(
      `hourly usage: ${run.inserted} rows for ${run.from.toISOString()} .. ${run.to.toISOString()}`,
    );
    console.log(`expired sessions removed: ${await deleteExpiredSessions(db)}`);
    console.log(`old login-attempt counters removed: ${await deleteOldAttempts(db, 3600)}`);
    console.log(`expired shares removed: ${await deleteExpiredShares(env.PROFILES, new Date())}`);
    const clickhouse = openClickHouse(env);
    try {
      const alerts = await catchUpAlerts(
        { db, clickhouse, fetch: (r) => fetch(r), uiUrl: env.UI_URL ?? "", sessionSecret: env.SESSION_SECRET },
        new Date(controller.scheduledTime),
      );
      console.log(`regression alerts: ${JSON.stringify(alerts)}`);
    } finally {
      await clickhouse.close();
    }
  } finally {
    await close();
  }
}

export default { fetch: app.fetch, scheduled } satisfies ExportedHandler<Env>;
export { app };
