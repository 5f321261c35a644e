import {
  addMembers,
  assignMemberRoles,
  assignRolesToMembers,
  getEffectivePermissions,
  getMemberRoles,
  listMembers,
  removeMember,
  removeMemberRole,
  replaceMemberRoles,
  replaceMembers,
} from "@guildhall/core";
import {
  restAddOrganizationUsersBody,
  restAddOrganizationUsersResponse,
  restAssignRolesToUsersBody,
  restIdParams,
  restListOrganizationUsersQuery,
  restMemberParams,
  restMemberRoleParams,
  restMemberRolesBody,
  restMemberRolesResponse,
  restOrganizationRole,
  restOrganizationScope,
  restOrganizationUser,
  restReplaceOrganizationUsersBody,
} from "@guildhall/validators/rest";
import { z } from "zod";
import { E } from "../errors.ts";
import { toRestOrganizationUser, toRestRole, toRestScope } from "../mappers.ts";
import { emptyRoute, jsonRoute, listRoute, optionalListRoute, pageOf } from "../router.ts";

const tag = "Organizations";
// Logto inserts the rows and its foreign keys answer for an unknown organization.
const relationOverrides = { "organization.not_found": E.foreignKeyNotFound } as const;
// Logto checks the membership first on .../users/{userId}/roles: an unknown organization is
// "not a member" too.
const memberRolesOverrides = { "organization.not_found": E.requireMembership } as const;

export const organizationUserRoutes = [
  listRoute({
    method: "GET",
    path: "/api/organizations/{id}/users",
    operationId: "ListOrganizationUsers",
    tag,
    summary: "Get organization user members",
    description:
      "Members in the order they joined, each with their organization roles. `q` matches part of the email, username, phone number or name, or the exact id; `organizationRoleId` keeps members holding that role.",
    params: restIdParams,
    query: restListOrganizationUsersQuery,
    response: restOrganizationUser,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, query, page }) => {
      const { items, total, nextCursor } = await listMembers(ctx, {
        organizationId: params.id,
        ...query,
        ...page,
      });
      return { items: items.map(toRestOrganizationUser), total, nextCursor };
    },
  }),
  jsonRoute({
    method: "POST",
    path: "/api/organizations/{id}/users",
    operationId: "AddOrganizationUsers",
    tag,
    summary: "Add user members to organization",
    description:
      "Adds users as members, with no roles. Users who are already members keep their roles: adding them again is harmless.",
    status: 201,
    params: restIdParams,
    body: restAddOrganizationUsersBody,
    response: restAddOrganizationUsersResponse,
    errors: [E.foreignKeyNotFound],
    overrides: relationOverrides,
    handler: async ({ ctx, params, body }) => {
      await addMembers(ctx, { organizationId: params.id, userIds: body.userIds });
      return { userIds: body.userIds };
    },
  }),
  emptyRoute({
    method: "PUT",
    path: "/api/organizations/{id}/users",
    operationId: "ReplaceOrganizationUsers",
    tag,
    summary: "Replace organization user members",
    description:
      "Makes the members exactly `userIds`. Members who stay keep their roles; members who leave lose theirs.",
    status: 204,
    params: restIdParams,
    body: restReplaceOrganizationUsersBody,
    errors: [E.foreignKeyNotFound],
    overrides: relationOverrides,
    handler: ({ ctx, params, body }) =>
      replaceMembers(ctx, { organizationId: params.id, userIds: body.userIds }),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/organizations/{id}/users/{userId}",
    operationId: "DeleteOrganizationUser",
    tag,
    summary: "Remove user member from organization",
    description:
      "The user loses their roles in this organization; the user and their other memberships stay.",
    status: 204,
    params: restMemberParams,
    errors: [E.notExistsWithId, E.notFound],
    // Logto answers "not a member" here as a missing relation.
    overrides: { "member.not_found": E.notFound },
    handler: ({ ctx, params }) =>
      removeMember(ctx, { organizationId: params.id, userId: params.userId }),
  }),
  emptyRoute({
    method: "POST",
    path: "/api/organizations/{id}/users/roles",
    operationId: "AssignOrganizationRolesToUsers",
    tag,
    summary: "Assign roles to organization user members",
    description:
      "Gives every listed member every listed role (all or nothing). Roles a member already holds are left as they are.",
    status: 201,
    params: restIdParams,
    body: restAssignRolesToUsersBody,
    errors: [E.foreignKeyNotFound, E.roleTypeMismatch],
    // Logto inserts the (organization, user, role) rows: a non-member is a foreign key that
    // does not hold, like an unknown organization or role.
    overrides: { ...relationOverrides, "member.not_found": E.foreignKeyNotFound },
    handler: ({ ctx, params, body }) =>
      assignRolesToMembers(ctx, { organizationId: params.id, ...body }),
  }),
  optionalListRoute({
    method: "GET",
    path: "/api/organizations/{id}/users/{userId}/roles",
    operationId: "ListOrganizationUserRoles",
    tag,
    summary: "Get roles for a user in an organization",
    description:
      "The member's organization roles, by name. Paginated when `page` or `page_size` is given, otherwise all of them.",
    params: restMemberParams,
    response: restOrganizationRole,
    errors: [E.requireMembership],
    overrides: memberRolesOverrides,
    handler: async ({ ctx, params, page }) =>
      pageOf(
        (await getMemberRoles(ctx, { organizationId: params.id, userId: params.userId })).map(
          toRestRole,
        ),
        page,
      ),
  }),
  jsonRoute({
    method: "POST",
    path: "/api/organizations/{id}/users/{userId}/roles",
    operationId: "AssignOrganizationRolesToUser",
    tag,
    summary: "Add roles to a user in an organization",
    description:
      "Assigns roles by id and/or by name. Roles the member already holds stay: assigning them again is harmless.",
    status: 201,
    params: restMemberParams,
    body: restMemberRolesBody,
    response: restMemberRolesResponse,
    overrides: memberRolesOverrides,
    errors: [E.requireMembership, E.foreignKeyNotFound, E.roleNamesNotFound, E.roleTypeMismatch],
    handler: async ({ ctx, params, body }) => {
      const member = { organizationId: params.id, userId: params.userId };
      await assignMemberRoles(ctx, { ...member, ...body });
      const ids = new Set(body.organizationRoleIds);
      if (body.organizationRoleNames.length > 0) {
        // assignMemberRoles does not return the ids it resolved from names yet; read them back.
        const names = new Set(body.organizationRoleNames);
        for (const role of await getMemberRoles(ctx, member))
          if (names.has(role.name)) ids.add(role.id);
      }
      return { organizationRoleIds: [...ids] };
    },
  }),
  emptyRoute({
    method: "PUT",
    path: "/api/organizations/{id}/users/{userId}/roles",
    operationId: "ReplaceOrganizationUserRoles",
    tag,
    summary: "Update roles for a user in an organization",
    description:
      "Makes the member's roles exactly the given ones (by id and/or name); empty lists remove them all.",
    status: 204,
    params: restMemberParams,
    body: restMemberRolesBody,
    overrides: memberRolesOverrides,
    errors: [E.requireMembership, E.foreignKeyNotFound, E.roleNamesNotFound, E.roleTypeMismatch],
    handler: ({ ctx, params, body }) =>
      replaceMemberRoles(ctx, { organizationId: params.id, userId: params.userId, ...body }),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/organizations/{id}/users/{userId}/roles/{organizationRoleId}",
    operationId: "DeleteOrganizationUserRole",
    tag,
    summary: "Remove a role from a user in an organization",
    status: 204,
    params: restMemberRoleParams,
    errors: [E.requireMembership, E.notFound],
    // Logto answers a role that does not exist here as a missing relation.
    overrides: { ...memberRolesOverrides, "member.role_not_found": E.notFound },
    handler: ({ ctx, params }) =>
      removeMemberRole(ctx, {
        organizationId: params.id,
        userId: params.userId,
        organizationRoleId: params.organizationRoleId,
      }),
  }),
  jsonRoute({
    method: "GET",
    path: "/api/organizations/{id}/users/{userId}/scopes",
    operationId: "ListOrganizationUserScopes",
    tag,
    summary: "Get scopes for a user in an organization",
    description:
      "The member's effective organization scopes (permissions): the union of the scopes of their roles here.",
    params: restMemberParams,
    response: z.array(restOrganizationScope),
    errors: [E.notExistsWithId, E.requireMembership],
    handler: async ({ ctx, params }) =>
      (
        await getEffectivePermissions(ctx, { organizationId: params.id, userId: params.userId })
      ).map(toRestScope),
  }),
];
