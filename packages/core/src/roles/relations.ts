import { relationSet } from "../shared/relation-set.ts";

// Global roles: the same link tables seen from either side.

/** A global role's API permissions. */
export const roleScopes = relationSet({
  table: (tx) => tx.roleScope,
  owner: ["roleId"],
  related: "scopeId",
});

/** The users holding a global role. */
export const roleUsers = relationSet({
  table: (tx) => tx.userRole,
  owner: ["roleId"],
  related: "userId",
});

/** A user's global roles. */
export const userRoles = relationSet({
  table: (tx) => tx.userRole,
  owner: ["userId"],
  related: "roleId",
});

/** The machine-to-machine applications holding a global role. */
export const roleApplications = relationSet({
  table: (tx) => tx.applicationRole,
  owner: ["roleId"],
  related: "applicationId",
});
