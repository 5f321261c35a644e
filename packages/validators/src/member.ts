import { z } from "zod";
import { id, paginationInput, paginated, searchInput, text } from "./common.ts";
import { user } from "./user.ts";

const roleRef = z.object({ id: z.string(), name: z.string() });

export const member = user.extend({
  organizationRoles: z.array(roleRef),
  joinedAt: z.date(),
});
export type Member = z.infer<typeof member>;

export const listMembersInput = paginationInput.extend({
  organizationId: id,
  q: searchInput,
  organizationRoleId: id.optional(),
  /**
   * Keyset paging: the `nextCursor` of the page before. The page after it costs what the
   * first page costs, however deep (`page` is then ignored).
   */
  cursor: text().max(256, "This cursor was not given by this list.").optional(),
});
export type ListMembersInput = z.input<typeof listMembersInput>;
export const memberList = paginated(member).extend({
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
});
export type MemberList = z.infer<typeof memberList>;

export const memberUsersInput = z.object({
  organizationId: id,
  userIds: z.array(id).max(1000),
});
export type MemberUsersInput = z.input<typeof memberUsersInput>;

/** Bulk removal from the members list: all of them, or none (when one is not a member). */
export const removeMembersInput = z.object({
  organizationId: id,
  userIds: z.array(id).min(1, "Pick at least one member").max(1000),
});
export type RemoveMembersInput = z.input<typeof removeMembersInput>;

export const memberRef = z.object({ organizationId: id, userId: id });
export type MemberRef = z.input<typeof memberRef>;

export const memberRoleRef = memberRef.extend({ organizationRoleId: id });
export type MemberRoleRef = z.input<typeof memberRoleRef>;

/** Roles given by id or by name (the REST API accepts both, like Logto). */
export const memberRolesInput = memberRef.extend({
  organizationRoleIds: z.array(id).max(100).default([]),
  organizationRoleNames: z.array(text().trim().min(1)).max(100).default([]),
});
export type MemberRolesInput = z.input<typeof memberRolesInput>;

export const membersRolesInput = z.object({
  organizationId: id,
  userIds: z.array(id).min(1, "Pick at least one user").max(1000),
  organizationRoleIds: z.array(id).min(1, "Pick at least one role").max(100),
});
export type MembersRolesInput = z.input<typeof membersRolesInput>;

/** One permission a member holds, and the roles that grant it (for "explain"). */
export const effectivePermission = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  grantedBy: z.array(roleRef),
});
export type EffectivePermission = z.infer<typeof effectivePermission>;

export const userOrganization = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  organizationRoles: z.array(roleRef),
  joinedAt: z.date(),
});
export type UserOrganization = z.infer<typeof userOrganization>;
