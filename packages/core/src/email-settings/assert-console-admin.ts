import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";

/**
 * The email settings are a console page, for console admins only: the Management API has no
 * route to them, and the system never sends a test email on its own.
 * @throws auth.forbidden
 */
export function assertConsoleAdmin<C extends ServiceContext>(
  ctx: C,
  message: string,
): asserts ctx is C & {
  actor: { type: "console"; userId: string; role: "admin" };
} {
  if (ctx.actor.type === "console" && ctx.actor.role === "admin") return;
  throw new DomainError("auth.forbidden", message);
}
