import type { RestUser, RestOrganizationRole } from "@guildhall/validators/rest";
import { verifyCredentials } from "@guildhall/core";
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

  it("creates a user with only a name, or with nothing, as Logto does", async () => {
    const named = await h.ok<RestUser>("POST", "/api/users", 200, { name: "Only A Name" });
    expect(named).toMatchObject({
      name: "Only A Name",
      username: null,
      primaryEmail: null,
      primaryPhone: null,
      profile: {},
    });
    const bare = await h.ok<RestUser>("POST", "/api/users", 200, {});
    expect(bare).toMatchObject({ name: null, username: null, primaryEmail: null });
    expect(await h.ok("GET", `/api/users/${bare.id}`, 200)).toEqual(bare);
    // Two users without email or username do not collide.
    expect(bare.id).not.toBe(named.id);
  });

  it("takes a username (case kept, unique regardless of case) and Logto's character rule", async () => {
    const username = `Ada_${unique("u").replaceAll("-", "_")}`;
    const created = await h.ok<RestUser>("POST", "/api/users", 200, { username });
    expect(created).toMatchObject({ username, primaryEmail: null });

    const conflict = await h.call("POST", "/api/users", {
      body: { username: username.toLowerCase() },
    });
    expect(conflict.status).toBe(422);
    expect(conflict.body).toMatchObject({ code: "user.username_already_in_use" });

    for (const bad of ["1ada", "ada-lovelace", "ada lovelace", "adá"]) {
      const response = await h.call("POST", "/api/users", { body: { username: bad } });
      expect(response.status, bad).toBe(400);
      expect(response.body).toMatchObject({ code: "guard.invalid_input" });
    }

    const other = await h.ok<RestUser>("POST", "/api/users", 200, { name: "Other" });
    const taken = await h.call("PATCH", `/api/users/${other.id}`, {
      body: { username: username.toUpperCase() },
    });
    expect(taken.status).toBe(422);
    expect(taken.body).toMatchObject({ code: "user.username_already_in_use" });
    // Its own username in another case is a rename, not a conflict; "" clears it.
    expect(
      await h.ok<RestUser>("PATCH", `/api/users/${created.id}`, 200, {
        username: username.toUpperCase(),
      }),
    ).toMatchObject({ username: username.toUpperCase() });
    expect(
      await h.ok<RestUser>("PATCH", `/api/users/${created.id}`, 200, { username: "" }),
    ).toMatchObject({ username: null });
  });

  it("takes a phone number (digits only, unique) and a profile", async () => {
    const primaryPhone = `1555${Date.now().toString().slice(-7)}`;
    const profile = {
      givenName: "Ada",
      familyName: "Lovelace",
      locale: "en-GB",
      address: { locality: "London", country: "GB" },
    };
    const created = await h.ok<RestUser>("POST", "/api/users", 200, { primaryPhone, profile });
    expect(created).toMatchObject({ primaryPhone, profile });
    const conflict = await h.call("POST", "/api/users", { body: { primaryPhone } });
    expect(conflict.status).toBe(422);
    expect(conflict.body).toMatchObject({ code: "user.phone_already_in_use" });
    for (const body of [
      { primaryPhone: "+15551234567" },
      { primaryPhone: "555 1234" },
      { profile: { favouriteColour: "teal" } },
      { profile: { address: { planet: "Earth" } } },
    ]) {
      const response = await h.call("POST", "/api/users", { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }

    // PATCH /users/{id} replaces the profile; PATCH /users/{id}/profile merges into it.
    const merged = await h.ok("PATCH", `/api/users/${created.id}/profile`, 200, {
      profile: { nickname: "Countess", address: { country: "FR" } },
    });
    expect(merged).toEqual({
      givenName: "Ada",
      familyName: "Lovelace",
      locale: "en-GB",
      nickname: "Countess",
      address: { country: "FR" },
    });
    expect((await h.ok<RestUser>("GET", `/api/users/${created.id}`, 200)).profile).toEqual(merged);
    const replaced = await h.ok<RestUser>("PATCH", `/api/users/${created.id}`, 200, {
      profile: { website: "https://example.com" },
      primaryPhone: null,
    });
    expect(replaced).toMatchObject({
      profile: { website: "https://example.com" },
      primaryPhone: null,
    });
    const ghost = await h.call("PATCH", "/api/users/ghost/profile", {
      body: { profile: { nickname: "x" } },
    });
    expect(ghost.status).toBe(404);
  });

  it("imports password digests it can verify; the user signs in and the hash becomes scrypt", async () => {
    const password = "imported-Passw0rd";
    const digests = {
      Bcrypt: "$2b$04$Qo1VKfA3XlRQHN9cO0E/PuSazB9Nvn4hVc.4hk3KPvpjPUPbDEpIC",
      Argon2id:
        "$argon2id$v=19$m=512,t=2,p=1$KhbdnBpcGc+jStvzMVFl1w$dGM5Gi/nvx3FkCIhVe4IFwV0gWpWbyHJOyp7JGn7C5g",
      Argon2i:
        "$argon2i$v=19$m=512,t=2,p=1$+NngegfwkSBY89szzStj+A$c9Noa+NoX5H+fGXFxCmf9X6GssnE4vsMatXY2LqKoRs",
      SHA256: "99cfdb79af893b3f23314ce0098b8b82f91ea48541635ecf35ae7a202cffe2c4",
      SHA1: "ce02d8c1adc349146730b4fccd76fea668922bee",
      MD5: "0a1db71e2abf0c45fe6c46e3bee276a6",
    };
    for (const [passwordAlgorithm, passwordDigest] of Object.entries(digests)) {
      const username = `imported_${passwordAlgorithm}_${unique("x").replaceAll("-", "_")}`;
      const user = await h.ok<RestUser>("POST", "/api/users", 200, {
        username,
        passwordDigest,
        passwordAlgorithm,
      });
      expect(JSON.stringify(user)).not.toContain(passwordDigest);
      // The Management API's check accepts the right password and refuses a wrong one.
      await h.ok("POST", `/api/users/${user.id}/password/verify`, 204, { password });
      const wrong = await h.call("POST", `/api/users/${user.id}/password/verify`, {
        body: { password: "not-the-password" },
      });
      expect(wrong.status, passwordAlgorithm).toBe(422);

      // Signing in (with the username, any case) replaces the digest with Guildhall's hash.
      const signedIn = await verifyCredentials(h.db, {
        identifier: username.toUpperCase(),
        password,
      });
      expect(signedIn.id).toBe(user.id);
      const row = await h.db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row.passwordHash, passwordAlgorithm).toMatch(/^scrypt\$/);
      await h.ok("POST", `/api/users/${user.id}/password/verify`, 204, { password });
    }
  });

  it("refuses unsupported digests, malformed ones and ambiguous password fields with 400", async () => {
    for (const body of [
      { passwordDigest: '["sha256",["salt","@"],"abc"]', passwordAlgorithm: "Legacy" },
      { passwordDigest: "abc", passwordAlgorithm: "Scrypt" },
      { passwordDigest: "not-a-bcrypt-hash", passwordAlgorithm: "Bcrypt" },
      { passwordDigest: "0a1db71e2abf0c45fe6c46e3bee276a6", passwordAlgorithm: "SHA256" },
      // An Argon2id digest declared as Argon2i.
      {
        passwordDigest:
          "$argon2id$v=19$m=512,t=2,p=1$KhbdnBpcGc+jStvzMVFl1w$dGM5Gi/nvx3FkCIhVe4IFwV0gWpWbyHJOyp7JGn7C5g",
        passwordAlgorithm: "Argon2i",
      },
      // A cost that would make every sign-in attempt take minutes.
      {
        passwordDigest: "$2b$31$Qo1VKfA3XlRQHN9cO0E/PuSazB9Nvn4hVc.4hk3KPvpjPUPbDEpIC",
        passwordAlgorithm: "Bcrypt",
      },
      { passwordDigest: "0a1db71e2abf0c45fe6c46e3bee276a6" },
      { passwordAlgorithm: "MD5" },
      {
        password: "a-long-password-1",
        passwordDigest: "0a1db71e2abf0c45fe6c46e3bee276a6",
        passwordAlgorithm: "MD5",
      },
    ]) {
      const response = await h.call<{ code: string; message: string }>("POST", "/api/users", {
        body: { name: "Digest", ...body },
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe("guard.invalid_input");
    }
    const legacy = await h.call<{ message: string }>("POST", "/api/users", {
      body: { passwordDigest: "x", passwordAlgorithm: "Legacy" },
    });
    expect(legacy.body.message).toMatch(/Legacy.*not supported/);
  });

  it("finds users by username and phone with q", async () => {
    const marker = unique("finder").replaceAll("-", "_");
    const byName = await h.ok<RestUser>("POST", "/api/users", 200, { username: `Zed_${marker}` });
    await h.ok("POST", "/api/users", 200, { name: "Not it" });
    const found = await h.ok<RestUser[]>(
      "GET",
      `/api/users?q=${encodeURIComponent(`zed_${marker}`.toUpperCase())}`,
      200,
    );
    expect(found.map((u) => u.id)).toEqual([byName.id]);
    const prefix = await h.ok<RestUser[]>(
      "GET",
      `/api/users?search=${encodeURIComponent(`%Zed_${marker.slice(0, 10)}%`)}`,
      200,
    );
    expect(prefix.map((u) => u.id)).toContain(byName.id);
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
