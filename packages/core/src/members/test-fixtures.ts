// Test-only helpers: rows created directly with Prisma, so member and user tests do not
// depend on the organization and role services.
import type { Db, RoleType } from "@guildhall/db";
import { unique } from "../test-utils.ts";

export function fixtures(db: () => Db) {
  return {
    /** A user with an email (the column is nullable; these fixtures always set one). */
    user: async (data: { email?: string; name?: string } = {}) => {
      const email = data.email ?? `${unique("user")}@example.com`;
      const row = await db().user.create({ data: { ...data, email } });
      return { ...row, email };
    },
    organization: () => db().organization.create({ data: { name: unique("org") } }),
    permission: () => db().organizationPermission.create({ data: { name: unique("do:thing") } }),
    role: ({
      type = "User",
      permissionIds = [],
    }: { type?: RoleType; permissionIds?: string[] } = {}) =>
      db().organizationRole.create({
        data: {
          name: unique("role"),
          type,
          permissions: { create: permissionIds.map((permissionId) => ({ permissionId })) },
        },
      }),
    member: (organizationId: string, userId: string, roleIds: string[] = [], joinedAt?: Date) =>
      db().organizationMember.create({
        data: {
          organizationId,
          userId,
          createdAt: joinedAt,
          roles: { create: roleIds.map((roleId) => ({ roleId })) },
        },
      }),
  };
}

/** Reads memberships back, to check what a service wrote. */
export function memberRows(db: () => Db) {
  return {
    /** The organization's member user ids, sorted. */
    memberIds: async (organizationId: string) => {
      const rows = await db().organizationMember.findMany({
        where: { organizationId },
        orderBy: { userId: "asc" },
      });
      return rows.map((r) => r.userId);
    },
    /** The role ids the member holds there, sorted. */
    roleIdsOf: async (organizationId: string, userId: string) => {
      const rows = await db().organizationMemberRole.findMany({
        where: { organizationId, userId },
      });
      return rows.map((r) => r.roleId).sort();
    },
  };
}

export const sorted = (ids: string[]) => [...ids].sort();

/** The shared assertion, under the name these tests use. */
export { expectDomainError as expectCode } from "../test-utils.ts";
