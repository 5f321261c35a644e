import type { Db } from "@guildhall/db";
import type { ActivityEntry, Overview } from "@guildhall/validators";
import { resolveAuditNames } from "../audit/names.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";

/** How many entries "Recent activity" shows. */
const RECENT = 10;

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
  const names = await resolveAuditNames(db, rows);
  return rows.map(({ data, ...row }) => ({
    ...row,
    actor: names.actor(row),
    target: names.target(row),
    organization: row.organizationId
      ? { id: row.organizationId, name: names.organizationName(row) }
      : null,
    count: countOf(data),
  }));
}
