import type { Overview } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";

/** Counts for the console's overview, the getting-started checklist and recent activity. */
export async function getOverview(ctx: ServiceContext): Promise<Overview> {
  assertCanManageTenant(ctx);
  const { db } = ctx;
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
        take: 10,
        select: {
          id: true,
          action: true,
          actorType: true,
          actorId: true,
          targetType: true,
          targetId: true,
          organizationId: true,
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
    recentActivity: recent,
  };
}
