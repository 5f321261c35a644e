import type { Prisma } from "@guildhall/db";
import type { MembershipRequest } from "@guildhall/validators";
import { DomainError } from "../errors.ts";

export const membershipRequestSelect = {
  id: true,
  organizationId: true,
  status: true,
  createdAt: true,
  decidedAt: true,
  user: { select: { id: true, email: true, name: true, avatarUrl: true } },
} satisfies Prisma.OrganizationMembershipRequestSelect;

type Row = Prisma.OrganizationMembershipRequestGetPayload<{
  select: typeof membershipRequestSelect;
}>;

export function toMembershipRequest(row: Row): MembershipRequest {
  return row;
}

export function membershipRequestNotFound(id: string): DomainError {
  return new DomainError(
    "membership_request.not_found",
    `This organization has no membership request with id "${id}".`,
    { id },
  );
}
