import { storedBranding, storedColor, type OwnOrganizations } from "@guildhall/validators";
import { now, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { actorUserId } from "../invitations/select.ts";
import { memberRolesSelect } from "../members/select.ts";
import { userNotFound } from "./get-user.ts";

/**
 * The signed-in user's own organizations (in the order they joined, with their roles and
 * the organization's branding), and the pending invitations addressed to their email once
 * it is verified. Any signed-in account may call it, console role or not: it reads only
 * the actor's own rows, so there is nothing else to authorize.
 * @throws auth.unauthenticated, user.not_found
 */
export async function getOwnOrganizations(ctx: ServiceContext): Promise<OwnOrganizations> {
  const userId = actorUserId(ctx.actor);
  if (!userId) throw new DomainError("auth.unauthenticated", "Sign in to see your organizations.");
  const user = await ctx.db.user.findUnique({
    where: { id: userId },
    select: {
      email: true,
      emailVerifiedAt: true,
      memberships: {
        select: {
          createdAt: true,
          organization: {
            select: { id: true, name: true, description: true, branding: true, color: true },
          },
          roles: memberRolesSelect,
        },
        orderBy: [{ createdAt: "asc" }, { organizationId: "asc" }],
      },
    },
  });
  if (!user) throw userNotFound(userId);

  // An unverified address may not be the user's: showing invitations to it would leak them.
  const invitations =
    user.email !== null && user.emailVerifiedAt
      ? await ctx.db.organizationInvitation.findMany({
          where: {
            invitee: user.email.toLowerCase(),
            status: "Pending",
            expiresAt: { gt: now(ctx) },
          },
          select: {
            id: true,
            expiresAt: true,
            consoleRole: true,
            organization: { select: { id: true, name: true } },
            inviter: { select: { name: true, email: true } },
            roles: {
              select: { role: { select: { name: true } } },
              orderBy: { role: { name: "asc" } },
            },
          },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        })
      : [];

  return {
    organizations: user.memberships.map((m) => {
      const branding = storedBranding.safeParse(m.organization.branding);
      return {
        id: m.organization.id,
        name: m.organization.name,
        description: m.organization.description,
        branding: branding.success ? branding.data : {},
        color: storedColor.safeParse(m.organization.color).data ?? {},
        organizationRoles: m.roles.map((r) => r.role),
        joinedAt: m.createdAt,
      };
    }),
    pendingInvitations: invitations.map((i) => ({
      id: i.id,
      kind: i.organization ? "organization" : "console",
      organization: i.organization,
      consoleRole: i.consoleRole,
      organizationRoles: i.roles.map((r) => r.role.name),
      inviter: i.inviter,
      expiresAt: i.expiresAt,
    })),
  };
}
