import { describe, expect, it } from "vitest";
import { ensureManagementApi } from "../applications/management-api-access.ts";
import { fixtures } from "../members/test-fixtures.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import { resolveOrganizationResourceGrant } from "./resolve-organization-resource-grant.ts";
import type { TokenSubject } from "./resolve-organization-token-grant.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const DENIED = "organization_token.access_denied";
const baseUrl = "http://guildhall.test";

/** An API with permissions `read`, `write`, `delete` (names unique to it). */
async function api(ttl = 900) {
  const tag = unique("x");
  const resource = await t.db().apiResource.create({
    data: {
      name: unique("API"),
      indicator: `https://${tag}.example.test`,
      accessTokenTtl: ttl,
      scopes: {
        create: [{ name: `read:${tag}` }, { name: `write:${tag}` }, { name: `delete:${tag}` }],
      },
    },
    include: { scopes: { orderBy: { name: "asc" } } },
  });
  const scope = (verb: string) => {
    const found = resource.scopes.find((s) => s.name === `${verb}:${tag}`);
    if (!found) throw new Error(`no ${verb} permission`);
    return found;
  };
  return { resource, scope, name: (verb: string) => `${verb}:${tag}` };
}

/** An organization role of `type` holding these API permissions. */
async function roleWith(scopeIds: string[], type: "User" | "MachineToMachine" = "User") {
  const role = await f.role({ type });
  await t.db().organizationRoleApiScope.createMany({
    data: scopeIds.map((scopeId) => ({ organizationRoleId: role.id, scopeId })),
  });
  return role;
}

const grant = (
  organizationId: string,
  subject: TokenSubject,
  indicator: string,
  more: { requestedScopes?: string[]; consentedScopes?: Set<string> } = {},
) =>
  resolveOrganizationResourceGrant(t.db(), {
    organizationId,
    subject,
    indicator,
    baseUrl,
    ...more,
  });

describe("organization tokens for an API (user)", () => {
  it("carries the API permissions of the member's roles in that organization only", async () => {
    const a = await api(900);
    const reader = await roleWith([a.scope("read").id]);
    const writer = await roleWith([a.scope("write").id]);
    const [acme, globex] = [await f.organization(), await f.organization()];
    const u = await f.user();
    await f.member(acme.id, u.id, [reader.id]);
    await f.member(globex.id, u.id, [writer.id]);
    // A global role's permission of the same API stays out of organization tokens.
    await t.db().role.create({
      data: {
        name: unique("global"),
        scopes: { create: [{ scopeId: a.scope("delete").id }] },
        users: { create: [{ userId: u.id }] },
      },
    });
    const subject = { type: "user", userId: u.id } as const;
    expect(await grant(acme.id, subject, a.resource.indicator)).toEqual({
      scopes: [a.name("read")],
      audience: a.resource.indicator,
      accessTokenTtl: 900,
      membershipVersion: expect.stringMatching(/^\d+$/) as string,
    });
    expect((await grant(globex.id, subject, a.resource.indicator)).scopes).toEqual([
      a.name("write"),
    ]);
    // Another API's permissions do not leak in.
    const b = await api();
    expect((await grant(acme.id, subject, b.resource.indicator)).scopes).toEqual([]);
  });

  it("narrows to the requested permissions, and denies one not held, naming it", async () => {
    const a = await api();
    const role = await roleWith([a.scope("read").id, a.scope("write").id]);
    const org = await f.organization();
    const u = await f.user();
    await f.member(org.id, u.id, [role.id]);
    const subject = { type: "user", userId: u.id } as const;
    expect(
      (await grant(org.id, subject, a.resource.indicator, { requestedScopes: [a.name("write")] }))
        .scopes,
    ).toEqual([a.name("write")]);
    const error = await expectDomainError(
      grant(org.id, subject, a.resource.indicator, {
        requestedScopes: [a.name("read"), a.name("delete")],
      }),
      DENIED,
    );
    expect(error.data).toEqual({ missing: [a.name("delete")] });
  });

  it("is bounded by what the user consented to for the client", async () => {
    const a = await api();
    const role = await roleWith([a.scope("read").id, a.scope("write").id]);
    const org = await f.organization();
    const u = await f.user();
    await f.member(org.id, u.id, [role.id]);
    const subject = { type: "user", userId: u.id } as const;
    const consentedScopes = new Set([a.name("read"), a.name("delete")]);
    expect(
      (await grant(org.id, subject, a.resource.indicator, { consentedScopes })).scopes,
    ).toEqual([a.name("read")]);
    await expectDomainError(
      grant(org.id, subject, a.resource.indicator, {
        consentedScopes,
        requestedScopes: [a.name("write")],
      }),
      DENIED,
    );
  });

  it("applies the membership rules first: not a member, suspended, MFA required", async () => {
    const a = await api();
    const org = await f.organization();
    const outsider = await f.user();
    const message = async (userId: string, indicator = a.resource.indicator) =>
      (await expectDomainError(grant(org.id, { type: "user", userId }, indicator), DENIED)).message;
    expect(await message(outsider.id)).toBe("The user is not a member of this organization.");
    // Membership is checked before the API: an outsider learns nothing about indicators.
    expect(await message(outsider.id, "https://unknown.example.test")).toBe(
      "The user is not a member of this organization.",
    );
    const suspended = await t
      .db()
      .user.create({ data: { email: `${unique("s")}@example.com`, suspendedAt: new Date() } });
    await f.member(org.id, suspended.id);
    expect(await message(suspended.id)).toBe("The user is suspended.");
    const mfaOrg = await t
      .db()
      .organization.create({ data: { name: unique("mfa"), isMfaRequired: true } });
    const noMfa = await f.user();
    await f.member(mfaOrg.id, noMfa.id);
    expect(
      (
        await expectDomainError(
          grant(mfaOrg.id, { type: "user", userId: noMfa.id }, a.resource.indicator),
          DENIED,
        )
      ).message,
    ).toBe("This organization requires multi-factor authentication.");
  });

  it("refuses an unknown API and the Management API", async () => {
    await ensureManagementApi(t.db(), { baseUrl });
    const org = await f.organization();
    const u = await f.user();
    await f.member(org.id, u.id);
    const subject = { type: "user", userId: u.id } as const;
    await expectDomainError(
      grant(org.id, subject, "https://unknown.example.test"),
      "api_resource.not_found",
    );
    await expectDomainError(grant(org.id, subject, `${baseUrl}/api`), "auth.forbidden");
  });

  it("reads the template at request time", async () => {
    const a = await api();
    const role = await roleWith([]);
    const org = await f.organization();
    const u = await f.user();
    await f.member(org.id, u.id, [role.id]);
    const subject = { type: "user", userId: u.id } as const;
    expect((await grant(org.id, subject, a.resource.indicator)).scopes).toEqual([]);
    await t.db().organizationRoleApiScope.create({
      data: { organizationRoleId: role.id, scopeId: a.scope("delete").id },
    });
    expect((await grant(org.id, subject, a.resource.indicator)).scopes).toEqual([a.name("delete")]);
  });
});

describe("organization tokens for an API (machine-to-machine application)", () => {
  it("carries the API permissions of the application's roles there; not a member is denied", async () => {
    const a = await api(600);
    const role = await roleWith([a.scope("read").id], "MachineToMachine");
    const [org, elsewhere] = [await f.organization(), await f.organization()];
    const app = await t
      .db()
      .application.create({ data: { name: unique("m2m"), type: "MachineToMachine" } });
    await t.db().organizationApplication.create({
      data: {
        organizationId: org.id,
        applicationId: app.id,
        roles: { create: [{ roleId: role.id }] },
      },
    });
    const subject = { type: "application", applicationId: app.id } as const;
    expect(await grant(org.id, subject, a.resource.indicator)).toEqual({
      scopes: [a.name("read")],
      audience: a.resource.indicator,
      accessTokenTtl: 600,
      membershipVersion: expect.stringMatching(/^\d+$/) as string,
    });
    expect(
      (await expectDomainError(grant(elsewhere.id, subject, a.resource.indicator), DENIED)).message,
    ).toBe("The application is not a member of this organization.");
  });
});
