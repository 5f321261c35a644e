import { z } from "zod";
import { id, text } from "../common.ts";
import {
  assignRoleApplicationsInput,
  assignRoleScopesInput,
  assignRoleUsersInput,
  assignUserRolesInput,
  createRoleInput,
  role,
  updateRoleInput,
} from "../role.ts";
import { restApiResource, restApiScope } from "./api-resource.ts";
import { restUnsupported } from "./common.ts";

/** A global role in Logto's shape. */
export const restRole = role
  .pick({ id: true, name: true, description: true, type: true })
  .meta({ id: "Role" });
export type RestRole = z.output<typeof restRole>;

/** As `GET /api/roles` lists them: with how many users and applications hold each. */
export const restRoleWithCounts = restRole
  .extend({ usersCount: z.number().int(), applicationsCount: z.number().int() })
  .meta({ id: "RoleWithCounts" });
export type RestRoleWithCounts = z.output<typeof restRoleWithCounts>;

/** A scope a role holds, with its API resource (Logto's `ScopeResponse`). */
export const restRoleScope = restApiScope
  .extend({ resource: restApiResource })
  .meta({ id: "RoleScope" });
export type RestRoleScope = z.output<typeof restRoleScope>;

export const restListRolesQuery = z.object({
  q: text()
    .trim()
    .max(200)
    .optional()
    .meta({ description: "Matches part of the name or description (any case), or the exact id." }),
  type: createRoleInput.shape.type
    .unwrap()
    .optional()
    .meta({ description: "Only roles of this type." }),
});

export const restCreateRoleBody = createRoleInput
  .pick({ name: true, description: true, type: true })
  .extend({
    scopeIds: z
      .array(id)
      .max(0, "Link scopes with POST /api/roles/{id}/scopes after creating the role.")
      .optional()
      .meta({
        description:
          "Not supported at creation: must be empty or absent. Use `POST /api/roles/{id}/scopes`.",
      }),
    isDefault: restUnsupported("isDefault"),
  });
export const restUpdateRoleBody = updateRoleInput
  .pick({ name: true, description: true })
  .extend({ isDefault: restUnsupported("isDefault") });

export const restRoleScopesBody = assignRoleScopesInput.pick({ scopeIds: true });
export const restRoleUsersBody = assignRoleUsersInput.pick({ userIds: true });
export const restRoleApplicationsBody = assignRoleApplicationsInput.pick({ applicationIds: true });
export const restUserRolesBody = assignUserRolesInput.pick({ roleIds: true });

export const restRoleApplicationParams = z.object({ id, applicationId: id });
export const restUserRoleParams = z.object({ userId: id, roleId: id });
