// The operator's routes (/api/admin/*, users, agent keys): only users with is_admin, however they signed
// in (session, Basic, personal token, Access). Runs after authenticate, so agent keys never get here.
import type { MiddlewareHandler } from "hono";
import { fail } from "../../../shared/src/errors";
import type { ApiEnv } from "../env";

export function requireAdmin(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!c.var.user?.isAdmin) fail(403, "Administrators only");
    await next();
  };
}
