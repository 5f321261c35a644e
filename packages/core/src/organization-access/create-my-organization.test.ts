// Users creating organizations themselves: who may (the console's policy), with which role,
// and how many.
import { BUILT_IN_PERMISSIONS as P } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_ORGANIZATION_CREATION,
  getOrganizationCreationSettings,
  updateOrganizationCreationSettings,
} from "../instance-settings/index.ts";
import { isDomainError } from "../errors.ts";
import { expectCode, memberRows } from "../members/test-fixtures.ts";
import { unique } from "../test-utils.ts";
import { createMyOrganization, listMyOrganizations } from "./index.ts";
import { ALL, organizationAccessKit } from "./test-kit.ts";

const { t, f, roleWith, as } = organizationAccessKit();
const { roleIdsOf } = memberRows(t.db);

const collaborator = () =>
  t.ctx({ actor: { type: "console", userId: "collab", role: "collaborator" } });
const managementApi = () => t.ctx({ actor: { type: "management_api", clientId: "m2m" } });
const createdBy = (userId: string) => t.db().organization.count({ where: { createdById: userId } });

/** The policy "everyone" with a creator role holding every built-in permission. */
async function everyone(limitPerUser = 5) {
  const creator = await roleWith(...ALL);
  await updateOrganizationCreationSettings(t.ctx(), {
    policy: "everyone",
    creationRoleId: null,
    creatorRoleId: creator.id,
    limitPerUser,
  });
  return creator;
}

describe("createMyOrganization", () => {
  it("is refused by default: nobody creates organizations until an admin says so", async () => {
    // A new instance has no settings row.
    await t.db().instanceSettings.deleteMany();
    expect(await getOrganizationCreationSettings(t.ctx())).toEqual(DEFAULT_ORGANIZATION_CREATION);
    const user = await f.user();
    const error = await expectCode(
      createMyOrganization(as(user.id), { name: "Mine" }),
      "organization.creation_not_allowed",
    );
    expect(error.status).toBe(403);
    expect(await createdBy(user.id)).toBe(0);
  });

  it("with policy everyone: the caller joins the new organization with the creator role, audited", async () => {
    const creator = await everyone();
    const user = await f.user();
    const name = unique("Startup");
    const org = await createMyOrganization(as(user.id), { name, description: "Ours" });
    expect(org).toMatchObject({ name, description: "Ours", customData: {}, isMfaRequired: false });
    expect(await roleIdsOf(org.id, user.id)).toEqual([creator.id]);
    expect(await t.db().organization.findUniqueOrThrow({ where: { id: org.id } })).toMatchObject({
      createdById: user.id,
    });
    const audit = await t.db().auditLog.findMany({
      where: { organizationId: org.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action).sort()).toEqual(["member.added", "organization.created"]);
    expect(audit.every((a) => a.actorType === "user" && a.actorId === user.id)).toBe(true);
    const [mine] = await listMyOrganizations(as(user.id));
    expect(mine).toMatchObject({ id: org.id, roles: [{ id: creator.id, name: creator.name }] });
    expect(mine?.permissions).toEqual([...ALL].sort());
  });

  it("with policy global_role: only users holding that role", async () => {
    const creator = await roleWith(P.membersRoles);
    const founders = await t.db().role.create({ data: { name: unique("founders") } });
    await updateOrganizationCreationSettings(t.ctx(), {
      policy: "global_role",
      creationRoleId: founders.id,
      creatorRoleId: creator.id,
    });
    const [founder, other] = [await f.user(), await f.user()];
    await t.db().userRole.create({ data: { userId: founder.id, roleId: founders.id } });
    await expectCode(
      createMyOrganization(as(other.id), { name: "Not mine" }),
      "organization.creation_not_allowed",
    );
    const org = await createMyOrganization(as(founder.id), { name: unique("Founded") });
    expect(await roleIdsOf(org.id, founder.id)).toEqual([creator.id]);
    // Deleting the global role leaves nobody holding it, not everyone.
    await t.db().role.delete({ where: { id: founders.id } });
    expect(await getOrganizationCreationSettings(t.ctx())).toMatchObject({
      policy: "global_role",
      creationRoleId: null,
    });
    await expectCode(
      createMyOrganization(as(founder.id), { name: unique("Again") }),
      "organization.creation_not_allowed",
    );
  });

  it("stops at the limit per user", async () => {
    await everyone(2);
    const [user, other] = [await f.user(), await f.user()];
    await createMyOrganization(as(user.id), { name: unique("One") });
    await createMyOrganization(as(user.id), { name: unique("Two") });
    const error = await expectCode(
      createMyOrganization(as(user.id), { name: unique("Three") }),
      "organization.creation_limit_reached",
    );
    expect(error.data).toEqual({ limit: 2 });
    expect(await createdBy(user.id)).toBe(2);
    // Counted per user; organizations the console made for them do not count.
    await createMyOrganization(as(other.id), { name: unique("Theirs") });
    const granted = await f.organization();
    await f.member(granted.id, user.id);
    expect(await createdBy(user.id)).toBe(2);
  });

  it("stops at the limit under concurrent requests", async () => {
    await everyone(2);
    const user = await f.user();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => createMyOrganization(as(user.id), { name: `Race ${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    for (const r of results)
      if (r.status === "rejected")
        expect(isDomainError(r.reason) && r.reason.code).toBe(
          "organization.creation_limit_reached",
        );
    expect(await createdBy(user.id)).toBe(2);
  });

  it("refuses suspended users and callers without an account of their own", async () => {
    await everyone();
    const user = await f.user();
    await t.db().user.update({ where: { id: user.id }, data: { suspendedAt: new Date() } });
    await expectCode(createMyOrganization(as(user.id), { name: "Nope" }), "user.suspended");
    await expectCode(createMyOrganization(managementApi(), { name: "Nope" }), "auth.forbidden");
    await expectCode(
      createMyOrganization(as(user.id), { name: "Nope", customData: {} } as never),
      "guard.invalid_input",
    );
    expect(await createdBy(user.id)).toBe(0);
  });
});

describe("organization creation settings", () => {
  it("console admins and the Management API change them; collaborators only read them", async () => {
    await expectCode(
      updateOrganizationCreationSettings(collaborator(), { policy: "everyone" }),
      "auth.forbidden",
    );
    const user = await f.user();
    await expectCode(
      updateOrganizationCreationSettings(as(user.id), { policy: "everyone" }),
      "auth.forbidden",
    );
    await expectCode(getOrganizationCreationSettings(as(user.id)), "auth.forbidden");
    const settings = await updateOrganizationCreationSettings(managementApi(), {
      policy: "nobody",
      limitPerUser: 3,
    });
    expect(settings).toMatchObject({ policy: "nobody", limitPerUser: 3 });
    expect(await getOrganizationCreationSettings(collaborator())).toEqual(settings);
    expect(
      await t.db().auditLog.findFirst({
        where: { action: "instance_settings.organization_creation_updated", actorId: "m2m" },
      }),
    ).toMatchObject({ data: { after: settings } });
  });

  it("check the roles they name", async () => {
    const machine = await f.role({ type: "MachineToMachine" });
    const machineGlobal = await t
      .db()
      .role.create({ data: { name: unique("machines"), type: "MachineToMachine" } });
    await expectCode(
      updateOrganizationCreationSettings(t.ctx(), { creatorRoleId: "no-such-role" }),
      "organization_role.not_found",
    );
    await expectCode(
      updateOrganizationCreationSettings(t.ctx(), { creatorRoleId: machine.id }),
      "organization_role.not_found",
    );
    await expectCode(
      updateOrganizationCreationSettings(t.ctx(), {
        policy: "global_role",
        creationRoleId: "no-such-role",
      }),
      "role.not_found",
    );
    await expectCode(
      updateOrganizationCreationSettings(t.ctx(), {
        policy: "global_role",
        creationRoleId: machineGlobal.id,
      }),
      "role.not_found",
    );
    await updateOrganizationCreationSettings(t.ctx(), { policy: "nobody", creationRoleId: null });
    await expectCode(
      updateOrganizationCreationSettings(t.ctx(), { policy: "global_role" }),
      "guard.invalid_input",
    );
    await expectCode(
      updateOrganizationCreationSettings(t.ctx(), { limitPerUser: 0 }),
      "guard.invalid_input",
    );
    expect(await getOrganizationCreationSettings(t.ctx())).toMatchObject({
      policy: "nobody",
      creationRoleId: null,
    });
  });
});
