import { z } from "zod";
import {
  listMembersInput,
  memberRolesInput,
  membersRolesInput,
  memberUsersInput,
} from "../member.ts";
import { restRef, restSearchQuery } from "./common.ts";
import { restUser } from "./user.ts";

/** A member as `GET /organizations/{id}/users` lists it: the user with their roles there. */
export const restOrganizationUser = restUser
  .extend({ organizationRoles: z.array(restRef) })
  .meta({ id: "OrganizationUser" });
export type RestOrganizationUser = z.output<typeof restOrganizationUser>;

export const restListOrganizationUsersQuery = restSearchQuery
  .extend(listMembersInput.pick({ organizationRoleId: true }).shape)
  .extend({
    cursor: listMembersInput.shape.cursor.meta({
      description:
        "Keyset paging (Guildhall extension): the `Next-Cursor` of the page before. Every page costs what the first does; `page` may not be given with it.",
    }),
  });

/** `POST /organizations/{id}/users`: at least one user. */
export const restAddOrganizationUsersBody = z.object({
  userIds: memberUsersInput.shape.userIds.min(1, "Give at least one user id"),
});
export const restAddOrganizationUsersResponse = z.object({ userIds: z.array(z.string()) });
/** `PUT /organizations/{id}/users`: the complete member set, possibly empty. */
export const restReplaceOrganizationUsersBody = memberUsersInput.pick({ userIds: true });

export const restAssignRolesToUsersBody = membersRolesInput.pick({
  userIds: true,
  organizationRoleIds: true,
});

/** Roles by id and/or by name. */
export const restMemberRolesBody = memberRolesInput.pick({
  organizationRoleIds: true,
  organizationRoleNames: true,
});
export const restMemberRolesResponse = z.object({
  organizationRoleIds: z
    .array(z.string())
    .meta({ description: "The roles assigned, names resolved to ids." }),
});
