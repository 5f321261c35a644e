import {
  organizationRef,
  type MembershipRequest,
  type OrganizationRef,
} from "@guildhall/validators";
import { lockUser, selfUserId } from "../accounts/self.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { membershipRequestSelect, toMembershipRequest } from "./select.ts";
import { verifiedEmailDomain } from "./suggestions.ts";

const notEligible = () =>
  new DomainError(
    "membership_request.not_eligible",
    "You can ask to join an organization only when your verified email's domain is one of its domains and you are not a member yet.",
  );

/**
 * The caller asks to join an organization whose email domains include their verified
 * email's domain; its admins (`guildhall:members:invite`) approve or decline. Asking again
 * while pending returns the same request; a declined request is not asked again.
 * @throws membership_request.not_eligible, membership_request.already_decided, auth.forbidden
 */
export async function requestMembership(
  ctx: ServiceContext,
  input: OrganizationRef,
): Promise<MembershipRequest> {
  const userId = selfUserId(ctx);
  const { organizationId } = parseInput(organizationRef, input);
  return ctx.db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    const domain = await verifiedEmailDomain(tx, userId);
    if (!domain) throw notEligible();
    // One after the other: a transaction has one connection, and overlapping queries on it
    // are not safe.
    const claims = await tx.organizationJitEmailDomain.count({
      where: { organizationId, emailDomain: domain },
    });
    const membership = await tx.organizationMember.count({ where: { organizationId, userId } });
    const existing = await tx.organizationMembershipRequest.findUnique({
      where: { organizationId_userId: { organizationId, userId } },
      select: membershipRequestSelect,
    });
    // An unknown organization is simply one the caller may not ask to join.
    if (claims === 0 || membership > 0) throw notEligible();
    if (existing?.status === "Pending") return toMembershipRequest(existing);
    if (existing)
      throw new DomainError(
        "membership_request.already_decided",
        `Your request to join was ${existing.status.toLowerCase()}; ask the organization's admins to invite you.`,
        { status: existing.status },
      );
    const created = await tx.organizationMembershipRequest.create({
      data: { organizationId, userId },
      select: membershipRequestSelect,
    });
    await recordAudit(tx, ctx, {
      action: "membership_request.created",
      targetType: "user",
      targetId: userId,
      organizationId,
      data: { requestId: created.id },
    });
    return toMembershipRequest(created);
  });
}
