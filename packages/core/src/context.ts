import type { Db } from "@guildhall/db";
import { DomainError } from "./errors.ts";

/** Who is calling a service. Authorization is decided from this, inside the service. */
export type Actor =
  | { type: "console"; userId: string; role: "admin" | "collaborator" }
  | { type: "management_api"; clientId: string }
  | {
      type: "user";
      userId: string;
      /**
       * Set when the user calls with an organization token (organization API): the token's
       * organization and `scope` bound what they may do, on top of what their roles hold.
       */
      organizationToken?: { organizationId: string; scopes: readonly string[] };
    }
  | { type: "system" };

export interface ServiceContext {
  db: Db;
  actor: Actor;
  /** Injected clock so expiry logic is testable with a frozen time. */
  now?: () => Date;
  /** The API request being served, when there is one: events carry it (Logto's `path`, `method`). */
  request?: { path: string; method: string };
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
      throw new DomainError(
        "auth.forbidden",
        "This action needs console or Management API access.",
      );
  }
}

/**
 * Callers with full rights over the instance: console admins, the system, and Management
 * API callers (an application holding the Management API role can already do anything
 * through the REST API, so refusing it here would protect nothing).
 */
export function isAdminOrManagementApi(actor: Actor): boolean {
  switch (actor.type) {
    case "system":
    case "management_api":
      return true;
    case "console":
      return actor.role === "admin";
    case "user":
      return false;
  }
}

/**
 * Console members, signing keys, console invitations, who holds the Management API and the
 * credentials of applications that hold it: console admins, the system and Management API
 * callers only — never collaborators or end users. `message` says what the caller was refused.
 */
export function assertAdminOrManagementApi(
  ctx: ServiceContext,
  message = "Only console admins can manage console members.",
): void {
  if (isAdminOrManagementApi(ctx.actor)) return;
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
