import { relationSet } from "../shared/relation-set.ts";

/** An organization role's permissions (the template: one row is effective everywhere). */
export const rolePermissions = relationSet({
  table: (tx) => tx.organizationRolePermission,
  owner: ["roleId"],
  related: "permissionId",
});
