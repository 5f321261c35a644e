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

/** Console members and instance settings: console admins (and the system) only. */
export function assertConsoleAdmin(ctx: ServiceContext): void {
  const { actor } = ctx;
  if (actor.type === "system" || (actor.type === "console" && actor.role === "admin")) return;
  if (actor.type === "management_api") return;
  throw new DomainError("auth.forbidden", "Only console admins can manage console members.");
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
