import type { Prisma } from "@guildhall/db";
import { BUILT_IN_PERMISSIONS } from "@guildhall/validators";
import {
  invitationRef,
  listInvitationsInput,
  type Invitation,
  type InvitationRef,
  type ListInvitationsInput,
  type Paginated,
} from "@guildhall/validators";
import {
  assertCanManageTenant,
  assertAdminOrManagementApi,
  now,
  type ServiceContext,
} from "../context.ts";
import { DomainError } from "../errors.ts";
import { authorizeInOrganization } from "../organization-access/authorize-in-organization.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import { loadInvitationForAdmin, seesConsoleInvitations } from "./load-invitation.ts";
import { invitationSelect, toInvitation } from "./select.ts";

/**
 * Invitations, newest first, filtered by organization (or kind), inviter, invitee and
 * effective status (`Expired` includes Pending rows past their expiry; `Pending` excludes them).
 * Console invitations only for those who see them (never the Management API).
 */
export async function listInvitations(
  ctx: ServiceContext,
  input: ListInvitationsInput = {},
): Promise<Paginated<Invitation>> {
  if (ctx.actor.type !== "user") assertCanManageTenant(ctx);
  const { page, pageSize, organizationId, kind, inviterId, invitee, status } = parseInput(
    listInvitationsInput,
    input,
  );
  // A member sees their own organization's invitations, with `guildhall:invitations:manage`.
  if (ctx.actor.type === "user") {
    if (!organizationId || kind === "console")
      throw new DomainError(
        "auth.forbidden",
        "Members can only list their organization's invitations.",
      );
    await authorizeInOrganization(ctx, organizationId, BUILT_IN_PERMISSIONS.invitationsManage);
  }
  if (kind === "console") assertAdminOrManagementApi(ctx);
  const at = now(ctx);
  const and: Prisma.OrganizationInvitationWhereInput[] = [];
  if (organizationId) and.push({ organizationId });
  if (kind === "console") and.push({ organizationId: null });
  if (kind === "organization" || (!organizationId && !seesConsoleInvitations(ctx.actor))) {
    and.push({ organizationId: { not: null } });
  }
  if (inviterId) and.push({ inviterId });
  if (invitee) and.push({ invitee });
  if (status === "Pending") and.push({ status: "Pending", expiresAt: { gt: at } });
  else if (status === "Expired")
    and.push({ OR: [{ status: "Expired" }, { status: "Pending", expiresAt: { lte: at } }] });
  else if (status) and.push({ status });
  const where: Prisma.OrganizationInvitationWhereInput = { AND: and };
  return paginate(
    { page, pageSize },
    {
      rows: (pageArgs) =>
        ctx.db.organizationInvitation.findMany({
          where,
          select: invitationSelect,
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          ...pageArgs,
        }),
      count: () => ctx.db.organizationInvitation.count({ where }),
      toItem: (row) => toInvitation(row, at),
    },
  );
}

/** @throws invitation.not_found (also a console invitation asked for by the Management API) */
export async function getInvitation(
  ctx: ServiceContext,
  input: InvitationRef,
): Promise<Invitation> {
  assertCanManageTenant(ctx);
  const { id } = parseInput(invitationRef, input);
  return toInvitation(await loadInvitationForAdmin(ctx, id), now(ctx));
}
