import { BUILT_IN_PERMISSION_NAMES, type BuiltInPermission } from "@guildhall/validators";
import { beforeAll } from "vitest";
import type { InvitationContext } from "../invitations/select.ts";
import { fixtures } from "../members/test-fixtures.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import { ensureBuiltInPermissions } from "./built-in-permissions.ts";

// What the organization-access and membership-request test files share. Each file calls
// `organizationAccessKit()` once, at its top level, so it gets its own test database.

export type OrganizationToken = { organizationId: string; scopes: readonly string[] };

export const ALL = BUILT_IN_PERMISSION_NAMES;
export const allBut = (...left: BuiltInPermission[]) => ALL.filter((p) => !left.includes(p));

export function organizationAccessKit() {
  const t = useTestDatabase();
  const f = fixtures(t.db);
  const builtIn = new Map<string, string>();
  beforeAll(async () => {
    await ensureBuiltInPermissions(t.db());
    const rows = await t.db().organizationPermission.findMany({
      where: { name: { in: [...ALL] } },
      select: { id: true, name: true },
    });
    for (const row of rows) builtIn.set(row.name, row.id);
  });

  const permissionIds = (names: readonly BuiltInPermission[]) =>
    names.map((name) => {
      const id = builtIn.get(name);
      if (!id) throw new Error(`built-in permission ${name} is not in the template`);
      return id;
    });

  /** A user role of the template holding exactly these built-in permissions. */
  const roleWith = (...names: BuiltInPermission[]) =>
    f.role({ permissionIds: permissionIds(names) });

  /** A user with a verified email at a domain nobody else uses. */
  const verifiedUser = async (domain = `${unique("corp")}.example`) => {
    const user = await f.user({ email: `${unique("u")}@${domain}` });
    await t.db().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
    return { ...user, domain };
  };

  /**
   * A new member of the organization whose one role holds exactly `names` (no role at all
   * when empty), with a verified email at a domain of their own.
   */
  const memberWith = async (organizationId: string, names: readonly BuiltInPermission[] = []) => {
    const user = await verifiedUser();
    const role = names.length > 0 ? await roleWith(...names) : null;
    await f.member(organizationId, user.id, role ? [role.id] : []);
    return { ...user, role };
  };

  /** The user acting on their own, with an organization token when one is given. */
  const as = (userId: string, organizationToken?: OrganizationToken): InvitationContext =>
    t.ctx({
      actor: { type: "user", userId, ...(organizationToken ? { organizationToken } : {}) },
    });

  /** Members of the organization holding `guildhall:members:roles` now. */
  const roleManagerIds = async (organizationId: string) => {
    const rows = await t.db().organizationMemberRole.findMany({
      where: {
        organizationId,
        role: { permissions: { some: { permission: { name: "guildhall:members:roles" } } } },
      },
      select: { userId: true },
    });
    return [...new Set(rows.map((r) => r.userId))].sort();
  };

  return { t, f, roleWith, verifiedUser, memberWith, as, roleManagerIds };
}
