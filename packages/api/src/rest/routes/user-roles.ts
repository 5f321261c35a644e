import { assignUserRoles, listUserRoles, removeRoleUser } from "@guildhall/core";
import {
  restRole,
  restUserIdParams,
  restUserRoleParams,
  restUserRolesBody,
} from "@guildhall/validators/rest";
import { E } from "../errors.ts";
import { emptyRoute, listRoute } from "../router.ts";
import { toRestRole } from "./roles.ts";

// Logto lists these under Users: they are the user's side of a role's users.
const tag = "Users";

export const userRoleRoutes = [
  listRoute({
    method: "GET",
    path: "/api/users/{userId}/roles",
    operationId: "ListUserRoles",
    tag,
    summary: "Get roles for user",
    description: "The user's global roles, by name.",
    params: restUserIdParams,
    response: restRole,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, page }) => {
      const { items, total } = await listUserRoles(ctx, { userId: params.userId, ...page });
      return { items: items.map(toRestRole), total };
    },
  }),
  emptyRoute({
    method: "POST",
    path: "/api/users/{userId}/roles",
    operationId: "AssignUserRoles",
    tag,
    summary: "Assign roles to user",
    description:
      "User roles only (422 `role.type_mismatch` otherwise). All or nothing; roles the user already holds are kept.",
    status: 201,
    params: restUserIdParams,
    body: restUserRolesBody,
    errors: [E.notExistsWithId, E.globalRoleTypeMismatch],
    handler: ({ ctx, params, body }) =>
      assignUserRoles(ctx, { userId: params.userId, roleIds: body.roleIds }),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/users/{userId}/roles/{roleId}",
    operationId: "DeleteUserRole",
    tag,
    summary: "Remove role from user",
    status: 204,
    params: restUserRoleParams,
    errors: [E.notExistsWithId, E.notFound],
    handler: ({ ctx, params }) =>
      removeRoleUser(ctx, { roleId: params.roleId, userId: params.userId }),
  }),
];
