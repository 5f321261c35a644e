import type { MemberUsersInput } from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { changeMembers } from "./change-members.ts";

/**
 * Adds users to an organization, with no roles. Users who are already members are left
 * as they are (with their roles), so calling this twice is harmless.
 * @throws organization.not_found, member.user_not_found
 */
export async function addMembers(ctx: ServiceContext, input: MemberUsersInput): Promise<void> {
  await changeMembers(ctx, input, "assign", ({ added }) =>
    added.length ? { action: "member.added", data: { userIds: added } } : null,
  );
}
