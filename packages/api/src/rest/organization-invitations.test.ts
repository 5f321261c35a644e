import type { RestOrganizationInvitation } from "@guildhall/validators/rest";
import { describe, expect, it } from "vitest";
import { unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();
const email = () => `${unique("invitee")}@example.com`;

async function setup() {
  const org = await h.db.organization.create({ data: { name: unique("org") } });
  const role = await h.db.organizationRole.create({ data: { name: unique("role") } });
  return { org, role };
}

describe("/api/organization-invitations", () => {
  it("creates (201, Logto's shape, email queued), gets, lists with filters and deletes", async () => {
    const { org, role } = await setup();
    const invitee = email();
    const expiresAt = Date.now() + 3_600_000;
    const created = await h.ok<RestOrganizationInvitation>(
      "POST",
      "/api/organization-invitations",
      201,
      {
        organizationId: org.id,
        invitee: invitee.toUpperCase(),
        expiresAt,
        organizationRoleIds: [role.id],
        messagePayload: { note: "welcome" },
      },
    );
    expect(created).toMatchObject({
      organizationId: org.id,
      invitee,
      inviterId: null,
      acceptedUserId: null,
      status: "Pending",
      expiresAt,
      organizationRoles: [{ id: role.id, name: role.name }],
    });
    expect(JSON.stringify(created)).not.toMatch(/token/i);
    const mail = await h.db.emailOutbox.findFirstOrThrow({ where: { invitationId: created.id } });
    // The outbox keeps the link only redacted (the email as sent is sealed).
    expect(mail.text).toContain(`${h.baseUrl}/invite/…`);

    expect(await h.ok("GET", `/api/organization-invitations/${created.id}`, 200)).toEqual(created);
    const listed = await h.call<RestOrganizationInvitation[]>(
      "GET",
      `/api/organization-invitations?organizationId=${org.id}&status=Pending&page_size=10`,
    );
    expect(listed.status).toBe(200);
    expect(listed.headers.get("total-number")).toBe("1");
    expect(listed.body.map((i) => i.id)).toEqual([created.id]);
    // Logto's list is not paginated: without page/page_size, everything and no headers.
    const all = await h.call<RestOrganizationInvitation[]>(
      "GET",
      `/api/organization-invitations?organizationId=${org.id}`,
    );
    expect(all.body.map((i) => i.id)).toEqual([created.id]);
    expect(all.headers.get("total-number")).toBeNull();
    expect(
      await h.ok(
        "GET",
        `/api/organization-invitations?invitee=${encodeURIComponent(invitee.toUpperCase())}`,
        200,
      ),
    ).toHaveLength(1);
    expect(
      await h.ok(
        "GET",
        `/api/organization-invitations?organizationId=${org.id}&status=Revoked`,
        200,
      ),
    ).toHaveLength(0);

    await h.ok("DELETE", `/api/organization-invitations/${created.id}`, 204);
    const gone = await h.call("GET", `/api/organization-invitations/${created.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: "entity.not_exists_with_id" });
    expect((await h.call("DELETE", `/api/organization-invitations/${created.id}`)).status).toBe(
      404,
    );
  });

  it("emails only when messagePayload is an object (Logto's contract)", async () => {
    const { org } = await setup();
    const emailsFor = async (body: Record<string, unknown>) => {
      const created = await h.ok<RestOrganizationInvitation>(
        "POST",
        "/api/organization-invitations",
        201,
        { organizationId: org.id, invitee: email(), ...body },
      );
      return h.db.emailOutbox.count({ where: { invitationId: created.id } });
    };
    expect(await emailsFor({ messagePayload: false })).toBe(0);
    expect(await emailsFor({})).toBe(0);
    expect(await emailsFor({ messagePayload: {} })).toBe(1);
    expect(await emailsFor({ messagePayload: { locale: "en" } })).toBe(1);
  });

  it("answers the error codes of create", async () => {
    const { org } = await setup();
    const m2m = await h.db.organizationRole.create({
      data: { name: unique("m2m"), type: "MachineToMachine" },
    });
    const member = await h.db.user.create({ data: { email: email() } });
    await h.db.organizationMember.create({ data: { organizationId: org.id, userId: member.id } });
    const post = (body: Record<string, unknown>) =>
      h.call("POST", "/api/organization-invitations", { body });

    const cases: [Record<string, unknown>, number, string][] = [
      [{ organizationId: "ghost", invitee: email() }, 422, "entity.relation_foreign_key_not_found"],
      [
        { organizationId: org.id, invitee: email(), inviterId: "ghost" },
        422,
        "entity.relation_foreign_key_not_found",
      ],
      [
        { organizationId: org.id, invitee: email(), organizationRoleIds: ["ghost"] },
        422,
        "entity.relation_foreign_key_not_found",
      ],
      [
        { organizationId: org.id, invitee: email(), organizationRoleIds: [m2m.id] },
        422,
        "entity.db_constraint_violated",
      ],
      [{ organizationId: org.id, invitee: member.email }, 422, "request.invalid_input"],
      [
        { organizationId: org.id, invitee: email(), expiresAt: Date.now() - 1000 },
        400,
        "request.invalid_input",
      ],
      [{ organizationId: org.id, invitee: "not-an-email" }, 400, "guard.invalid_input"],
    ];
    for (const [body, status, code] of cases) {
      const response = await post(body);
      expect(
        [response.status, (response.body as { code: string }).code],
        JSON.stringify(body),
      ).toEqual([status, code]);
    }
    const invitee = email();
    expect((await post({ organizationId: org.id, invitee })).status).toBe(201);
    const again = await post({ organizationId: org.id, invitee });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: "entity.unique_integrity_violation" });
  });

  it("PUT status: Accepted makes the user a member with the roles; Revoked ends it; ended ones cannot change", async () => {
    const { org, role } = await setup();
    const invitee = email();
    const created = await h.ok<RestOrganizationInvitation>(
      "POST",
      "/api/organization-invitations",
      201,
      { organizationId: org.id, invitee, organizationRoleIds: [role.id] },
    );
    const stranger = await h.db.user.create({ data: { email: email() } });
    const user = await h.db.user.create({ data: { email: invitee } });
    const path = `/api/organization-invitations/${created.id}/status`;

    const answer = async (body: Record<string, unknown>, at = path) => {
      const response = await h.call("PUT", at, { body });
      return [response.status, (response.body as { code?: string }).code];
    };
    expect(await answer({ status: "Accepted" })).toEqual([422, "request.invalid_input"]);
    expect(await answer({ status: "Accepted", acceptedUserId: stranger.id })).toEqual([
      422,
      "request.invalid_input",
    ]);
    expect(await answer({ status: "Accepted", acceptedUserId: "ghost" })).toEqual([
      404,
      "entity.not_found",
    ]);
    expect((await h.call("PUT", path, { body: { status: "Declined" } })).status).toBe(400);

    const accepted = await h.ok<RestOrganizationInvitation>("PUT", path, 200, {
      status: "Accepted",
      acceptedUserId: user.id,
    });
    expect(accepted).toMatchObject({ status: "Accepted", acceptedUserId: user.id });
    const roles = await h.db.organizationMemberRole.findMany({
      where: { organizationId: org.id, userId: user.id },
    });
    expect(roles.map((r) => r.roleId)).toEqual([role.id]);
    expect(await answer({ status: "Revoked" })).toEqual([422, "request.invalid_input"]);

    const other = await h.ok<RestOrganizationInvitation>(
      "POST",
      "/api/organization-invitations",
      201,
      { organizationId: org.id, invitee: email() },
    );
    const otherPath = `/api/organization-invitations/${other.id}/status`;
    expect(await h.ok("PUT", otherPath, 200, { status: "Revoked" })).toMatchObject({
      status: "Revoked",
    });
    // The state is checked before acceptedUserId: a revoked invitation says so.
    expect(await answer({ status: "Accepted" }, otherPath)).toEqual([422, "request.invalid_input"]);
    const expired = await h.db.organizationInvitation.create({
      data: {
        organizationId: org.id,
        invitee: email(),
        tokenHash: unique("hash"),
        expiresAt: new Date(Date.now() - 60_000),
      },
    });
    const expiredPath = `/api/organization-invitations/${expired.id}/status`;
    expect(await answer({ status: "Accepted" }, expiredPath)).toEqual([
      422,
      "request.invalid_input",
    ]);
    expect(await answer({ status: "Accepted", acceptedUserId: user.id }, expiredPath)).toEqual([
      422,
      "request.invalid_input",
    ]);
    expect(
      (
        await h.call("PUT", "/api/organization-invitations/ghost/status", {
          body: { status: "Revoked" },
        })
      ).status,
    ).toBe(404);
  });

  it("POST message resends with a new link (204), then 429 request.message_rate_limited after 10 emails in 10 minutes", async () => {
    const { org } = await setup();
    const invitee = email();
    const created = await h.ok<RestOrganizationInvitation>(
      "POST",
      "/api/organization-invitations",
      201,
      { organizationId: org.id, invitee, messagePayload: {} },
    );
    const before = await h.db.organizationInvitation.findUniqueOrThrow({
      where: { id: created.id },
    });
    await h.ok("POST", `/api/organization-invitations/${created.id}/message`, 204, {});
    const after = await h.db.organizationInvitation.findUniqueOrThrow({
      where: { id: created.id },
    });
    expect(after.tokenHash).not.toBe(before.tokenHash);
    for (let i = 0; i < 8; i += 1)
      await h.ok("POST", `/api/organization-invitations/${created.id}/message`, 204);
    const limited = await h.call("POST", `/api/organization-invitations/${created.id}/message`);
    expect([limited.status, (limited.body as { code: string }).code]).toEqual([
      429,
      "request.message_rate_limited",
    ]);
    // The limit is the invitee's, not the client's: emailing them from another organization is
    // refused the same way, while creating without an email is not.
    const { org: other } = await setup();
    const create = (messagePayload: unknown) =>
      h.call("POST", "/api/organization-invitations", {
        body: { organizationId: other.id, invitee, messagePayload },
      });
    const again = await create({});
    expect([again.status, (again.body as { code: string }).code]).toEqual([
      429,
      "request.message_rate_limited",
    ]);
    expect((await create(false)).status).toBe(201);
    expect((await h.call("POST", "/api/organization-invitations/ghost/message")).status).toBe(404);
  });

  it("console-member invitations are not part of the Management API", async () => {
    const row = await h.db.organizationInvitation.create({
      data: {
        invitee: email(),
        consoleRole: "admin",
        tokenHash: unique("hash"),
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    expect((await h.call("GET", `/api/organization-invitations/${row.id}`)).status).toBe(404);
    const list = await h.ok<RestOrganizationInvitation[]>(
      "GET",
      "/api/organization-invitations?page_size=100",
      200,
    );
    expect(list.some((i) => i.id === row.id)).toBe(false);
  });
});
