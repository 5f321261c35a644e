import { relationSet } from "../shared/relation-set.ts";

/** An organization role's permissions (the template: one row is effective everywhere). */
export const rolePermissions = relationSet({
  table: (tx) => tx.organizationRolePermission,
  owner: ["roleId"],
  related: "permissionId",
});

/**
 * An organization role's API resource permissions: members holding the role get them in
 * tokens for that API in their organization (read at issue time, like the permissions).
 */
export const roleResourceScopes = relationSet({
  table: (tx) => tx.organizationRoleApiScope,
  owner: ["organizationRoleId"],
  related: "scopeId",
});
