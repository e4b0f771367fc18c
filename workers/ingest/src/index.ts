// The agents' domain (`--server-host` and `--glogger-server`): health check, profile uploads, log batches.
import { Hono } from "hono";
import { onError } from "../../shared/src/errors";
import { database, type DatabaseVariables } from "../../shared/src/postgres";
import type { Env } from "./env";
import { health } from "./routes/health";
import { logs } from "./routes/logs";
import { profiles } from "./routes/profiles";

const app = new Hono<{ Bindings: Env; Variables: DatabaseVariables }>();
app.onError(onError);
app.notFound((c) => c.json({ message: "Not Found" }, 404));
app.use("/api/*", database());
app.route("/", health);
app.route("/", profiles);
app.route("/", logs);

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
export { app };
