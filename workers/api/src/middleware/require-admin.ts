// Routes that change who may do what (users, agent keys) are for admins only; runs after authenticate.
import type { MiddlewareHandler } from "hono";
import { fail } from "../../../shared/src/errors";
import type { ApiEnv } from "../env";

export function requireAdmin(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!c.var.user?.isAdmin) fail(403, "Only admins may do this");
    await next();
  };
}
