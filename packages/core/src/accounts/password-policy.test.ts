import { describe, expect, it } from "vitest";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import {
  checkPasswordPolicy,
  getSignInExperience,
  passwordStrength,
  updateSignInExperience,
} from "./index.ts";
import { STRONG_PASSWORD } from "./test-kit.ts";

const t = useTestDatabase();

describe("password policy", () => {
  it("refuses a password shorter than the minimum, saying so", async () => {
    const error = await expectDomainError(
      checkPasswordPolicy(t.db(), "Xq7#pL2!", []),
      "password.rejected",
    );
    expect(error.message).toBe("The password is too short: use at least 10 characters.");
    expect(error.status).toBe(422);
    expect(error.data).toMatchObject({ reason: "too_short", minLength: 10, length: 8 });
  });

  it("refuses common and weak passwords with zxcvbn's reason and advice", async () => {
    const common = await expectDomainError(
      checkPasswordPolicy(t.db(), "password1234", []),
      "password.rejected",
    );
    expect(common.message).toMatch(/^This password is too easy to guess: .*common/i);
    expect(common.data).toMatchObject({ reason: "too_weak", minScore: 3 });
    const keyboard = await expectDomainError(
      checkPasswordPolicy(t.db(), "qwertyuiop", []),
      "password.rejected",
    );
    expect(keyboard.message).toMatch(/too easy to guess/);
  });

  it("counts the user's own email and name as known words", async () => {
    const mine = "ozymandias.kettleworth";
    expect(passwordStrength(`${mine}1`, []).score).toBeGreaterThanOrEqual(3);
    expect(passwordStrength(`${mine}1`, [`${mine}@example.com`]).score).toBeLessThan(3);
    await expectDomainError(
      checkPasswordPolicy(t.db(), `${mine}1`, [`${mine}@example.com`]),
      "password.rejected",
    );
  });

  it("accepts a strong password, and follows the settings", async () => {
    await checkPasswordPolicy(t.db(), STRONG_PASSWORD, ["olive@example.com"]);
    expect(passwordStrength(STRONG_PASSWORD, [])).toMatchObject({ score: 4, warning: null });
    await updateSignInExperience(t.ctx(), { passwordPolicy: { minLength: 30 } });
    try {
      await expectDomainError(
        checkPasswordPolicy(t.db(), STRONG_PASSWORD, []),
        "password.rejected",
      );
    } finally {
      await updateSignInExperience(t.ctx(), { passwordPolicy: { minLength: 10 } });
    }
  });
});

describe("sign-in experience settings", () => {
  it("starts from the defaults", async () => {
    expect(await getSignInExperience(t.db())).toEqual({
      registrationEnabled: true,
      passwordPolicy: { minLength: 10, minScore: 3 },
      mfa: { factors: ["totp", "webauthn", "backup_codes"], policy: "optional" },
    });
  });

  it("changes only what is given, and audits the change", async () => {
    const before = await getSignInExperience(t.db());
    const after = await updateSignInExperience(t.ctx(), {
      passwordPolicy: { minScore: 2 },
      mfa: { policy: "required" },
    });
    expect(after).toEqual({
      ...before,
      passwordPolicy: { ...before.passwordPolicy, minScore: 2 },
      mfa: { ...before.mfa, policy: "required" },
    });
    expect(await getSignInExperience(t.db())).toEqual(after);
    const audit = await t.db().auditLog.findFirstOrThrow({
      where: { action: "sign_in_experience.updated" },
      orderBy: { createdAt: "desc" },
    });
    expect(audit.data).toMatchObject({ after: { mfa: { policy: "required" } } });
    await updateSignInExperience(t.ctx(), before);
    expect(await getSignInExperience(t.db())).toEqual(before);
  });

  it("is for admins and the Management API only", async () => {
    const collaborator = t.ctx({ actor: { type: "console", userId: "c", role: "collaborator" } });
    await expectDomainError(
      updateSignInExperience(collaborator, { registrationEnabled: false }),
      "auth.forbidden",
    );
    await expectDomainError(
      updateSignInExperience(t.ctx({ actor: { type: "user", userId: "u" } }), {}),
      "auth.forbidden",
    );
    await updateSignInExperience(t.ctx({ actor: { type: "management_api", clientId: "m2m" } }), {
      registrationEnabled: true,
    });
  });

  it("refuses invalid settings with a clear message", async () => {
    await expectDomainError(
      updateSignInExperience(t.ctx(), { passwordPolicy: { minLength: 4 } }),
      "guard.invalid_input",
    );
    const error = await expectDomainError(
      updateSignInExperience(t.ctx(), { mfa: { factors: [], policy: "required" } }),
      "guard.invalid_input",
    );
    expect(error.message).toMatch(/cannot be required while no factor is offered/);
  });
});
