// The operator's routes (/api/admin/*): only users with is_admin, however they signed in (session, Basic,
// personal token, Access). Agent keys never authenticate here at all (401 from authenticate).
import type { MiddlewareHandler } from "hono";
import { fail } from "../../../shared/src/errors";
import type { ApiEnv } from "../env";

export function requireAdmin(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!c.var.user?.isAdmin) fail(403, "Administrators only");
    return next();
  };
}
