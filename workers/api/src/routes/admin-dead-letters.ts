// The indexer's dead letters for operators in production (docs/indexer.md): the indexer has no public
// route, and the api Worker holds the same bucket and Queue bindings (PROFILES, INDEX_QUEUE), so it
// serves the indexer's own list/replay router under /api/admin/*, behind the admin check.
import { Hono } from "hono";
import { deadLetters } from "../../../indexer/src/routes/dead-letters";
import type { ApiEnv } from "../env";

export const DEAD_LETTERS_PATH = "/api/admin/dead-letters";

export const adminDeadLettersRoute = new Hono<ApiEnv>().route(DEAD_LETTERS_PATH, deadLetters);
