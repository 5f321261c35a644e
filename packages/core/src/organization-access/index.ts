export {
  ANY_MEMBER,
  authorizeInOrganization,
  type OrganizationAccess,
} from "./authorize-in-organization.ts";
export { ensureBuiltInPermissions } from "./built-in-permissions.ts";
export { createMyOrganization } from "./create-my-organization.ts";
export { listMyOrganizations } from "./list-my-organizations.ts";
export { getMyOrganization } from "./get-my-organization.ts";
export { listAssignableRoles } from "./list-assignable-roles.ts";
