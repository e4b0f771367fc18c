// The UI-facing API: the flamegraph Worker and service registry, reached through the UI's service binding.
import { Hono } from "hono";
import { onError } from "../../shared/src/errors";
import { database, type DatabaseVariables } from "../../shared/src/postgres";
import type { Env } from "./env";
import { flamegraphRoute } from "./routes/flamegraph";
import { servicesRoute } from "./routes/services";

const app = new Hono<{ Bindings: Env; Variables: DatabaseVariables }>();
app.onError(onError);
app.notFound((c) => c.json({ message: "Not Found" }, 404));
app.use("/api/*", database());
app.route("/", servicesRoute);
app.route("/", flamegraphRoute);

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
export { app };
