import { describe, expect, it } from "vitest";
import { flowOptions, testClock, userWithPassword } from "../accounts/test-kit.ts";
import { createConsoleSession } from "../console-sessions/create-console-session.ts";
import type { ServiceContext } from "../context.ts";
import { expectDomainError, TEST_INSTANCE_SECRET, unique, useTestDatabase } from "../test-utils.ts";
import { confirmTotpEnrollment } from "./confirm-totp-enrollment.ts";
import { listMfaFactors } from "./list-mfa-factors.ts";
import { mfaEnrollmentRequired } from "./mfa-enrollment-required.ts";
import { regenerateBackupCodes } from "./regenerate-backup-codes.ts";
import { removeMfaFactor, resetMfa } from "./remove-mfa-factor.ts";
import { startTotpEnrollment } from "./start-totp-enrollment.ts";
import { enrolTotp, selfCtx, totpCodeAt } from "./test-kit.ts";

const t = useTestDatabase();

async function setup() {
  const clock = testClock();
  const user = await userWithPassword(t.db());
  const opts = { ...flowOptions(clock), issuer: "Guildhall Test" };
  return { clock, user, opts, ctx: selfCtx(t.db(), user.id) };
}

const mfaEnabledAt = async (userId: string) =>
  (await t.db().user.findUniqueOrThrow({ where: { id: userId } })).mfaEnabledAt;

/** Runs `body` with the sign-in experience's MFA settings changed, then puts them back. */
async function withMfaSettings(
  data: {
    mfaFactors?: ("totp" | "webauthn" | "backup_codes")[];
    mfaPolicy?: "optional" | "required";
  },
  body: () => Promise<void>,
) {
  await t.db().signInExperience.upsert({ where: { id: "default" }, create: data, update: data });
  try {
    await body();
  } finally {
    await t.db().signInExperience.update({
      where: { id: "default" },
      data: { mfaFactors: ["totp", "webauthn", "backup_codes"], mfaPolicy: "optional" },
    });
  }
}

describe("authenticator app enrolment", () => {
  it("shows a secret, URI and QR code; counts only once confirmed; seals the secret", async () => {
    const { clock, user, opts, ctx } = await setup();
    const started = await startTotpEnrollment(ctx, { userId: user.id }, opts);
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(started.otpauthUri);
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(started.secret);
    expect(uri.searchParams.get("issuer")).toBe("Guildhall Test");
    expect(uri.searchParams.get("algorithm")).toBe("SHA1");
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("period")).toBe("30");
    expect(decodeURIComponent(uri.pathname)).toContain(user.email);
    expect(started.qrCodeSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    const row = await t.db().userMfaFactor.findUniqueOrThrow({ where: { id: started.factorId } });
    expect(row.totpSecretSealed).toMatch(/^v1\./);
    expect(row.totpSecretSealed).not.toContain(started.secret);
    expect(row.confirmedAt).toBeNull();
    expect(await listMfaFactors(ctx, { userId: user.id })).toEqual([]);
    expect(await mfaEnabledAt(user.id)).toBeNull();

    const code = totpCodeAt(started.secret, clock.now());
    await expectDomainError(
      confirmTotpEnrollment(
        ctx,
        { userId: user.id, code: code === "000000" ? "111111" : "000000" },
        opts,
      ),
      "mfa.invalid_code",
    );
    expect(await confirmTotpEnrollment(ctx, { userId: user.id, code }, opts)).toEqual({
      factorId: started.factorId,
    });
    expect(await mfaEnabledAt(user.id)).toEqual(clock.now());
    expect(await listMfaFactors(ctx, { userId: user.id })).toEqual([
      {
        id: started.factorId,
        type: "totp",
        name: null,
        createdAt: expect.any(Date) as Date,
        lastUsedAt: clock.now(),
      },
    ]);
    await expectDomainError(
      startTotpEnrollment(ctx, { userId: user.id }, opts),
      "mfa.already_enrolled",
    );
  });

  it("replaces an unconfirmed enrolment, and needs one to confirm", async () => {
    const { clock, user, opts, ctx } = await setup();
    await expectDomainError(
      confirmTotpEnrollment(ctx, { userId: user.id, code: "123456" }, opts),
      "mfa.enrollment_not_started",
    );
    const first = await startTotpEnrollment(ctx, { userId: user.id }, opts);
    const second = await startTotpEnrollment(ctx, { userId: user.id }, opts);
    expect(await t.db().userMfaFactor.count({ where: { userId: user.id } })).toBe(1);
    // The first secret no longer confirms anything.
    await expectDomainError(
      confirmTotpEnrollment(
        ctx,
        { userId: user.id, code: totpCodeAt(first.secret, clock.now()) },
        opts,
      ),
      "mfa.invalid_code",
    );
    await confirmTotpEnrollment(
      ctx,
      { userId: user.id, code: totpCodeAt(second.secret, clock.now()) },
      opts,
    );
  });

  it("adds otp (and mfa) to the console session the user enrolled from, and only that one", async () => {
    const { clock, user, opts, ctx } = await setup();
    const here = await createConsoleSession(t.db(), { userId: user.id, amr: ["pwd"] });
    const elsewhere = await createConsoleSession(t.db(), { userId: user.id, amr: ["pwd"] });
    const { secret } = await startTotpEnrollment(ctx, { userId: user.id }, opts);
    await confirmTotpEnrollment(
      ctx,
      { userId: user.id, code: totpCodeAt(secret, clock.now()), sessionToken: here.token },
      opts,
    );
    const amr = async (id: string) =>
      (await t.db().consoleSession.findUniqueOrThrow({ where: { id } })).amr;
    expect(await amr(here.id)).toEqual(["pwd", "otp", "mfa"]);
    expect(await amr(elsewhere.id)).toEqual(["pwd"]);
  });

  it("is only for the user themself", async () => {
    const { user, opts } = await setup();
    const admin: ServiceContext = {
      db: t.db(),
      actor: { type: "console", userId: "someone", role: "admin" },
    };
    await expectDomainError(
      startTotpEnrollment(admin, { userId: user.id }, opts),
      "auth.forbidden",
    );
    await expectDomainError(
      regenerateBackupCodes(t.ctx(), { userId: user.id }, opts),
      "auth.forbidden",
    );
  });
});

describe("backup codes", () => {
  it("need a factor first; regenerating forgets the old codes", async () => {
    const { clock, user, opts, ctx } = await setup();
    await expectDomainError(
      regenerateBackupCodes(ctx, { userId: user.id }, opts),
      "mfa.enrollment_not_started",
    );
    await enrolTotp(t.db(), user.id, clock);
    const first = await regenerateBackupCodes(ctx, { userId: user.id }, opts);
    const second = await regenerateBackupCodes(ctx, { userId: user.id }, opts);
    expect(second.codes.filter((c) => first.codes.includes(c))).toEqual([]);
    const stored = await t.db().userBackupCode.findMany({ where: { factor: { userId: user.id } } });
    expect(stored).toHaveLength(10);
    // HMAC under the instance secret, of the code without its hyphen.
    const { hashBackupCode } = await import("./backup-code-hash.ts");
    const hashes = stored.map((s) => s.codeHash);
    expect(hashes).toContain(hashBackupCode(second.codes[0] ?? "", TEST_INSTANCE_SECRET));
    expect(hashes).not.toContain(hashBackupCode(first.codes[0] ?? "", TEST_INSTANCE_SECRET));
    const factors = await listMfaFactors(ctx, { userId: user.id });
    expect(factors.find((f) => f.type === "backup_codes")).toMatchObject({ remainingCodes: 10 });
  });
});

describe("removing factors", () => {
  it("clears MFA and the backup codes when the last app or passkey goes", async () => {
    const { clock, user, opts, ctx } = await setup();
    const { factorId } = await enrolTotp(t.db(), user.id, clock);
    await regenerateBackupCodes(ctx, { userId: user.id }, opts);
    expect(await mfaEnabledAt(user.id)).not.toBeNull();
    await expectDomainError(
      removeMfaFactor(ctx, { userId: user.id, factorId: "no-such-factor" }),
      "mfa.factor_not_found",
    );
    await removeMfaFactor(ctx, { userId: user.id, factorId });
    expect(await mfaEnabledAt(user.id)).toBeNull();
    expect(await t.db().userMfaFactor.count({ where: { userId: user.id } })).toBe(0);
    const audit = await t
      .db()
      .auditLog.findFirst({ where: { action: "mfa.factor_removed", targetId: user.id } });
    expect(audit).toMatchObject({ actorType: "user", actorId: user.id, data: { factorId } });
  });

  it("resets every factor; another user cannot see or remove them", async () => {
    const { clock, user } = await setup();
    const other = await setup();
    const { factorId } = await enrolTotp(t.db(), user.id, clock);
    await expectDomainError(listMfaFactors(other.ctx, { userId: user.id }), "auth.forbidden");
    await expectDomainError(
      removeMfaFactor(other.ctx, { userId: user.id, factorId }),
      "auth.forbidden",
    );
    await expectDomainError(resetMfa(other.ctx, { userId: user.id }), "auth.forbidden");
    // A factor id of another user is not found through one's own account.
    await expectDomainError(
      removeMfaFactor(other.ctx, { userId: other.user.id, factorId }),
      "mfa.factor_not_found",
    );
    await resetMfa(t.ctx(), { userId: user.id });
    expect(await mfaEnabledAt(user.id)).toBeNull();
    expect(await listMfaFactors(t.ctx(), { userId: user.id })).toEqual([]);
    const audit = await t
      .db()
      .auditLog.findFirst({ where: { action: "mfa.reset", targetId: user.id } });
    expect(audit).toMatchObject({ actorType: "console", actorId: "test-admin" });
  });

  it("a collaborator cannot reset a console admin's MFA; an admin and the Management API can", async () => {
    const { clock, user: adminUser } = await setup();
    await t.db().consoleMember.create({ data: { userId: adminUser.id, role: "admin" } });
    await enrolTotp(t.db(), adminUser.id, clock);
    const collaborator: ServiceContext = {
      db: t.db(),
      actor: { type: "console", userId: "collab", role: "collaborator" },
    };
    await expectDomainError(resetMfa(collaborator, { userId: adminUser.id }), "auth.forbidden");
    // Seeing them is fine: names and dates only.
    expect(await listMfaFactors(collaborator, { userId: adminUser.id })).toHaveLength(1);
    expect(await mfaEnabledAt(adminUser.id)).not.toBeNull();
    const m2m: ServiceContext = { db: t.db(), actor: { type: "management_api", clientId: "m2m" } };
    await resetMfa(m2m, { userId: adminUser.id });
    expect(await mfaEnabledAt(adminUser.id)).toBeNull();

    // A plain user's factors: collaborators may reset them.
    const plain = await setup();
    await enrolTotp(t.db(), plain.user.id, plain.clock);
    await resetMfa(collaborator, { userId: plain.user.id });
    expect(await mfaEnabledAt(plain.user.id)).toBeNull();
    await expectDomainError(resetMfa(t.ctx(), { userId: unique("ghost") }), "user.not_found");
  });
});

describe("offered factors and required enrolment", () => {
  it("refuses to enrol a factor the sign-in experience does not offer", async () => {
    const { clock, user, opts, ctx } = await setup();
    await withMfaSettings({ mfaFactors: ["webauthn"] }, async () => {
      await expectDomainError(
        startTotpEnrollment(ctx, { userId: user.id }, opts),
        "mfa.factor_not_offered",
      );
    });
    await enrolTotp(t.db(), user.id, clock);
    await withMfaSettings({ mfaFactors: ["totp"] }, async () => {
      await expectDomainError(
        regenerateBackupCodes(ctx, { userId: user.id }, opts),
        "mfa.factor_not_offered",
      );
    });
  });

  it("requires enrolment by policy or by the organization, until the user has a factor", async () => {
    const { clock, user } = await setup();
    const strict = await t
      .db()
      .organization.create({ data: { name: unique("strict"), isMfaRequired: true } });
    const relaxed = await t.db().organization.create({ data: { name: unique("relaxed") } });
    const required = (organizationId?: string) =>
      mfaEnrollmentRequired(t.db(), { userId: user.id, organizationId });
    expect(await required()).toBe(false);
    expect(await required(relaxed.id)).toBe(false);
    expect(await required(strict.id)).toBe(true);
    await withMfaSettings({ mfaPolicy: "required" }, async () => {
      expect(await required()).toBe(true);
    });
    await enrolTotp(t.db(), user.id, clock);
    expect(await required(strict.id)).toBe(false);
    await withMfaSettings({ mfaPolicy: "required" }, async () => {
      expect(await required()).toBe(false);
    });
  });
});
