import type { Prisma } from "@guildhall/db";
import type { Member } from "@guildhall/validators";
import { organizationRoleColumns } from "../organization-roles/select.ts";
import { toUser, userSelect } from "../users/select.ts";

/** A membership's organization roles as `{ id, name }`, by name. */
export const memberRolesSelect = {
  select: { role: { select: { id: true, name: true } } },
  orderBy: { role: { name: "asc" } },
} satisfies Prisma.OrganizationMember$rolesArgs;

export const memberSelect = {
  createdAt: true,
  user: { select: userSelect },
  roles: memberRolesSelect,
} satisfies Prisma.OrganizationMemberSelect;

export type MemberRow = Prisma.OrganizationMemberGetPayload<{ select: typeof memberSelect }>;

export function toMember(row: MemberRow): Member {
  return {
    ...toUser(row.user),
    organizationRoles: row.roles.map((r) => r.role),
    joinedAt: row.createdAt,
  };
}

/**
 * The organization roles a member (user or application) holds, as `organizationRole`, by
 * name: the same shape for `tx.organizationMember` and `tx.organizationApplication`.
 */
export const heldRolesSelect = {
  select: { role: { select: organizationRoleColumns } },
  orderBy: { role: { name: "asc" } },
} satisfies Prisma.OrganizationMember$rolesArgs & Prisma.OrganizationApplication$rolesArgs;
