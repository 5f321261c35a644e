// The overview's recent activity names who did what, to what, and where.
import { overview } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { createApplication } from "../applications/index.ts";
import { removeMember, removeMembers } from "../members/index.ts";
import { fixtures } from "../members/test-fixtures.ts";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import { getOverview } from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);

describe("overview", () => {
  it("names the actor, the target and the organization of each recent entry", async () => {
    const alice = await f.user({ name: "Alice" });
    const bob = await f.user();
    const carol = await f.user();
    const org = await f.organization();
    await f.member(org.id, bob.id);
    await f.member(org.id, carol.id);
    const asAlice = t.ctx({ actor: { type: "console", userId: alice.id, role: "admin" } });
    const { application } = await createApplication(asAlice, {
      name: "Acme backend",
      type: "MachineToMachine",
    });
    const asApp = t.ctx({ actor: { type: "management_api", clientId: application.id } });
    await removeMember(asAlice, { organizationId: org.id, userId: bob.id });
    await removeMembers(asApp, { organizationId: org.id, userIds: [carol.id] });

    const result = await getOverview(asAlice);
    expect(overview.strict().parse(result)).toEqual(result);
    const [bulk, removed] = result.recentActivity;
    expect(bulk).toMatchObject({
      action: "member.bulk_removed",
      actor: { type: "application", id: application.id, name: "Acme backend" },
      target: { type: "organization", id: org.id, name: org.name },
      organization: { id: org.id, name: org.name },
      count: 1,
    });
    expect(removed).toMatchObject({
      action: "member.removed",
      actor: { type: "user", id: alice.id, name: "Alice" },
      // A member entry points at the user; without a name, the email names them.
      target: { type: "user", id: bob.id, name: bob.email },
      organization: { id: org.id, name: org.name },
      count: null,
    });
  });

  it("keeps the ids of what was deleted since, without a name", async () => {
    const gone = await f.user();
    const org = await f.organization();
    await f.member(org.id, gone.id);
    const asGone = t.ctx({ actor: { type: "console", userId: gone.id, role: "admin" } });
    await removeMember(asGone, { organizationId: org.id, userId: gone.id });
    await t.db().user.delete({ where: { id: gone.id } });
    await t.db().organization.delete({ where: { id: org.id } });

    const [latest] = (await getOverview(t.ctx())).recentActivity;
    expect(latest).toMatchObject({
      action: "member.removed",
      actor: { type: "user", id: gone.id, name: null },
      target: { type: "user", id: gone.id, name: null },
      organization: { id: org.id, name: null },
    });
  });

  it("names no actor for the system, and is not for end users", async () => {
    const org = await f.organization();
    const u = await f.user();
    await f.member(org.id, u.id);
    await removeMember(t.ctx({ actor: { type: "system" } }), {
      organizationId: org.id,
      userId: u.id,
    });
    const [latest] = (await getOverview(t.ctx())).recentActivity;
    expect(latest).toMatchObject({ actorType: "system", actor: null });
    await expectDomainError(
      getOverview(t.ctx({ actor: { type: "user", userId: u.id } })),
      "auth.forbidden",
    );
  });
});
