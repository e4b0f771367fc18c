import { Hono } from "hono";
import type { DatabaseVariables } from "../../../shared/src/postgres";
import type { Env } from "../env";

export const flamegraphRoute = new Hono<{ Bindings: Env; Variables: DatabaseVariables }>();
flamegraphRoute.get("/api/flamegraph", (c) => c.json({ todo: true }));
