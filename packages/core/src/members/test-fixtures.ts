// Test-only helpers: rows created directly with Prisma, so member and user tests do not
// depend on the organization and role services.
import type { Db, RoleType } from "@guildhall/db";
import { expect } from "vitest";
import { DomainError } from "../errors.ts";
import { unique } from "../test-utils.ts";

export function fixtures(db: () => Db) {
  return {
    user: (data: { email?: string; name?: string } = {}) =>
      db().user.create({ data: { email: `${unique("user")}@example.com`, ...data } }),
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

/** Resolves to the DomainError a promise rejects with, after checking its code. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}
