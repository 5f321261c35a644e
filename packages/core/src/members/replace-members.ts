import type { MemberUsersInput } from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { changeMembers } from "./change-members.ts";

/**
 * Makes the member set exactly `userIds`. Members who stay keep their roles; members who
 * leave lose theirs (the role rows cascade with the membership); new members join with
 * no roles.
 * @throws organization.not_found, member.user_not_found
 */
export async function replaceMembers(ctx: ServiceContext, input: MemberUsersInput): Promise<void> {
  await changeMembers(ctx, input, "replace", ({ added, removed }) =>
    added.length || removed.length ? { action: "member.replaced", data: { added, removed } } : null,
  );
}
