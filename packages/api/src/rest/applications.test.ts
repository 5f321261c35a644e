import type {
  RestApplication,
  RestOrganization,
  RestOrganizationApplication,
  RestOrganizationRole,
} from "@guildhall/validators/rest";
import { describe, expect, it } from "vitest";
import { unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();

type Created = RestApplication & { secret: string | null };
const application = (body: Record<string, unknown> = {}) =>
  h.ok<Created>("POST", "/api/applications", 200, {
    name: unique("App"),
    type: "MachineToMachine",
    ...body,
  });
const organization = () =>
  h.ok<RestOrganization>("POST", "/api/organizations", 201, { name: unique("Org") });
const role = (type: "User" | "MachineToMachine" = "MachineToMachine") =>
  h.ok<RestOrganizationRole>("POST", "/api/organization-roles", 201, {
    name: unique("role"),
    type,
  });

describe("/api/applications", () => {
  it("creates (200) with the secret once, then gets, patches, lists and deletes", async () => {
    const created = await application({
      type: "Traditional",
      oidcClientMetadata: { redirectUris: ["https://app.example.com/callback"] },
      customClientMetadata: { accessTokenTtl: 600 },
    });
    expect(created).toMatchObject({
      type: "Traditional",
      oidcClientMetadata: {
        redirectUris: ["https://app.example.com/callback"],
        postLogoutRedirectUris: [],
      },
      customClientMetadata: { accessTokenTtl: 600, refreshTokenTtl: 1_209_600 },
      isThirdParty: false,
    });
    expect(created.secret).toMatch(/^ghs_/);
    const spa = await application({ type: "SPA" });
    expect(spa.secret).toBeNull();

    const got = await h.ok<RestApplication>("GET", `/api/applications/${created.id}`, 200);
    expect(got).not.toHaveProperty("secret");
    expect(got.createdAt).toBe(created.createdAt);

    const patched = await h.ok<RestApplication>("PATCH", `/api/applications/${created.id}`, 200, {
      name: "Renamed",
      oidcClientMetadata: { postLogoutRedirectUris: ["https://app.example.com/"] },
    });
    expect(patched).toMatchObject({
      name: "Renamed",
      oidcClientMetadata: {
        redirectUris: ["https://app.example.com/callback"],
        postLogoutRedirectUris: ["https://app.example.com/"],
      },
    });

    const list = await h.call<RestApplication[]>(
      "GET",
      `/api/applications?q=renamed&types=Traditional`,
    );
    expect(list.body.map((a) => a.id)).toEqual([created.id]);
    expect(list.headers.get("total-number")).toBe("1");

    await h.ok("DELETE", `/api/applications/${created.id}`, 204);
    const gone = await h.call("GET", `/api/applications/${created.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: "entity.not_exists_with_id" });
    expect((await h.call("DELETE", `/api/applications/${created.id}`)).status).toBe(404);
    expect(
      (await h.call("PATCH", `/api/applications/${created.id}`, { body: { name: "x" } })).status,
    ).toBe(404);
  });

  it("answers 400 guard.invalid_input for bad bodies and redirect URIs on M2M apps", async () => {
    for (const body of [
      { name: "x", type: "Robot" },
      { type: "SPA" },
      { name: "x", type: "SPA", oidcClientMetadata: { redirectUris: ["not a url"] } },
    ]) {
      const response = await h.call("POST", "/api/applications", { body });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: "guard.invalid_input" });
    }
    const m2m = await h.call("POST", "/api/applications", {
      body: {
        name: "x",
        type: "MachineToMachine",
        oidcClientMetadata: { redirectUris: ["https://a.example.com/cb"] },
      },
    });
    expect(m2m.status).toBe(400);
  });
});

describe("/api/organizations/{id}/applications", () => {
  it("adds M2M apps (201) idempotently, lists them with roles, replaces, removes", async () => {
    const org = await organization();
    const [a, b] = [await application(), await application()];
    expect(
      (
        await h.call("POST", `/api/organizations/${org.id}/applications`, {
          body: { applicationIds: [a.id] },
        })
      ).status,
    ).toBe(201);
    await h.ok("POST", `/api/organizations/${org.id}/applications`, 201, {
      applicationIds: [a.id, b.id],
    });
    const list = await h.call<RestOrganizationApplication[]>(
      "GET",
      `/api/organizations/${org.id}/applications`,
    );
    expect(list.headers.get("total-number")).toBe("2");
    expect(list.body.map((x) => x.id)).toEqual([a.id, b.id]);
    expect(list.body[0]).toMatchObject({ type: "MachineToMachine", organizationRoles: [] });

    const page = await h.call<RestOrganizationApplication[]>(
      "GET",
      `/api/organizations/${org.id}/applications?page=2&page_size=1`,
    );
    expect(page.body.map((x) => x.id)).toEqual([b.id]);

    await h.ok("PUT", `/api/organizations/${org.id}/applications`, 204, { applicationIds: [b.id] });
    expect(
      (
        await h.ok<RestOrganizationApplication[]>(
          "GET",
          `/api/organizations/${org.id}/applications`,
          200,
        )
      ).map((x) => x.id),
    ).toEqual([b.id]);

    await h.ok("DELETE", `/api/organizations/${org.id}/applications/${b.id}`, 204);
    const again = await h.call("DELETE", `/api/organizations/${org.id}/applications/${b.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: "entity.not_found" });
  });

  it("refuses non-M2M apps (422), unknown apps (422) and unknown organizations (404)", async () => {
    const org = await organization();
    const spa = await application({ type: "SPA" });
    const wrongType = await h.call("POST", `/api/organizations/${org.id}/applications`, {
      body: { applicationIds: [spa.id] },
    });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body).toMatchObject({
      code: "application.not_machine_to_machine",
      data: { applicationIds: [spa.id] },
    });
    const unknown = await h.call("POST", `/api/organizations/${org.id}/applications`, {
      body: { applicationIds: ["ghost"] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: "entity.relation_foreign_key_not_found" });
    const a = await application();
    // An unknown organization is a missing relation, as Logto answers it.
    for (const method of ["POST", "PUT"]) {
      const missingOrg = await h.call(method, "/api/organizations/ghost/applications", {
        body: { applicationIds: [a.id] },
      });
      expect([missingOrg.status, (missingOrg.body as { code: string }).code], method).toEqual([
        422,
        "entity.relation_foreign_key_not_found",
      ]);
    }
    expect((await h.call("GET", "/api/organizations/ghost/applications")).status).toBe(404);
    const empty = await h.call("POST", `/api/organizations/${org.id}/applications`, {
      body: { applicationIds: [] },
    });
    expect(empty.status).toBe(400);
  });

  describe("roles", () => {
    it("assigns (201), lists, replaces (204) and deletes (204) M2M roles", async () => {
      const org = await organization();
      const a = await application();
      const [r1, r2] = [await role(), await role()];
      await h.ok("POST", `/api/organizations/${org.id}/applications`, 201, {
        applicationIds: [a.id],
      });
      const base = `/api/organizations/${org.id}/applications/${a.id}/roles`;
      await h.ok("POST", base, 201, { organizationRoleIds: [r1.id] });
      await h.ok("POST", base, 201, { organizationRoleIds: [r1.id] });
      expect((await h.ok<RestOrganizationRole[]>("GET", base, 200)).map((r) => r.id)).toEqual([
        r1.id,
      ]);
      const listed = await h.ok<RestOrganizationApplication[]>(
        "GET",
        `/api/organizations/${org.id}/applications`,
        200,
      );
      expect(listed[0]?.organizationRoles).toEqual([{ id: r1.id, name: r1.name }]);
      await h.ok("PUT", base, 204, { organizationRoleIds: [r2.id] });
      expect((await h.ok<RestOrganizationRole[]>("GET", base, 200)).map((r) => r.id)).toEqual([
        r2.id,
      ]);
      const paged = await h.call<RestOrganizationRole[]>("GET", `${base}?page=1&page_size=1`);
      expect(paged.headers.get("total-number")).toBe("1");
      await h.ok("DELETE", `${base}/${r2.id}`, 204);
      const again = await h.call("DELETE", `${base}/${r2.id}`);
      expect(again.status).toBe(404);
      expect(again.body).toMatchObject({ code: "entity.not_found" });
      expect((await h.call("DELETE", `${base}/ghost`)).status).toBe(404);
    });

    it("refuses user roles (422 entity.db_constraint_violated), unknown roles and non-members (422)", async () => {
      const org = await organization();
      const a = await application();
      await h.ok("POST", `/api/organizations/${org.id}/applications`, 201, {
        applicationIds: [a.id],
      });
      const base = `/api/organizations/${org.id}/applications/${a.id}/roles`;
      const userRole = await role("User");
      const mismatch = await h.call("POST", base, { body: { organizationRoleIds: [userRole.id] } });
      expect(mismatch.status).toBe(422);
      expect(mismatch.body).toMatchObject({ code: "entity.db_constraint_violated" });
      expect(
        (await h.call("PUT", base, { body: { organizationRoleIds: [userRole.id] } })).status,
      ).toBe(422);
      const unknown = await h.call("POST", base, { body: { organizationRoleIds: ["ghost"] } });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({ code: "entity.relation_foreign_key_not_found" });
      const outsider = await application();
      const notMember = await h.call(
        "GET",
        `/api/organizations/${org.id}/applications/${outsider.id}/roles`,
      );
      expect(notMember.status).toBe(422);
      expect(notMember.body).toMatchObject({ code: "organization.require_membership" });
      // Removing a role on an unknown organization is a foreign-key miss.
      const r = await role();
      const ghost = await h.call(
        "DELETE",
        `/api/organizations/ghost/applications/${a.id}/roles/${r.id}`,
      );
      expect(ghost.status).toBe(422);
      expect(ghost.body).toMatchObject({ code: "entity.relation_foreign_key_not_found" });
    });

    it("bulk-assigns roles to several applications (201), all or nothing", async () => {
      const org = await organization();
      const [a, b, outsider] = [await application(), await application(), await application()];
      const [r1, r2] = [await role(), await role()];
      await h.ok("POST", `/api/organizations/${org.id}/applications`, 201, {
        applicationIds: [a.id, b.id],
      });
      const bulk = `/api/organizations/${org.id}/applications/roles`;
      await h.ok("POST", bulk, 201, { applicationIds: [a.id, b.id], organizationRoleIds: [r1.id] });
      await h.ok("POST", bulk, 201, {
        applicationIds: [a.id, b.id],
        organizationRoleIds: [r1.id, r2.id],
      });
      for (const app of [a, b]) {
        const held = await h.ok<RestOrganizationRole[]>(
          "GET",
          `/api/organizations/${org.id}/applications/${app.id}/roles`,
          200,
        );
        expect(held.map((r) => r.id).sort()).toEqual([r1.id, r2.id].sort());
      }

      const c = await application();
      await h.ok("POST", `/api/organizations/${org.id}/applications`, 201, {
        applicationIds: [c.id],
      });
      const userRole = await role("User");
      const refused: [Record<string, unknown>, number, string][] = [
        [
          { applicationIds: [c.id, outsider.id], organizationRoleIds: [r1.id] },
          422,
          "entity.relation_foreign_key_not_found",
        ],
        [
          { applicationIds: [c.id], organizationRoleIds: [r1.id, "ghost"] },
          422,
          "entity.relation_foreign_key_not_found",
        ],
        [
          { applicationIds: [c.id], organizationRoleIds: [r1.id, userRole.id] },
          422,
          "entity.db_constraint_violated",
        ],
        [{ applicationIds: [], organizationRoleIds: [r1.id] }, 400, "guard.invalid_input"],
      ];
      for (const [body, status, code] of refused) {
        const response = await h.call("POST", bulk, { body });
        expect(
          [response.status, (response.body as { code: string }).code],
          JSON.stringify(body),
        ).toEqual([status, code]);
      }
      expect(
        await h.db.organizationApplicationRole.count({
          where: { organizationId: org.id, applicationId: c.id },
        }),
      ).toBe(0);
      const ghost = await h.call("POST", "/api/organizations/ghost/applications/roles", {
        body: { applicationIds: [a.id], organizationRoleIds: [r1.id] },
      });
      expect([ghost.status, (ghost.body as { code: string }).code]).toEqual([
        422,
        "entity.relation_foreign_key_not_found",
      ]);
    });
  });
});
