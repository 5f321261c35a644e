import { describe, expect, it } from "vitest";
import { systemContext } from "../context.ts";
import { seedDemoData } from "../demo/index.ts";
import { addMembers } from "../members/index.ts";
import { createOrganizationRole } from "../organization-roles/index.ts";
import { useTestDatabase } from "../test-utils.ts";
import { createUser } from "../users/index.ts";
import {
  countExportableOrganizations,
  countExportableUsers,
  exportOrganizations,
  exportUsers,
  formatRecords,
  importOrganizations,
  importUsers,
  readRecords,
  USER_COLUMNS,
  type ImportFormat,
} from "./index.ts";

// Two databases: the instance exported from, and a fresh one imported into.
const source = useTestDatabase();
const target = useTestDatabase();

async function text(chunks: AsyncIterable<string>) {
  let out = "";
  for await (const chunk of chunks) out += chunk;
  return out;
}

async function exportAll(ctx: ReturnType<typeof source.ctx>, usersFormat: ImportFormat) {
  return {
    users: await text(
      formatRecords(exportUsers(ctx), { format: usersFormat, columns: USER_COLUMNS }),
    ),
    organizations: await text(
      formatRecords(exportOrganizations(ctx), { format: "json", columns: [] }),
    ),
  };
}

/** Users, organizations, members and roles as comparable values (no ids for users). */
async function contents(db: ReturnType<typeof source.db>) {
  const users = await db.user.findMany({
    where: { email: { not: null } },
    select: { email: true, name: true, username: true, primaryPhone: true },
    orderBy: { email: "asc" },
  });
  const organizations = await db.organization.findMany({
    select: {
      id: true,
      name: true,
      description: true,
      members: {
        select: {
          user: { select: { email: true } },
          roles: { select: { role: { select: { name: true } } } },
        },
      },
    },
    orderBy: { id: "asc" },
  });
  return {
    users,
    organizations: organizations.map((o) => ({
      ...o,
      members: o.members
        .filter((m) => m.user.email !== null)
        .map((m) => ({ email: m.user.email, roles: m.roles.map((r) => r.role.name).sort() }))
        .sort((a, b) => (a.email ?? "").localeCompare(b.email ?? "")),
    })),
  };
}

describe("export, then import into a fresh database", () => {
  for (const usersFormat of ["csv", "json"] as const) {
    it(`gives the same users, organizations, members and roles (users as ${usersFormat})`, async () => {
      const from = source.ctx();
      if ((await source.db().organization.count()) === 0) {
        // The demo scenario (Acme, Globex; Alice and Bob with roles), and the awkward cases.
        await seedDemoData(source.db());
        await createUser(from, {
          email: "carol@example.com",
          name: 'Carol "CJ", Jr.\nof Acme',
          username: "carol_j",
          primaryPhone: "15550001111",
        });
        await createUser(from, { email: "dave@example.com" });
        const nameless = await createUser(from, { username: "no_email_user" });
        const acme = await source.db().organization.findFirstOrThrow({ where: { name: "Acme" } });
        await addMembers(from, { organizationId: acme.id, userIds: [nameless.id] });
      }
      expect(await countExportableUsers(from)).toEqual({ exportable: 4, withoutEmail: 1 });
      expect(await countExportableOrganizations(from)).toEqual({
        organizations: 2,
        membersWithoutEmail: 1,
      });
      const files = await exportAll(from, usersFormat);

      // The target starts with the template's roles (the file names roles, it does not define them).
      const into = target.ctx();
      if ((await target.db().organizationRole.count()) === 0)
        for (const name of ["admin", "member"]) await createOrganizationRole(into, { name });

      const users = await importUsers(into, {
        records: readRecords(files.users, { format: usersFormat, columns: USER_COLUMNS }),
      });
      expect(users).toMatchObject({ written: true, refusedCount: 0 });
      const organizations = await importOrganizations(systemContext(target.db()), {
        records: readRecords(files.organizations, { format: "json", columns: [] }),
      });
      expect(organizations).toMatchObject({ written: true, refusedCount: 0 });

      const expected = await contents(source.db());
      expect(expected.organizations.map((o) => o.name).sort()).toEqual(["Acme", "Globex"]);
      expect(expected.organizations.flatMap((o) => o.members.flatMap((m) => m.roles))).not.toEqual(
        [],
      );
      expect(await contents(target.db())).toEqual(expected);
      // Exported again, the target gives the same files.
      expect(await exportAll(into, usersFormat)).toEqual(files);
    });
  }
});
