// The agents' domain (`--server-host` and `--glogger-server`): health check, profile uploads, log batches;
// also Pyroscope's /ingest and pprof uploads for other clients.
import { Hono } from "hono";
import { onError } from "../../shared/src/errors";
import { database, type DatabaseVariables } from "../../shared/src/postgres";
import type { Env } from "./env";
import { health } from "./routes/health";
import { logs } from "./routes/logs";
import { pprof } from "./routes/pprof";
import { profiles } from "./routes/profiles";
import { pyroscope } from "./routes/pyroscope";

const app = new Hono<{ Bindings: Env; Variables: DatabaseVariables }>();
app.onError(onError);
app.notFound((c) => c.json({ message: "Not Found" }, 404));
app.use("/api/*", database());
app.use("/ingest", database());
app.route("/", health);
app.route("/", profiles);
app.route("/", logs);
app.route("/", pyroscope);
app.route("/", pprof);

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
export { app };
