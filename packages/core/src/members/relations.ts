import { relationSet } from "../shared/relation-set.ts";

/** An organization's members (users). Their roles cascade with the membership. */
export const organizationMembers = relationSet({
  table: (tx) => tx.organizationMember,
  owner: ["organizationId"],
  related: "userId",
});

/** A member's organization roles in one organization. */
export const memberRoles = relationSet({
  table: (tx) => tx.organizationMemberRole,
  owner: ["organizationId", "userId"],
  related: "roleId",
});
