import type { Db } from "@guildhall/db";
import type { ActivityEntry, ActivityRef, Overview } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";

/** How many entries "Recent activity" shows. */
const RECENT = 10;

type Names = Map<string, string | null>;

/** A user as the console names one: their name, else their email, else their username. */
const userName = (u: { name: string | null; email: string | null; username: string | null }) =>
  u.name ?? u.email ?? u.username;

type Loader = (db: Db, ids: string[]) => Promise<Names>;

const users: Loader = async (db, ids) =>
  new Map(
    (
      await db.user.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true, email: true, username: true },
      })
    ).map((u) => [u.id, userName(u)]),
  );

/**
 * Name lookups by the kind of thing an audit entry points at (`targetType`, or the actor's
 * kind), one query per kind for the whole page. Kinds not listed are shown without a name.
 */
const loaders: Record<string, Loader> = {
  user: users,
  application: async (db, ids) =>
    new Map(
      (
        await db.application.findMany({
          where: { id: { in: ids } },
          select: { id: true, name: true },
        })
      ).map((a) => [a.id, a.name]),
    ),
  organization: async (db, ids) =>
    new Map(
      (
        await db.organization.findMany({
          where: { id: { in: ids } },
          select: { id: true, name: true },
        })
      ).map((o) => [o.id, o.name]),
    ),
  organization_role: async (db, ids) =>
    new Map(
      (
        await db.organizationRole.findMany({
          where: { id: { in: ids } },
          select: { id: true, name: true },
        })
      ).map((r) => [r.id, r.name]),
    ),
  organization_permission: async (db, ids) =>
    new Map(
      (
        await db.organizationPermission.findMany({
          where: { id: { in: ids } },
          select: { id: true, name: true },
        })
      ).map((p) => [p.id, p.name]),
    ),
  role: async (db, ids) =>
    new Map(
      (
        await db.role.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
      ).map((r) => [r.id, r.name]),
    ),
  api_resource: async (db, ids) =>
    new Map(
      (
        await db.apiResource.findMany({
          where: { id: { in: ids } },
          select: { id: true, name: true },
        })
      ).map((r) => [r.id, r.name]),
    ),
  sso_connector: async (db, ids) =>
    new Map(
      (
        await db.ssoConnector.findMany({
          where: { id: { in: ids } },
          select: { id: true, connectorName: true },
        })
      ).map((c) => [c.id, c.connectorName]),
    ),
  invitation: async (db, ids) =>
    new Map(
      (
        await db.organizationInvitation.findMany({
          where: { id: { in: ids } },
          select: { id: true, invitee: true },
        })
      ).map((i) => [i.id, i.invitee]),
    ),
};

/** Entries about a membership or console access point at the user. */
const ALIASES: Record<string, string> = { member: "user", console_member: "user" };
const kindOf = (type: string) => ALIASES[type] ?? type;

/** The kind an actor type names: console members and end users are users, API callers applications. */
function actorKind(actorType: string): string | null {
  switch (actorType) {
    case "console":
    case "user":
      return "user";
    case "management_api":
      return "application";
    default:
      return null;
  }
}

/** How many users (or, failing that, roles) a bulk entry's data lists; null otherwise. */
function countOf(data: unknown): number | null {
  if (typeof data !== "object" || data === null) return null;
  const { userIds, organizationRoleIds } = data as Record<string, unknown>;
  if (Array.isArray(userIds)) return userIds.length;
  if (Array.isArray(organizationRoleIds)) return organizationRoleIds.length;
  return null;
}

/**
 * Counts for the console's overview, the getting-started checklist and recent activity.
 * Each activity line names who did it, what it changed and in which organization (names
 * read now: something deleted since keeps its id, with a null name).
 */
export async function getOverview(ctx: ServiceContext): Promise<Overview> {
  assertCanManageTenant(ctx);
  const { db } = ctx;
  // Separate pooled connections, not a transaction: these may run side by side.
  const [organizations, users, members, pendingInvitations, roles, applications, recent] =
    await Promise.all([
      db.organization.count(),
      db.user.count(),
      db.organizationMember.count(),
      db.organizationInvitation.count({
        where: { status: "Pending", expiresAt: { gt: new Date() } },
      }),
      db.organizationRole.count(),
      db.application.count(),
      db.auditLog.findMany({
        orderBy: { createdAt: "desc" },
        take: RECENT,
        select: {
          id: true,
          action: true,
          actorType: true,
          actorId: true,
          targetType: true,
          targetId: true,
          organizationId: true,
          data: true,
          createdAt: true,
        },
      }),
    ]);
  return {
    counts: { organizations, users, members, pendingInvitations, roles, applications },
    checklist: {
      templateDefined: roles > 0,
      organizationCreated: organizations > 0,
      memberAdded: members > 0,
      appConnected: applications > 0,
    },
    recentActivity: await nameActivity(db, recent),
  };
}

type AuditRow = Omit<ActivityEntry, "actor" | "target" | "organization" | "count"> & {
  data: unknown;
};

/** Resolves the ids of the entries to names, one query per kind. */
async function nameActivity(db: Db, rows: AuditRow[]): Promise<ActivityEntry[]> {
  const wanted = new Map<string, Set<string>>();
  const want = (type: string | null, id: string | null) => {
    if (!type || !id || !loaders[kindOf(type)]) return;
    const kind = kindOf(type);
    wanted.set(kind, (wanted.get(kind) ?? new Set<string>()).add(id));
  };
  for (const row of rows) {
    want(actorKind(row.actorType), row.actorId);
    want(row.targetType, row.targetId);
    want("organization", row.organizationId);
  }
  const names = new Map<string, Names>();
  for (const [kind, ids] of wanted) {
    const load = loaders[kind];
    if (load) names.set(kind, await load(db, [...ids]));
  }
  const ref = (type: string | null, id: string | null): ActivityRef | null => {
    if (!type || !id) return null;
    const kind = kindOf(type);
    return { type: kind, id, name: names.get(kind)?.get(id) ?? null };
  };
  return rows.map(({ data, ...row }) => ({
    ...row,
    actor: ref(actorKind(row.actorType), row.actorId),
    target: ref(row.targetType, row.targetId),
    organization: row.organizationId
      ? {
          id: row.organizationId,
          name: names.get("organization")?.get(row.organizationId) ?? null,
        }
      : null,
    count: countOf(data),
  }));
}
