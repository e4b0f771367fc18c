// The UI-facing API: the flamegraph Worker and service registry, reached through the UI's service binding.
import { Hono } from "hono";
import { trimTrailingSlash } from "hono/trailing-slash";
import { onError } from "../../shared/src/errors";
import { database, openDatabase } from "../../shared/src/postgres";
import type { ApiEnv, Env } from "./env";
import { authenticate } from "./middleware/authenticate";
import { agentLogsRoute } from "./routes/agent-logs";
import { authRoute, LOGIN_PATH, LOGOUT_PATH } from "./routes/auth";
import { filtersRoute } from "./routes/filters";
import { flamegraphRoute } from "./routes/flamegraph";
import { flamegraphTreeRoute } from "./routes/flamegraph-tree";
import { installationsRoute } from "./routes/installations";
import { metricsRoute } from "./routes/metrics";
import { overviewRoute } from "./routes/overview";
import { servicesRoute } from "./routes/services";
import { snapshotsRoute } from "./routes/snapshots";
import { aggregateHourlyUsage } from "./store/hourly-usage";
import { deleteExpiredSessions } from "./store/users";

const app = new Hono<ApiEnv>();
app.onError(onError);
app.notFound((c) => c.json({ message: "Not Found" }, 404));
// `/api/x/` → 301 `/api/x`, as Starlette's redirect_slashes (the UI asks for `download_svg/`).
app.use("/api/*", trimTrailingSlash());
app.use("/api/*", database());
app.use("/api/*", authenticate({ publicPaths: [LOGIN_PATH, LOGOUT_PATH] }));
app.route("/", authRoute);
app.route("/", servicesRoute);
app.route("/", overviewRoute);
app.route("/", flamegraphRoute);
app.route("/", flamegraphTreeRoute);
app.route("/", metricsRoute);
app.route("/", filtersRoute);
app.route("/", snapshotsRoute);
app.route("/", installationsRoute);
app.route("/", agentLogsRoute);

/**
 * The Cron Trigger (wrangler.toml [triggers]): the hourly usage aggregation, as the original's cron at
 * :10, and expired login sessions dropped.
 */
async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  const { db, close } = openDatabase(env.HYPERDRIVE.connectionString);
  try {
    const run = await aggregateHourlyUsage(db, new Date(controller.scheduledTime));
    console.log(
      `hourly usage: ${run.inserted} rows for ${run.from.toISOString()} .. ${run.to.toISOString()}`,
    );
    console.log(`expired sessions removed: ${await deleteExpiredSessions(db)}`);
  } finally {
    await close();
  }
}

export default { fetch: app.fetch, scheduled } satisfies ExportedHandler<Env>;
export { app };
