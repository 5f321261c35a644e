import { BUILT_IN_PERMISSION_NAMES } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { getOrganizationCreationSettings } from "../instance-settings/index.ts";
import { getEffectivePermissions } from "../members/index.ts";
import { createMyOrganization, listMyOrganizations } from "../organization-access/index.ts";
import { useTestDatabase } from "../test-utils.ts";
import { seedDemoData } from "./seed-demo-data.ts";

const t = useTestDatabase();

describe("demo data", () => {
  it("creates the seed scenario once", async () => {
    const first = await seedDemoData(t.db());
    expect(first.created).toBe(true);
    const again = await seedDemoData(t.db());
    expect(again.created).toBe(false);
    expect(again.organizations.map((o) => o.name).sort()).toEqual(["Acme", "Globex"]);

    const [acme, globex] = ["Acme", "Globex"].map(
      (n) => first.organizations.find((o) => o.name === n)?.id ?? "",
    );
    const alice = await t.db().user.findUniqueOrThrow({ where: { email: "alice@example.com" } });
    const bob = await t.db().user.findUniqueOrThrow({ where: { email: "bob@example.com" } });
    const names = async (organizationId: string, userId: string) =>
      (await getEffectivePermissions(t.ctx(), { organizationId, userId }))
        .map((p) => p.name)
        .sort();
    // admin holds the demo permissions and every built-in one.
    expect(await names(acme ?? "", alice.id)).toEqual(
      [
        "invite:member",
        "manage:organization",
        "read:content",
        "remove:member",
        ...BUILT_IN_PERMISSION_NAMES,
      ].sort(),
    );
    expect(await names(acme ?? "", bob.id)).toEqual(["invite:member", "read:content"]);
    expect(await names(globex ?? "", alice.id)).toEqual(["invite:member", "read:content"]);

    expect(
      await t.db().organizationPermission.count({ where: { name: { startsWith: "guildhall:" } } }),
    ).toBe(BUILT_IN_PERMISSION_NAMES.length);
  });

  it("lets every user create organizations, as their admin", async () => {
    await seedDemoData(t.db());
    const admin = await t.db().organizationRole.findUniqueOrThrow({ where: { name: "admin" } });
    expect(await getOrganizationCreationSettings(t.ctx())).toEqual({
      policy: "everyone",
      creationRoleId: null,
      creatorRoleId: admin.id,
      limitPerUser: 5,
    });
    const bob = await t.db().user.findUniqueOrThrow({ where: { email: "bob@example.com" } });
    const org = await createMyOrganization(t.ctx({ actor: { type: "user", userId: bob.id } }), {
      name: "Bob's Band",
    });
    const mine = await listMyOrganizations(t.ctx({ actor: { type: "user", userId: bob.id } }));
    expect(mine.find((o) => o.id === org.id)).toMatchObject({
      roles: [{ id: admin.id, name: "admin" }],
    });
  });
});
