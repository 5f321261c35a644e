import {
  addMembers,
  assignMemberRoles,
  assignRolesToMembers,
  getEffectivePermissions,
  getMemberRoles,
  listMembers,
  removeMember,
  removeMembers,
  removeMemberRole,
  replaceMemberRoles,
  replaceMembers,
} from "@guildhall/core";
import {
  effectivePermission,
  listMembersInput,
  memberList,
  memberRef,
  memberRoleRef,
  memberRolesInput,
  membersRolesInput,
  memberUsersInput,
  removeMembersInput,
  organizationRole,
} from "@guildhall/validators";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";

/** organization.member.*: memberships and the roles members hold. */
export const memberRouter = router({
  list: consoleProcedure()
    .input(listMembersInput)
    .output(memberList)
    .query(({ ctx, input }) => listMembers(ctx.service, input)),
  add: consoleProcedure()
    .input(memberUsersInput)
    .output(z.void())
    .mutation(({ ctx, input }) => addMembers(ctx.service, input)),
  replace: consoleProcedure()
    .input(memberUsersInput)
    .output(z.void())
    .mutation(({ ctx, input }) => replaceMembers(ctx.service, input)),
  remove: consoleProcedure()
    .input(memberRef)
    .output(z.void())
    .mutation(({ ctx, input }) => removeMember(ctx.service, input)),
  /** The members list's bulk remove: all of them, or none when one is not a member. */
  removeMany: consoleProcedure()
    .input(removeMembersInput)
    .output(z.object({ removed: z.number().int() }))
    .mutation(({ ctx, input }) => removeMembers(ctx.service, input)),
  permissions: consoleProcedure()
    .input(memberRef)
    .output(z.array(effectivePermission))
    .query(({ ctx, input }) => getEffectivePermissions(ctx.service, input)),
  role: router({
    list: consoleProcedure()
      .input(memberRef)
      .output(z.array(organizationRole))
      .query(({ ctx, input }) => getMemberRoles(ctx.service, input)),
    assign: consoleProcedure()
      .input(memberRolesInput)
      .output(z.void())
      .mutation(({ ctx, input }) => assignMemberRoles(ctx.service, input)),
    replace: consoleProcedure()
      .input(memberRolesInput)
      .output(z.void())
      .mutation(({ ctx, input }) => replaceMemberRoles(ctx.service, input)),
    remove: consoleProcedure()
      .input(memberRoleRef)
      .output(z.void())
      .mutation(({ ctx, input }) => removeMemberRole(ctx.service, input)),
    assignMany: consoleProcedure()
      .input(membersRolesInput)
      .output(z.void())
      .mutation(({ ctx, input }) => assignRolesToMembers(ctx.service, input)),
  }),
});
