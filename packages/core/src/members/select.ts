import type { Prisma } from "@guildhall/db";
import type { Member } from "@guildhall/validators";
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

/** Organization roles as the `organizationRole` schema. */
export const organizationRoleSelect = {
  id: true,
  name: true,
  description: true,
  type: true,
  createdAt: true,
} satisfies Prisma.OrganizationRoleSelect;
