import type { Db } from "@guildhall/db";
import type { ActivityRef } from "@guildhall/validators";

type Names = Map<string, string | null>;
type Loader = (db: Db, ids: string[]) => Promise<Names>;

/** A user as the console names one: their name, else their email, else their username. */
const userName = (u: { name: string | null; email: string | null; username: string | null }) =>
  u.name ?? u.email ?? u.username;

const byName =
  (find: (db: Db, ids: string[]) => Promise<{ id: string; name: string | null }[]>): Loader =>
  async (db, ids) =>
    new Map((await find(db, ids)).map((row) => [row.id, row.name]));

/**
 * Name lookups by the kind of thing an audit entry points at (`targetType`, or the actor's
 * kind), one query per kind for a whole page. Kinds not listed are shown without a name.
 */
const loaders: Record<string, Loader> = {
  user: async (db, ids) =>
    new Map(
      (
        await db.user.findMany({
          where: { id: { in: ids } },
          select: { id: true, name: true, email: true, username: true },
        })
      ).map((u) => [u.id, userName(u)]),
    ),
  application: byName((db, ids) =>
    db.application.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
  ),
  organization: byName((db, ids) =>
    db.organization.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
  ),
  organization_role: byName((db, ids) =>
    db.organizationRole.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
  ),
  organization_permission: byName((db, ids) =>
    db.organizationPermission.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true },
    }),
  ),
  role: byName((db, ids) =>
    db.role.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
  ),
  api_resource: byName((db, ids) =>
    db.apiResource.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
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
export function actorKind(actorType: string): string | null {
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

/** What an audit row points at, for `resolveAuditNames`. */
export interface AuditRefs {
  actorType: string;
  actorId: string | null;
  targetType: string;
  targetId: string | null;
  organizationId: string | null;
}

export interface AuditNames {
  /** Who acted, with their current name; null for the system or an entry without an actor id. */
  actor(row: AuditRefs): ActivityRef | null;
  /** What the entry changed, with its current name; null when it names no single target. */
  target(row: AuditRefs): ActivityRef | null;
  /** The organization's current name; null when the entry has none or it is gone. */
  organizationName(row: AuditRefs): string | null;
}

/**
 * Resolves the ids audit entries name (actor, target, organization) to names read now, one
 * query per kind for all the rows: something deleted since keeps its id, with a null name.
 * The overview's recent activity and the audit log both name entries this way.
 */
export async function resolveAuditNames(db: Db, rows: readonly AuditRefs[]): Promise<AuditNames> {
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
  // In turn, not side by side: a page names at most a few kinds, and each is one indexed read.
  for (const [kind, ids] of wanted) {
    const load = loaders[kind];
    if (load) names.set(kind, await load(db, [...ids]));
  }
  const ref = (type: string | null, id: string | null): ActivityRef | null => {
    if (!type || !id) return null;
    const kind = kindOf(type);
    return { type: kind, id, name: names.get(kind)?.get(id) ?? null };
  };
  return {
    actor: (row) => ref(actorKind(row.actorType), row.actorId),
    target: (row) => ref(row.targetType, row.targetId),
    organizationName: (row) =>
      row.organizationId ? (names.get("organization")?.get(row.organizationId) ?? null) : null,
  };
}
