import {
  addOrganizationApplications,
  assignOrganizationApplicationRoles,
  assignRolesToOrganizationApplications,
  getOrganizationApplicationRoles,
  listOrganizationApplications,
  removeOrganizationApplication,
  removeOrganizationApplicationRole,
  replaceOrganizationApplicationRoles,
  replaceOrganizationApplications,
} from "@guildhall/core";
import {
  restAddOrganizationApplicationRolesBody,
  restAddOrganizationApplicationsBody,
  restAssignRolesToApplicationsBody,
  restIdParams,
  restOrganizationApplication,
  restOrganizationApplicationParams,
  restOrganizationApplicationRoleParams,
  restOrganizationRole,
  restReplaceOrganizationApplicationRolesBody,
  restReplaceOrganizationApplicationsBody,
  restSearchQuery,
} from "@guildhall/validators/rest";
import { E, type LogtoErrorSpec } from "../errors.ts";
import { toRestRole } from "../mappers.ts";
import { emptyRoute, listRoute, optionalListRoute, pageOf } from "../router.ts";
import { toRestApplication } from "./applications.ts";

const tag = "Organizations";
const notMachineToMachine: LogtoErrorSpec = {
  status: 422,
  code: "application.not_machine_to_machine",
};
// Unknown applications in a body, or an unknown organization, are missing relations (Logto
// inserts the rows and its foreign keys answer), as unknown users are for /users.
const membersOverrides = {
  "application.not_found": E.foreignKeyNotFound,
  "organization.not_found": E.foreignKeyNotFound,
} as const;
// Logto checks the membership before anything on .../applications/{applicationId}/roles: an
// unknown organization is "not a member" too.
const rolesOverrides = {
  "organization_application.not_found": E.requireMembership,
  "organization.not_found": E.requireMembership,
} as const;

export const organizationApplicationRoutes = [
  listRoute({
    method: "GET",
    path: "/api/organizations/{id}/applications",
    operationId: "ListOrganizationApplications",
    tag,
    summary: "Get organization applications",
    description:
      "Machine-to-machine applications that are members, in the order they were added, each with its organization roles. `q` matches part of the name or the exact id.",
    params: restIdParams,
    query: restSearchQuery,
    response: restOrganizationApplication,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, query, page }) => {
      const { items, total } = await listOrganizationApplications(ctx, {
        organizationId: params.id,
        q: query.q,
        ...page,
      });
      return {
        items: items.map((a) => ({
          ...toRestApplication(a),
          organizationRoles: a.organizationRoles,
        })),
        total,
      };
    },
  }),
  emptyRoute({
    method: "POST",
    path: "/api/organizations/{id}/applications",
    operationId: "AddOrganizationApplications",
    tag,
    summary: "Add organization application",
    description:
      "Adds machine-to-machine applications as members, with no roles. Applications already members keep their roles.",
    status: 201,
    params: restIdParams,
    body: restAddOrganizationApplicationsBody,
    errors: [E.foreignKeyNotFound, notMachineToMachine],
    overrides: membersOverrides,
    handler: ({ ctx, params, body }) =>
      addOrganizationApplications(ctx, {
        organizationId: params.id,
        applicationIds: body.applicationIds,
      }),
  }),
  emptyRoute({
    method: "PUT",
    path: "/api/organizations/{id}/applications",
    operationId: "ReplaceOrganizationApplications",
    tag,
    summary: "Replace organization applications",
    description:
      "Makes the application members exactly `applicationIds`. Those who stay keep their roles; those who leave lose theirs.",
    status: 204,
    params: restIdParams,
    body: restReplaceOrganizationApplicationsBody,
    errors: [E.foreignKeyNotFound, notMachineToMachine],
    overrides: membersOverrides,
    handler: ({ ctx, params, body }) =>
      replaceOrganizationApplications(ctx, {
        organizationId: params.id,
        applicationIds: body.applicationIds,
      }),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/organizations/{id}/applications/{applicationId}",
    operationId: "DeleteOrganizationApplication",
    tag,
    summary: "Remove organization application",
    description:
      "The application loses its roles in this organization; the application itself stays.",
    status: 204,
    params: restOrganizationApplicationParams,
    errors: [E.notExistsWithId, E.notFound],
    overrides: { "organization_application.not_found": E.notFound },
    handler: ({ ctx, params }) =>
      removeOrganizationApplication(ctx, {
        organizationId: params.id,
        applicationId: params.applicationId,
      }),
  }),
  emptyRoute({
    method: "POST",
    path: "/api/organizations/{id}/applications/roles",
    operationId: "AssignOrganizationRolesToApplications",
    tag,
    summary: "Assign roles to applications in an organization",
    description:
      "Gives every listed application member every listed machine-to-machine role, all or nothing. Roles an application already holds stay.",
    status: 201,
    params: restIdParams,
    body: restAssignRolesToApplicationsBody,
    errors: [E.foreignKeyNotFound, E.roleTypeMismatch],
    // Logto inserts the pairs: an unknown organization, a non-member application or an unknown
    // role is a foreign key that does not hold.
    overrides: {
      "organization.not_found": E.foreignKeyNotFound,
      "organization_application.not_found": E.foreignKeyNotFound,
    },
    handler: ({ ctx, params, body }) =>
      assignRolesToOrganizationApplications(ctx, { organizationId: params.id, ...body }),
  }),
  optionalListRoute({
    method: "GET",
    path: "/api/organizations/{id}/applications/{applicationId}/roles",
    operationId: "ListOrganizationApplicationRoles",
    tag,
    summary: "Get organization application roles",
    description:
      "The application's organization roles here, by name. Paginated when `page` or `page_size` is given.",
    params: restOrganizationApplicationParams,
    response: restOrganizationRole,
    errors: [E.requireMembership],
    overrides: rolesOverrides,
    handler: async ({ ctx, params, page }) =>
      pageOf(
        (
          await getOrganizationApplicationRoles(ctx, {
            organizationId: params.id,
            applicationId: params.applicationId,
          })
        ).map(toRestRole),
        page,
      ),
  }),
  emptyRoute({
    method: "POST",
    path: "/api/organizations/{id}/applications/{applicationId}/roles",
    operationId: "AssignOrganizationRolesToApplication",
    tag,
    summary: "Add organization application roles",
    description:
      "Assigns machine-to-machine roles. Roles already held stay: assigning them again is harmless.",
    status: 201,
    params: restOrganizationApplicationParams,
    body: restAddOrganizationApplicationRolesBody,
    errors: [E.requireMembership, E.foreignKeyNotFound, E.roleTypeMismatch],
    overrides: rolesOverrides,
    handler: ({ ctx, params, body }) =>
      assignOrganizationApplicationRoles(ctx, {
        organizationId: params.id,
        applicationId: params.applicationId,
        organizationRoleIds: body.organizationRoleIds,
      }),
  }),
  emptyRoute({
    method: "PUT",
    path: "/api/organizations/{id}/applications/{applicationId}/roles",
    operationId: "ReplaceOrganizationApplicationRoles",
    tag,
    summary: "Replace organization application roles",
    description:
      "Makes the application's roles exactly the given ones; an empty list removes them all.",
    status: 204,
    params: restOrganizationApplicationParams,
    body: restReplaceOrganizationApplicationRolesBody,
    errors: [E.requireMembership, E.foreignKeyNotFound, E.roleTypeMismatch],
    overrides: rolesOverrides,
    handler: ({ ctx, params, body }) =>
      replaceOrganizationApplicationRoles(ctx, {
        organizationId: params.id,
        applicationId: params.applicationId,
        organizationRoleIds: body.organizationRoleIds,
      }),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/organizations/{id}/applications/{applicationId}/roles/{organizationRoleId}",
    operationId: "DeleteOrganizationApplicationRole",
    tag,
    summary: "Remove an organization application role",
    status: 204,
    params: restOrganizationApplicationRoleParams,
    errors: [E.requireMembership, E.notFound, E.foreignKeyNotFound],
    // An unknown organization is a foreign-key miss here, as the issue tracker's Logto
    // integrations observed (not the membership refusal of the other role routes).
    overrides: {
      ...rolesOverrides,
      "organization.not_found": E.foreignKeyNotFound,
      "member.role_not_found": E.notFound,
    },
    handler: ({ ctx, params }) =>
      removeOrganizationApplicationRole(ctx, {
        organizationId: params.id,
        applicationId: params.applicationId,
        organizationRoleId: params.organizationRoleId,
      }),
  }),
];
