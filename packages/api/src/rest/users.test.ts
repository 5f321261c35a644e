import type { RestUser, RestOrganizationRole } from "@guildhall/validators/rest";
import { describe, expect, it } from "vitest";
import { unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();
const email = () => `${unique("user")}@example.com`;

describe("/api/users", () => {
  it("creates a user (200, Logto's shape, no secrets), gets, updates and deletes it", async () => {
    const primaryEmail = email();
    const created = await h.ok<RestUser>("POST", "/api/users", 200, {
      primaryEmail: primaryEmail.toUpperCase(),
      name: "Ada",
      avatar: "https://example.com/ada.png",
      customData: { team: "core" },
    });
    expect(created).toMatchObject({
      username: null,
      primaryEmail,
      primaryPhone: null,
      name: "Ada",
      avatar: "https://example.com/ada.png",
      customData: { team: "core" },
      isSuspended: false,
      lastSignInAt: null,
    });
    expect(JSON.stringify(created)).not.toMatch(/password/i);
    expect(await h.ok("GET", `/api/users/${created.id}`, 200)).toEqual(created);

    const updated = await h.ok<RestUser>("PATCH", `/api/users/${created.id}`, 200, {
      name: "",
      avatar: null,
      customData: {},
    });
    expect(updated).toMatchObject({ name: null, avatar: null, customData: {}, primaryEmail });

    await h.ok("DELETE", `/api/users/${created.id}`, 204);
    const gone = await h.call("GET", `/api/users/${created.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: "entity.not_exists_with_id" });
  });

  it("answers 422 user.email_already_in_use, on create and on update", async () => {
    const taken = await h.ok<RestUser>("POST", "/api/users", 200, { primaryEmail: email() });
    const create = await h.call("POST", "/api/users", {
      body: { primaryEmail: taken.primaryEmail },
    });
    expect(create.status).toBe(422);
    expect(create.body).toMatchObject({ code: "user.email_already_in_use" });
    const other = await h.ok<RestUser>("POST", "/api/users", 200, { primaryEmail: email() });
    const update = await h.call("PATCH", `/api/users/${other.id}`, {
      body: { primaryEmail: taken.primaryEmail },
    });
    expect(update.status).toBe(422);
  });

  it("rejects what Guildhall does not support with 400, never silently", async () => {
    expect(
      (await h.call("POST", "/api/users", { body: { primaryEmail: email(), username: null } }))
        .status,
    ).toBe(200);
    for (const body of [
      { primaryEmail: email(), username: "ada" },
      { primaryEmail: email(), primaryPhone: "+1555" },
      { name: "no email" },
    ]) {
      const response = await h.call("POST", "/api/users", { body });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: "guard.invalid_input" });
    }
  });

  it("sets a password and suspends a user", async () => {
    const u = await h.ok<RestUser>("POST", "/api/users", 200, { primaryEmail: email() });
    await h.ok("PATCH", `/api/users/${u.id}/password`, 200, { password: "correct horse battery" });
    const short = await h.call("PATCH", `/api/users/${u.id}/password`, {
      body: { password: "short" },
    });
    expect(short.status).toBe(400);
    expect(
      await h.ok<RestUser>("PATCH", `/api/users/${u.id}/is-suspended`, 200, { isSuspended: true }),
    ).toMatchObject({ isSuspended: true });
    expect(
      await h.ok<RestUser>("PATCH", `/api/users/${u.id}/is-suspended`, 200, { isSuspended: false }),
    ).toMatchObject({ isSuspended: false });
    expect(
      (await h.call("PATCH", "/api/users/ghost/is-suspended", { body: { isSuspended: true } }))
        .status,
    ).toBe(404);
  });

  it("lists users with q or Logto's search, paginated", async () => {
    const marker = unique("findme");
    const made = [];
    for (let i = 0; i < 3; i += 1)
      made.push(
        await h.ok<RestUser>("POST", "/api/users", 200, {
          primaryEmail: `${marker}-${i}@example.com`,
        }),
      );
    const page = await h.call<RestUser[]>("GET", `/api/users?q=${marker}&page_size=2`);
    expect(page.headers.get("total-number")).toBe("3");
    expect(page.body.map((u) => u.id)).toEqual([made[2]?.id, made[1]?.id]);
    const search = await h.ok<RestUser[]>(
      "GET",
      `/api/users?search=${encodeURIComponent(`%${marker}%`)}`,
      200,
    );
    expect(search).toHaveLength(3);
  });

  it("lists a user's organizations with the user's roles there", async () => {
    const u = await h.ok<RestUser>("POST", "/api/users", 200, { primaryEmail: email() });
    const role = await h.ok<RestOrganizationRole>("POST", "/api/organization-roles", 201, {
      name: unique("member"),
    });
    const orgs = [];
    for (let i = 0; i < 2; i += 1) {
      const org = await h.ok<{ id: string; name: string }>("POST", "/api/organizations", 201, {
        name: unique("Org"),
      });
      await h.ok("POST", `/api/organizations/${org.id}/users`, 201, { userIds: [u.id] });
      orgs.push(org);
    }
    await h.ok("POST", `/api/organizations/${orgs[1]?.id ?? ""}/users/${u.id}/roles`, 201, {
      organizationRoleIds: [role.id],
    });
    expect(await h.ok("GET", `/api/users/${u.id}/organizations`, 200)).toEqual([
      { id: orgs[0]?.id, name: orgs[0]?.name, description: null, organizationRoles: [] },
      {
        id: orgs[1]?.id,
        name: orgs[1]?.name,
        description: null,
        organizationRoles: [{ id: role.id, name: role.name }],
      },
    ]);
    expect((await h.call("GET", "/api/users/ghost/organizations")).status).toBe(404);
  });
});
