// Domain events: written with the change (or not at all), membership role changes with
// before/after from the database triggers, and positions given only to committed events.
import { describe, expect, it } from "vitest";
import { fixtures } from "../members/test-fixtures.ts";
import {
  addMembers,
  removeMember,
  replaceMemberRoles,
  assignMemberRoles,
} from "../members/index.ts";
import { createOrganization, updateOrganization } from "../organizations/index.ts";
import { deleteOrganizationRole, replaceRolePermissions } from "../organization-roles/index.ts";
import { useTestDatabase } from "../test-utils.ts";
import { readEventsAfter, sequenceEvents } from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);

async function eventsOf(organizationId: string) {
  return t.db().domainEvent.findMany({ where: { organizationId }, orderBy: { id: "asc" } });
}

describe("domain events", () => {
  it("are written in the mutation's transaction, with the request that caused it", async () => {
    const org = await createOrganization(
      { ...t.ctx(), request: { path: "/api/organizations", method: "POST" } },
      { name: "Events Inc" },
    );
    const [created] = await eventsOf(org.id);
    expect(created).toMatchObject({
      event: "Organization.Created",
      organizationId: org.id,
      path: "/api/organizations",
      method: "POST",
      actorType: "console",
      seq: null,
    });
    expect(created?.data).toMatchObject({ id: org.id, name: "Events Inc" });
  });

  it("are not written when the mutation fails", async () => {
    const org = await f.organization();
    const before = await t.db().domainEvent.count();
    // An empty name fails validation inside the service: no audit entry, no event.
    await expect(updateOrganization(t.ctx(), { id: org.id, name: "" })).rejects.toThrow();
    const rollback = t.db().$transaction(async (tx) => {
      await tx.domainEvent.create({ data: { event: "Organization.Data.Updated" } });
      throw new Error("abort");
    });
    await expect(rollback).rejects.toThrow("abort");
    expect(await t.db().domainEvent.count()).toBe(before);
  });

  it("report a member's roles before and after, once per transaction, with a new version", async () => {
    const [a, b, c] = [await f.role(), await f.role(), await f.role()];
    const org = await f.organization();
    const u = await f.user();
    await addMembers(t.ctx(), { organizationId: org.id, userIds: [u.id] });
    await assignMemberRoles(t.ctx(), {
      organizationId: org.id,
      userId: u.id,
      organizationRoleIds: [a.id, b.id],
      organizationRoleNames: [],
    });
    const v1 = (await t.db().organizationMember.findFirstOrThrow({ where: { userId: u.id } }))
      .rolesVersion;
    // replace = one delete and one insert statement, one event
    await replaceMemberRoles(t.ctx(), {
      organizationId: org.id,
      userId: u.id,
      organizationRoleIds: [b.id, c.id],
      organizationRoleNames: [],
    });
    const v2 = (await t.db().organizationMember.findFirstOrThrow({ where: { userId: u.id } }))
      .rolesVersion;
    expect(v2).toBeGreaterThan(v1);
    const roleEvents = (await eventsOf(org.id)).filter(
      (e) => e.event === "Organization.Membership.Roles.Updated",
    );
    const names = (roles: unknown) => (roles as { name: string }[]).map((r) => r.name);
    expect(roleEvents).toHaveLength(2);
    expect(names(roleEvents[0]?.data && (roleEvents[0].data as never)["before"])).toEqual([]);
    expect(names((roleEvents[0]?.data as never)["after"])).toEqual([a.name, b.name].sort());
    expect(names((roleEvents[1]?.data as never)["before"])).toEqual([a.name, b.name].sort());
    expect(names((roleEvents[1]?.data as never)["after"])).toEqual([b.name, c.name].sort());
    expect((roleEvents[1]?.data as never)["membershipVersion"]).toBe(String(v2));

    // Removing the member: roles become none, a newer version, and Membership.Updated.
    await removeMember(t.ctx(), { organizationId: org.id, userId: u.id });
    const last = (await eventsOf(org.id)).filter(
      (e) => e.event === "Organization.Membership.Roles.Updated",
    )[2];
    expect(last?.data).toMatchObject({ removed: true, after: [], userId: u.id });
    expect(BigInt((last?.data as never)["membershipVersion"])).toBeGreaterThan(v2);
    expect((await eventsOf(org.id)).map((e) => e.event)).toContain(
      "Organization.Membership.Updated",
    );
  });

  it("write one event for a template change, none per member", async () => {
    const role = await f.role();
    const org = await f.organization();
    const u = await f.user();
    await f.member(org.id, u.id, [role.id]);
    const before = await t.db().domainEvent.count({ where: { organizationId: org.id } });
    await deleteOrganizationRole(t.ctx(), { id: role.id });
    expect(await t.db().domainEvent.count({ where: { organizationId: org.id } })).toBe(before);
    expect(
      await t.db().domainEvent.count({
        where: { event: "OrganizationRole.Deleted", data: { path: ["id"], equals: role.id } },
      }),
    ).toBe(1);
  });

  it("name the permissions a template change took away, for token freshness monitors", async () => {
    const [keep, drop] = [await f.permission(), await f.permission()];
    const role = await f.role({ permissionIds: [keep.id, drop.id] });
    await replaceRolePermissions(t.ctx(), { roleId: role.id, permissionIds: [keep.id] });
    const changed = await t.db().domainEvent.findFirstOrThrow({
      where: { event: "OrganizationRole.Scopes.Updated", data: { path: ["id"], equals: role.id } },
    });
    expect(changed.data).toMatchObject({ removedPermissions: [drop.name] });
    await deleteOrganizationRole(t.ctx(), { id: role.id });
    const deleted = await t.db().domainEvent.findFirstOrThrow({
      where: { event: "OrganizationRole.Deleted", data: { path: ["id"], equals: role.id } },
    });
    expect(deleted.data).toMatchObject({ removedPermissions: [keep.name] });
  });

  it("get positions in commit order, and a reader resuming after N misses none", async () => {
    await sequenceEvents(t.db());
    const start = (await t.db().domainEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0n;
    // A slow transaction inserts first but commits last.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = t.db().$transaction(async (tx) => {
      await tx.domainEvent.create({ data: { event: "Organization.Data.Updated", data: { n: 1 } } });
      await gate;
    });
    await new Promise((r) => setTimeout(r, 50));
    await t
      .db()
      .domainEvent.create({ data: { event: "Organization.Data.Updated", data: { n: 2 } } });
    await sequenceEvents(t.db());
    const first = await readEventsAfter(t.db(), { afterSeq: start, limit: 10 });
    expect(first.map((e) => e.data["n"])).toEqual([2]);
    release();
    await slow;
    await sequenceEvents(t.db());
    const resumed = await readEventsAfter(t.db(), {
      afterSeq: BigInt(first[0]?.id ?? "0"),
      limit: 10,
    });
    expect(resumed.map((e) => e.data["n"])).toEqual([1]);
  });
});
