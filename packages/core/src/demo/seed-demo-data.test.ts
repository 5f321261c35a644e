import { describe, expect, it } from "vitest";
import { getEffectivePermissions } from "../members/index.ts";
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
    expect(await names(acme ?? "", alice.id)).toEqual([
      "invite:member",
      "manage:organization",
      "read:content",
      "remove:member",
    ]);
    expect(await names(acme ?? "", bob.id)).toEqual(["invite:member", "read:content"]);
    expect(await names(globex ?? "", alice.id)).toEqual(["invite:member", "read:content"]);
  });
});
