import {
  createInvitation,
  createMyOrganization,
  decideMembershipRequest,
  getMyOrganization,
  getOrganization,
  leaveOrganization,
  listAssignableRoles,
  listInvitations,
  listJitEmailDomains,
  listMembers,
  listMembershipRequests,
  listMyOrganizations,
  listOrganizationAuditLogs,
  removeMember,
  replaceJitEmailDomains,
  replaceMemberRoles,
  resendInvitation,
  revokeInvitation,
  updateOrganization,
  type InvitationContext,
  type ServiceContext,
} from "@guildhall/core";
import {
  assignableRole,
  auditLogPage,
  createMyOrganizationInput,
  decideMembershipRequestInput,
  invitation,
  invitationRef,
  invitationWithLink,
  jitEmailDomainList,
  leaveOrganizationInput,
  invitationList,
  listJitInput,
  listMembersInput,
  listMembershipRequestsInput,
  listOrganizationAuditLogsInput,
  memberRef,
  membershipRequest,
  myOrganization,
  organizationRef,
  portalInviteInput,
  portalListInvitationsInput,
  portalMemberList,
  portalMemberRolesInput,
  portalMembershipRequestList,
  portalOrganization,
  portalOrganizationWithCounts,
  portalUpdateOrganizationInput,
  replaceJitEmailDomainsInput,
} from "@guildhall/validators";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { protectedProcedure, router, type TrpcContext } from "../trpc.ts";

/**
 * The hosted organization portal: the signed-in user acting as a member of their own
 * organization. Always a `user` actor, console member or not: the portal shows what the
 * organization template grants them, and core decides every call by it.
 */
const member = protectedProcedure.use(({ ctx, next }) => {
  const service: ServiceContext = {
    db: ctx.db,
    actor: { type: "user", userId: ctx.session.userId },
  };
  return next({ ctx: { ...ctx, service } });
});

function baseUrlOf(ctx: TrpcContext): string {
  if (!ctx.baseUrl)
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "BASE_URL is not configured." });
  return ctx.baseUrl;
}

/** What queuing an invitation email needs besides the actor (as the invitation router does). */
function withEmail(ctx: TrpcContext & { service: ServiceContext }): InvitationContext {
  return { ...ctx.service, instanceSecret: ctx.instanceSecret, onEmailQueued: ctx.onEmailQueued };
}

const organization = router({
  get: member
    .input(organizationRef)
    .output(portalOrganizationWithCounts)
    .query(({ ctx, input }) => getOrganization(ctx.service, { id: input.organizationId })),
  update: member
    .input(portalUpdateOrganizationInput)
    .output(portalOrganization)
    .mutation(({ ctx, input }) => updateOrganization(ctx.service, input)),
});

const memberRouter = router({
  list: member
    .input(listMembersInput)
    .output(portalMemberList)
    .query(({ ctx, input }) => listMembers(ctx.service, input)),
  changeRoles: member
    .input(portalMemberRolesInput)
    .output(z.void())
    .mutation(({ ctx, input }) => replaceMemberRoles(ctx.service, input)),
  remove: member
    .input(memberRef)
    .output(z.void())
    .mutation(({ ctx, input }) => removeMember(ctx.service, input)),
});

const invitationRouter = router({
  list: member
    .input(portalListInvitationsInput)
    .output(invitationList)
    .query(({ ctx, input }) => listInvitations(ctx.service, input)),
  create: member
    .input(portalInviteInput)
    .output(invitationWithLink)
    .mutation(({ ctx, input }) =>
      createInvitation(withEmail(ctx), { ...input, baseUrl: baseUrlOf(ctx) }),
    ),
  resend: member
    .input(invitationRef)
    .output(invitationWithLink)
    .mutation(({ ctx, input }) =>
      resendInvitation(withEmail(ctx), { ...input, baseUrl: baseUrlOf(ctx) }),
    ),
  revoke: member
    .input(invitationRef)
    .output(invitation)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.service, input)),
});

const membershipRequestRouter = router({
  list: member
    .input(listMembershipRequestsInput)
    .output(portalMembershipRequestList)
    .query(({ ctx, input }) => listMembershipRequests(ctx.service, input)),
  decide: member
    .input(decideMembershipRequestInput)
    .output(membershipRequest)
    .mutation(({ ctx, input }) => decideMembershipRequest(ctx.service, input)),
});

const domain = router({
  list: member
    .input(listJitInput)
    .output(jitEmailDomainList)
    .query(({ ctx, input }) => listJitEmailDomains(ctx.service, input)),
  replace: member
    .input(replaceJitEmailDomainsInput)
    .output(z.void())
    .mutation(({ ctx, input }) => replaceJitEmailDomains(ctx.service, input)),
});

/** portal.*: the hosted organization portal (`/portal`), for any signed-in user. */
export const portalRouter = router({
  myOrganizations: member
    .input(z.void())
    .output(z.array(myOrganization))
    .query(({ ctx }) => listMyOrganizations(ctx.service)),
  createOrganization: member
    .input(createMyOrganizationInput)
    .output(portalOrganization)
    .mutation(({ ctx, input }) => createMyOrganization(ctx.service, input)),
  /** The caller's roles and permissions in one organization: which portal sections to show. */
  access: member
    .input(organizationRef)
    .output(myOrganization)
    .query(({ ctx, input }) => getMyOrganization(ctx.service, input)),
  organization,
  roles: member
    .input(organizationRef)
    .output(z.array(assignableRole))
    .query(({ ctx, input }) => listAssignableRoles(ctx.service, input)),
  member: memberRouter,
  invitation: invitationRouter,
  membershipRequest: membershipRequestRouter,
  domain,
  audit: router({
    list: member
      .input(listOrganizationAuditLogsInput)
      .output(auditLogPage)
      .query(({ ctx, input }) => listOrganizationAuditLogs(ctx.service, input)),
  }),
  leave: member
    .input(leaveOrganizationInput)
    .output(z.void())
    .mutation(({ ctx, input }) => leaveOrganization(ctx.service, input)),
});
