import type {
  RestOrganization,
  RestOrganizationRole,
  RestOrganizationScope,
  RestOrganizationUser,
  RestUser,
} from "@guildhall/validators/rest";
import { beforeAll, describe, expect, it } from "vitest";
import { parseLinks, unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();

const user = () =>
  h.ok<RestUser>("POST", "/api/users", 200, {
    primaryEmail: `${unique("u")}@example.com`,
    name: unique("User"),
  });
const organization = () =>
  h.ok<RestOrganization>("POST", "/api/organizations", 201, { name: unique("Org") });
const scope = () =>
  h.ok<RestOrganizationScope>("POST", "/api/organization-scopes", 201, {
    name: unique("do:thing"),
  });
const role = (body: Record<string, unknown> = {}) =>
  h.ok<RestOrganizationRole>("POST", "/api/organization-roles", 201, {
    name: unique("role"),
    ...body,
  });

describe("/api/organizations/{id}/users", () => {
  it("adds members (201, echoing userIds), idempotently", async () => {
    const org = await organization();
    const [a, b] = [await user(), await user()];
    const added = await h.call("POST", `/api/organizations/${org.id}/users`, {
      body: { userIds: [a.id, b.id] },
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ userIds: [a.id, b.id] });
    // Again, with one already a member: still 201, nothing duplicated.
    await h.ok("POST", `/api/organizations/${org.id}/users`, 201, { userIds: [a.id] });
    const list = await h.call<RestOrganizationUser[]>("GET", `/api/organizations/${org.id}/users`);
    expect(list.headers.get("total-number")).toBe("2");
    expect(list.body.map((m) => m.id)).toEqual([a.id, b.id]);
    expect(list.body[0]).toMatchObject({ primaryEmail: a.primaryEmail, organizationRoles: [] });
  });

  it("answers 422 entity.relation_foreign_key_not_found for unknown users and an unknown organization (as Logto); 404 to list one", async () => {
    const org = await organization();
    const missingUser = await h.call("POST", `/api/organizations/${org.id}/users`, {
      body: { userIds: ["ghost"] },
    });
    expect(missingUser.status).toBe(422);
    expect(missingUser.body).toMatchObject({
      code: "entity.relation_foreign_key_not_found",
      data: { userIds: ["ghost"] },
    });

    const u = await user();
    const missingOrg = await h.call("POST", "/api/organizations/ghost/users", {
      body: { userIds: [u.id] },
    });
    expect(missingOrg.status).toBe(422);
    expect(missingOrg.body).toMatchObject({ code: "entity.relation_foreign_key_not_found" });
    const replaceMissing = await h.call("PUT", "/api/organizations/ghost/users", {
      body: { userIds: [u.id] },
    });
    expect(replaceMissing.status).toBe(422);
    expect(replaceMissing.body).toMatchObject({ code: "entity.relation_foreign_key_not_found" });
    const bulkMissing = await h.call("POST", "/api/organizations/ghost/users/roles", {
      body: { userIds: [u.id], organizationRoleIds: [(await role()).id] },
    });
    expect(bulkMissing.status).toBe(422);
    expect(bulkMissing.body).toMatchObject({ code: "entity.relation_foreign_key_not_found" });
    // Logto checks the membership first on a member's roles: an unknown organization is "not a member".
    const memberRoles = await h.call("GET", `/api/organizations/ghost/users/${u.id}/roles`);
    expect(memberRoles.status).toBe(422);
    expect(memberRoles.body).toMatchObject({ code: "organization.require_membership" });

    const listMissing = await h.call("GET", "/api/organizations/ghost/users");
    expect(listMissing.status).toBe(404);
  });

  it("requires at least one user id to add", async () => {
    const org = await organization();
    const response = await h.call("POST", `/api/organizations/${org.id}/users`, {
      body: { userIds: [] },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "guard.invalid_input" });
  });

  it("replaces members, keeping the roles of those who stay (204)", async () => {
    const org = await organization();
    const r = await role();
    const [stay, leave, join] = [await user(), await user(), await user()];
    await h.ok("POST", `/api/organizations/${org.id}/users`, 201, { userIds: [stay.id, leave.id] });
    await h.ok("POST", `/api/organizations/${org.id}/users/${stay.id}/roles`, 201, {
      organizationRoleIds: [r.id],
    });
    await h.ok("PUT", `/api/organizations/${org.id}/users`, 204, { userIds: [stay.id, join.id] });
    const list = await h.ok<RestOrganizationUser[]>(
      "GET",
      `/api/organizations/${org.id}/users`,
      200,
    );
    expect(list.map((m) => [m.id, m.organizationRoles.map((x) => x.id)])).toEqual([
      [stay.id, [r.id]],
      [join.id, []],
    ]);
    await h.ok("PUT", `/api/organizations/${org.id}/users`, 204, { userIds: [] });
    expect(await h.ok("GET", `/api/organizations/${org.id}/users`, 200)).toEqual([]);
  });

  it("removes a member (204), then answers 404 entity.not_found", async () => {
    const org = await organization();
    const u = await user();
    await h.ok("POST", `/api/organizations/${org.id}/users`, 201, { userIds: [u.id] });
    await h.ok("DELETE", `/api/organizations/${org.id}/users/${u.id}`, 204);
    const again = await h.call("DELETE", `/api/organizations/${org.id}/users/${u.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: "entity.not_found" });
  });

  describe("search, filter and pagination", () => {
    let orgId = "";
    let admin = "";
    const members: RestUser[] = [];
    beforeAll(async () => {
      orgId = (await organization()).id;
      admin = (await role()).id;
      for (let i = 0; i < 5; i += 1) members.push(await user());
      await h.ok("POST", `/api/organizations/${orgId}/users`, 201, {
        userIds: members.map((m) => m.id),
      });
      await h.ok("POST", `/api/organizations/${orgId}/users/roles`, 201, {
        userIds: [members[1]?.id, members[3]?.id],
        organizationRoleIds: [admin],
      });
    });

    it("pages with Total-Number and Link", async () => {
      const page = await h.call<RestOrganizationUser[]>(
        "GET",
        `/api/organizations/${orgId}/users?page=2&page_size=2`,
      );
      expect(page.body.map((m) => m.id)).toEqual([members[2]?.id, members[3]?.id]);
      expect(page.headers.get("total-number")).toBe("5");
      const links = parseLinks(page.headers.get("link"));
      expect(new URL(links.prev ?? "").searchParams.get("page")).toBe("1");
      expect(new URL(links.next ?? "").searchParams.get("page")).toBe("3");
      expect(new URL(links.last ?? "").searchParams.get("page")).toBe("3");
    });

    it("searches by email, name or id with q", async () => {
      const target = members[4];
      const byEmail = await h.ok<RestOrganizationUser[]>(
        "GET",
        `/api/organizations/${orgId}/users?q=${encodeURIComponent(target?.primaryEmail?.slice(0, 8) ?? "")}`,
        200,
      );
      expect(byEmail.map((m) => m.id)).toEqual([target?.id]);
      const byName = await h.ok<RestOrganizationUser[]>(
        "GET",
        `/api/organizations/${orgId}/users?q=${encodeURIComponent(target?.name?.toUpperCase() ?? "")}`,
        200,
      );
      expect(byName.map((m) => m.id)).toEqual([target?.id]);
      const byId = await h.ok<RestOrganizationUser[]>(
        "GET",
        `/api/organizations/${orgId}/users?q=${target?.id ?? ""}`,
        200,
      );
      expect(byId.map((m) => m.id)).toEqual([target?.id]);
    });

    it("filters by organizationRoleId", async () => {
      const admins = await h.call<RestOrganizationUser[]>(
        "GET",
        `/api/organizations/${orgId}/users?organizationRoleId=${admin}`,
      );
      expect(admins.body.map((m) => m.id)).toEqual([members[1]?.id, members[3]?.id]);
      expect(admins.headers.get("total-number")).toBe("2");
      expect(admins.body[0]?.organizationRoles).toEqual([
        { id: admin, name: expect.any(String) as string },
      ]);
    });
  });
});

describe("/api/organizations/{id}/users/roles", () => {
  it("assigns roles to several members (201), idempotently", async () => {
    const org = await organization();
    const [r1, r2] = [await role(), await role()];
    const [a, b] = [await user(), await user()];
    await h.ok("POST", `/api/organizations/${org.id}/users`, 201, { userIds: [a.id, b.id] });
    const body = { userIds: [a.id, b.id], organizationRoleIds: [r1.id, r2.id] };
    await h.ok("POST", `/api/organizations/${org.id}/users/roles`, 201, body);
    await h.ok("POST", `/api/organizations/${org.id}/users/roles`, 201, body);
    const roles = await h.ok<RestOrganizationRole[]>(
      "GET",
      `/api/organizations/${org.id}/users/${b.id}/roles`,
      200,
    );
    expect(roles.map((r) => r.id).sort()).toEqual([r1.id, r2.id].sort());
  });

  it("answers 422 entity.relation_foreign_key_not_found for non-members and unknown roles (Logto inserts the pairs)", async () => {
    const org = await organization();
    const r = await role();
    const [member, outsider] = [await user(), await user()];
    await h.ok("POST", `/api/organizations/${org.id}/users`, 201, { userIds: [member.id] });
    const notMember = await h.call("POST", `/api/organizations/${org.id}/users/roles`, {
      body: { userIds: [member.id, outsider.id], organizationRoleIds: [r.id] },
    });
    expect(notMember.status).toBe(422);
    expect(notMember.body).toMatchObject({
      code: "entity.relation_foreign_key_not_found",
      data: { userIds: [outsider.id] },
    });
    // All or nothing: the member got nothing either.
    expect(await h.db.organizationMemberRole.count({ where: { organizationId: org.id } })).toBe(0);

    const unknownRole = await h.call("POST", `/api/organizations/${org.id}/users/roles`, {
      body: { userIds: [member.id], organizationRoleIds: ["ghost-role"] },
    });
    expect(unknownRole.status).toBe(422);
    expect(unknownRole.body).toMatchObject({ code: "entity.relation_foreign_key_not_found" });
  });
});

describe("/api/organizations/{id}/users/{userId}/roles", () => {
  let orgId = "";
  let memberId = "";
  beforeAll(async () => {
    orgId = (await organization()).id;
    memberId = (await user()).id;
    await h.ok("POST", `/api/organizations/${orgId}/users`, 201, { userIds: [memberId] });
  });

  it("adds roles by id and by name (201, the resolved ids), idempotently; lists them by name", async () => {
    const [byId, byName] = [await role(), await role()];
    const added = await h.call("POST", `/api/organizations/${orgId}/users/${memberId}/roles`, {
      body: { organizationRoleIds: [byId.id], organizationRoleNames: [byName.name] },
    });
    expect(added.status).toBe(201);
    expect((added.body as { organizationRoleIds: string[] }).organizationRoleIds.sort()).toEqual(
      [byId.id, byName.id].sort(),
    );
    await h.ok("POST", `/api/organizations/${orgId}/users/${memberId}/roles`, 201, {
      organizationRoleIds: [byId.id],
    });

    const all = await h.call<RestOrganizationRole[]>(
      "GET",
      `/api/organizations/${orgId}/users/${memberId}/roles`,
    );
    expect(all.body.map((r) => r.name)).toEqual([byId.name, byName.name].sort());
    expect(all.headers.get("total-number")).toBeNull(); // pagination is optional here

    const paged = await h.call<RestOrganizationRole[]>(
      "GET",
      `/api/organizations/${orgId}/users/${memberId}/roles?page_size=1`,
    );
    expect(paged.body).toHaveLength(1);
    expect(paged.headers.get("total-number")).toBe("2");
  });

  it("replaces roles (204) and removes one (204, then 404 entity.not_found)", async () => {
    const [a, b] = [await role(), await role()];
    await h.ok("PUT", `/api/organizations/${orgId}/users/${memberId}/roles`, 204, {
      organizationRoleIds: [a.id, b.id],
    });
    await h.ok("PUT", `/api/organizations/${orgId}/users/${memberId}/roles`, 204, {
      organizationRoleNames: [b.name],
    });
    expect(
      (
        await h.ok<RestOrganizationRole[]>(
          "GET",
          `/api/organizations/${orgId}/users/${memberId}/roles`,
          200,
        )
      ).map((r) => r.id),
    ).toEqual([b.id]);

    await h.ok("DELETE", `/api/organizations/${orgId}/users/${memberId}/roles/${b.id}`, 204);
    const notHeld = await h.call(
      "DELETE",
      `/api/organizations/${orgId}/users/${memberId}/roles/${b.id}`,
    );
    expect(notHeld.status).toBe(404);
    expect(notHeld.body).toMatchObject({ code: "entity.not_found" });
    const noSuchRole = await h.call(
      "DELETE",
      `/api/organizations/${orgId}/users/${memberId}/roles/ghost`,
    );
    expect(noSuchRole.status).toBe(404);
    expect(noSuchRole.body).toMatchObject({ code: "entity.not_found" });
  });

  it("answers 422 organization.role_names_not_found for unknown names, and foreign key for unknown ids", async () => {
    const names = await h.call("POST", `/api/organizations/${orgId}/users/${memberId}/roles`, {
      body: { organizationRoleNames: ["no-such-role"] },
    });
    expect(names.status).toBe(422);
    expect(names.body).toMatchObject({
      code: "organization.role_names_not_found",
      data: { roleNames: ["no-such-role"] },
    });
    const ids = await h.call("PUT", `/api/organizations/${orgId}/users/${memberId}/roles`, {
      body: { organizationRoleIds: ["no-such-id"] },
    });
    expect(ids.status).toBe(422);
    expect(ids.body).toMatchObject({ code: "entity.relation_foreign_key_not_found" });
  });

  it("refuses machine-to-machine roles for users (422 entity.db_constraint_violated, as Logto)", async () => {
    const m2m = await role({ type: "MachineToMachine" });
    const response = await h.call("POST", `/api/organizations/${orgId}/users/${memberId}/roles`, {
      body: { organizationRoleIds: [m2m.id] },
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: "entity.db_constraint_violated" });
  });

  it("answers 422 organization.require_membership for a user who is not a member", async () => {
    const outsider = await user();
    for (const [method, path, body] of [
      ["GET", "roles"],
      ["POST", "roles", { organizationRoleIds: [] }],
      ["PUT", "roles", { organizationRoleIds: [] }],
      ["GET", "scopes"],
    ] as const) {
      const response = await h.call(
        method,
        `/api/organizations/${orgId}/users/${outsider.id}/${path}`,
        body ? { body } : {},
      );
      expect(response.status, `${method} ${path}`).toBe(422);
      expect(response.body).toMatchObject({ code: "organization.require_membership" });
    }
  });
});

describe("/api/organizations/{id}/users/{userId}/scopes", () => {
  it("lists the member's effective scopes, following the template", async () => {
    const org = await organization();
    const u = await user();
    const [read, write] = [await scope(), await scope()];
    const r = await role({ organizationScopeIds: [read.id] });
    await h.ok("POST", `/api/organizations/${org.id}/users`, 201, { userIds: [u.id] });
    expect(await h.ok("GET", `/api/organizations/${org.id}/users/${u.id}/scopes`, 200)).toEqual([]);
    await h.ok("POST", `/api/organizations/${org.id}/users/${u.id}/roles`, 201, {
      organizationRoleIds: [r.id],
    });
    expect(await h.ok("GET", `/api/organizations/${org.id}/users/${u.id}/scopes`, 200)).toEqual([
      read,
    ]);
    // A template change shows at once.
    await h.ok("POST", `/api/organization-roles/${r.id}/scopes`, 201, {
      organizationScopeIds: [write.id],
    });
    const scopes = await h.ok<RestOrganizationScope[]>(
      "GET",
      `/api/organizations/${org.id}/users/${u.id}/scopes`,
      200,
    );
    expect(scopes.map((s) => s.id).sort()).toEqual([read.id, write.id].sort());
  });
});

describe("/api/organizations/{id}/users by keyset", () => {
  it("sends Next-Cursor with full pages; `cursor` walks the list with the total and a Link to the next page", async () => {
    const org = await organization();
    const members = [await user(), await user(), await user(), await user(), await user()];
    await h.ok("POST", `/api/organizations/${org.id}/users`, 201, {
      userIds: members.map((m) => m.id),
    });
    const first = await h.call<RestOrganizationUser[]>(
      "GET",
      `/api/organizations/${org.id}/users?page_size=2`,
    );
    expect(first.headers.get("total-number")).toBe("5");
    const seen = first.body.map((m) => m.id);
    let cursor = first.headers.get("next-cursor");
    while (cursor) {
      const next = await h.call<RestOrganizationUser[]>(
        "GET",
        `/api/organizations/${org.id}/users?page_size=2&cursor=${encodeURIComponent(cursor)}`,
      );
      expect(next.status).toBe(200);
      expect(next.headers.get("total-number")).toBe("5");
      seen.push(...next.body.map((m) => m.id));
      const following = next.headers.get("next-cursor");
      if (following) expect(parseLinks(next.headers.get("link")).next).toContain("cursor=");
      cursor = following;
    }
    expect(seen.sort()).toEqual(members.map((m) => m.id).sort());

    const both = await h.call("GET", `/api/organizations/${org.id}/users?page=2&cursor=abc`);
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({ code: "guard.invalid_pagination" });
    const forged = await h.call("GET", `/api/organizations/${org.id}/users?cursor=not-ours`);
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ code: "guard.invalid_input" });
  });
});
