import { relationSet } from "../shared/relation-set.ts";

/** An organization's application members. Their roles cascade with the membership. */
export const organizationApplications = relationSet({
  table: (tx) => tx.organizationApplication,
  owner: ["organizationId"],
  related: "applicationId",
});

/** An application member's organization roles in one organization. */
export const applicationRoles = relationSet({
  table: (tx) => tx.organizationApplicationRole,
  owner: ["organizationId", "applicationId"],
  related: "roleId",
});
