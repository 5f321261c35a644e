import type { Db } from "@guildhall/db";
import { DomainError } from "./errors.ts";

/** Who is calling a service. Authorization is decided from this, inside the service. */
export type Actor =
  | { type: "console"; userId: string; role: "admin" | "collaborator" }
  | { type: "management_api"; clientId: string }
  | { type: "user"; userId: string }
  | { type: "system" };

export interface ServiceContext {
  db: Db;
  actor: Actor;
  /** Injected clock so expiry logic is testable with a frozen time. */
  now?: () => Date;
}

export function now(ctx: ServiceContext): Date {
  return ctx.now ? ctx.now() : new Date();
}

/**
 * Managing the tenant (template, organizations, users, members): console admins and
 * collaborators, the Management API, and the system itself.
 */
export function assertCanManageTenant(ctx: ServiceContext): void {
  switch (ctx.actor.type) {
    case "console":
    case "management_api":
    case "system":
      return;
    case "user":
      throw new DomainError("auth.forbidden", "This action needs console or Management API access.");
  }
}

/**
 * Console members, instance settings and who holds the Management API: console admins
 * (and the system) only. `message` says what the caller was refused.
 */
export function assertConsoleAdmin(ctx: ServiceContext, message = "Only console admins can manage console members."): void {
  const { actor } = ctx;
  if (actor.type === "system" || (actor.type === "console" && actor.role === "admin")) return;
  if (actor.type === "management_api") return;
  throw new DomainError("auth.forbidden", message);
}

/** The id recorded as the actor in audit entries. */
export function actorId(ctx: ServiceContext): string | null {
  switch (ctx.actor.type) {
    case "console":
    case "user":
      return ctx.actor.userId;
    case "management_api":
      return ctx.actor.clientId;
    case "system":
      return null;
  }
}

export const systemContext = (db: Db): ServiceContext => ({ db, actor: { type: "system" } });
