// A user's credentials through the Management API, in Logto's shapes: MFA verifications,
// setting and verifying the password, has-password.
import type { RestMfaVerification, RestUser } from "@guildhall/validators/rest";
import { describe, expect, it } from "vitest";
import { unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();
const email = () => `${unique("cred")}@example.com`;

async function createUser(body: Record<string, unknown> = {}) {
  return h.ok<RestUser>("POST", "/api/users", 200, { primaryEmail: email(), ...body });
}

describe("/api/users/{userId}/mfa-verifications", () => {
  it("lists confirmed factors as Logto does: Totp, WebAuthn with its name, BackupCode with remainCodes", async () => {
    const u = await createUser();
    const at = new Date("2026-05-06T07:08:09.000Z");
    const used = new Date("2026-05-07T00:00:00.000Z");
    const totp = await h.db.userMfaFactor.create({
      data: {
        userId: u.id,
        type: "totp",
        totpSecretSealed: "sealed",
        confirmedAt: at,
        createdAt: at,
      },
    });
    const passkey = await h.db.userMfaFactor.create({
      data: {
        userId: u.id,
        type: "webauthn",
        name: "Work laptop",
        credentialId: unique("cred"),
        publicKey: Buffer.from([1, 2, 3]),
        counter: 0,
        confirmedAt: at,
        createdAt: new Date(at.getTime() + 1000),
        lastUsedAt: used,
      },
    });
    const backup = await h.db.userMfaFactor.create({
      data: {
        userId: u.id,
        type: "backup_codes",
        confirmedAt: at,
        createdAt: new Date(at.getTime() + 2000),
        backupCodes: {
          create: [{ codeHash: "h1" }, { codeHash: "h2" }, { codeHash: "h3", usedAt: used }],
        },
      },
    });
    // An enrolment never confirmed is not a factor.
    await h.db.userMfaFactor.create({ data: { userId: u.id, type: "totp", confirmedAt: null } });

    const list = await h.ok<RestMfaVerification[]>(
      "GET",
      `/api/users/${u.id}/mfa-verifications`,
      200,
    );
    expect([...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt))).toEqual([
      { id: totp.id, createdAt: at.toISOString(), type: "Totp" },
      {
        id: passkey.id,
        createdAt: new Date(at.getTime() + 1000).toISOString(),
        type: "WebAuthn",
        name: "Work laptop",
        lastUsedAt: used.toISOString(),
      },
      {
        id: backup.id,
        createdAt: new Date(at.getTime() + 2000).toISOString(),
        type: "BackupCode",
        remainCodes: 2,
      },
    ]);
    expect(JSON.stringify(list)).not.toMatch(/sealed|h1|publicKey|credentialId/);

    const ghost = await h.call("GET", "/api/users/ghost/mfa-verifications");
    expect(ghost.status).toBe(404);
    expect(ghost.body).toMatchObject({ code: "entity.not_exists_with_id" });
  });

  it("deletes one factor (204); the last one gone, the user no longer counts as enrolled", async () => {
    const u = await createUser();
    const factor = await h.db.userMfaFactor.create({
      data: { userId: u.id, type: "totp", confirmedAt: new Date() },
    });
    await h.db.user.update({ where: { id: u.id }, data: { mfaEnabledAt: new Date() } });

    await h.ok("DELETE", `/api/users/${u.id}/mfa-verifications/${factor.id}`, 204);
    expect(await h.ok("GET", `/api/users/${u.id}/mfa-verifications`, 200)).toEqual([]);
    const row = await h.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.mfaEnabledAt).toBeNull();

    const again = await h.call("DELETE", `/api/users/${u.id}/mfa-verifications/${factor.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: "entity.not_found" });

    // Another user's factor is not this user's to delete.
    const other = await createUser();
    const theirs = await h.db.userMfaFactor.create({
      data: { userId: other.id, type: "totp", confirmedAt: new Date() },
    });
    expect(
      (await h.call("DELETE", `/api/users/${u.id}/mfa-verifications/${theirs.id}`)).status,
    ).toBe(404);
    expect(await h.db.userMfaFactor.count({ where: { id: theirs.id } })).toBe(1);
  });
});

describe("/api/users/{userId}/password", () => {
  it("sets a password, answers the user, and signs the user out everywhere", async () => {
    const u = await createUser();
    await h.db.consoleSession.create({
      data: {
        id: unique("session"),
        userId: u.id,
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const answered = await h.ok<RestUser>("PATCH", `/api/users/${u.id}/password`, 200, {
      password: "a brand new password",
    });
    expect(answered).toMatchObject({ id: u.id, primaryEmail: u.primaryEmail });
    expect(JSON.stringify(answered)).not.toMatch(/password/i);
    expect(await h.db.consoleSession.count({ where: { userId: u.id } })).toBe(0);
  });

  it("verifies a password: 204 when right, 422 session.invalid_credentials when wrong or unset", async () => {
    const withPassword = await createUser({ password: "correct horse battery" });
    await h.ok("POST", `/api/users/${withPassword.id}/password/verify`, 204, {
      password: "correct horse battery",
    });
    const wrong = await h.call("POST", `/api/users/${withPassword.id}/password/verify`, {
      body: { password: "wrong horse battery" },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ code: "session.invalid_credentials" });

    const without = await createUser();
    const unset = await h.call("POST", `/api/users/${without.id}/password/verify`, {
      body: { password: "anything at all" },
    });
    expect(unset.status).toBe(422);
    expect(unset.body).toMatchObject({ code: "session.invalid_credentials" });

    expect(
      (await h.call("POST", "/api/users/ghost/password/verify", { body: { password: "x" } }))
        .status,
    ).toBe(404);
    expect(
      (await h.call("POST", `/api/users/${without.id}/password/verify`, { body: {} })).status,
    ).toBe(400);
  });

  it("says whether the user has a password", async () => {
    const withPassword = await createUser({ password: "correct horse battery" });
    const without = await createUser();
    expect(await h.ok("GET", `/api/users/${withPassword.id}/has-password`, 200)).toEqual({
      hasPassword: true,
    });
    expect(await h.ok("GET", `/api/users/${without.id}/has-password`, 200)).toEqual({
      hasPassword: false,
    });
    await h.ok("PATCH", `/api/users/${without.id}/password`, 200, { password: "now it has one" });
    expect(await h.ok("GET", `/api/users/${without.id}/has-password`, 200)).toEqual({
      hasPassword: true,
    });
    expect((await h.call("GET", "/api/users/ghost/has-password")).status).toBe(404);
  });
});
