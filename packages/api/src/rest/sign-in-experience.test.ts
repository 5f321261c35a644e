// `/api/sign-in-exp`: Logto's field names for the settings Guildhall has; anything else is a 400.
import type { RestSignInExperience } from "@guildhall/validators/rest";
import { describe, expect, it } from "vitest";
import { useManagementApi } from "./test/harness.ts";

const h = useManagementApi();

describe("/api/sign-in-exp", () => {
  it("reads the defaults in Logto's shape, changes what is sent and keeps the rest", async () => {
    const initial = await h.ok<RestSignInExperience>("GET", "/api/sign-in-exp", 200);
    expect(initial).toEqual({
      id: "default",
      signInMode: "SignInAndRegister",
      passwordPolicy: { length: { min: 10, max: 256 }, minScore: 3 },
      mfa: { factors: ["Totp", "WebAuthn", "BackupCode"], policy: "UserControlled" },
    });

    const closed = await h.ok<RestSignInExperience>("PATCH", "/api/sign-in-exp", 200, {
      signInMode: "SignIn",
      passwordPolicy: { length: { min: 12 } },
    });
    expect(closed).toEqual({
      ...initial,
      signInMode: "SignIn",
      passwordPolicy: { length: { min: 12, max: 256 }, minScore: 3 },
    });

    const mandatory = await h.ok<RestSignInExperience>("PATCH", "/api/sign-in-exp", 200, {
      passwordPolicy: { minScore: 4 },
      mfa: { factors: ["WebAuthn", "Totp", "Totp"], policy: "Mandatory" },
    });
    expect(mandatory).toMatchObject({
      signInMode: "SignIn",
      passwordPolicy: { length: { min: 12, max: 256 }, minScore: 4 },
      mfa: { policy: "Mandatory" },
    });
    expect([...mandatory.mfa.factors].sort()).toEqual(["Totp", "WebAuthn"]);
    expect(await h.ok("GET", "/api/sign-in-exp", 200)).toEqual(mandatory);

    // What the settings are stored as: the service's names.
    const row = await h.db.signInExperience.findUniqueOrThrow({ where: { id: "default" } });
    expect(row).toMatchObject({
      registrationEnabled: false,
      passwordMinLength: 12,
      passwordMinScore: 4,
      mfaPolicy: "required",
    });

    // What GET answers can be sent back as it is.
    expect(await h.ok("PATCH", "/api/sign-in-exp", 200, { ...initial })).toEqual(initial);
  });

  it("refuses Logto fields Guildhall does not have with 400 guard.invalid_input naming them", async () => {
    const before = await h.ok<RestSignInExperience>("GET", "/api/sign-in-exp", 200);
    for (const [body, named] of [
      [{ color: { primaryColor: "#000000" } }, "color"],
      [{ signInMode: "SignIn", signUp: { identifiers: [] } }, "signUp"],
      [{ passwordPolicy: { rejects: { pwned: true } } }, "rejects"],
      [{ passwordPolicy: { characterTypes: { min: 2 } } }, "characterTypes"],
      [{ passwordPolicy: { length: { max: 64 } } }, "passwordPolicy.length.max"],
      [
        { mfa: { factors: ["Totp"], organizationRequiredMfaPolicy: "Mandatory" } },
        "organizationRequiredMfaPolicy",
      ],
      [{ mfa: { policy: "PromptAtSignInAndSignUp" } }, "mfa.policy"],
      [{ mfa: { factors: ["EmailVerificationCode"] } }, "mfa.factors"],
      [{ signInMode: "Register" }, "signInMode"],
    ] as const) {
      const response = await h.call<{ code: string; message: string; details?: string }>(
        "PATCH",
        "/api/sign-in-exp",
        { body },
      );
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe("guard.invalid_input");
      expect(
        `${response.body.message}\n${response.body.details ?? ""}`,
        JSON.stringify(body),
      ).toContain(named);
    }
    // Nothing was half-applied.
    expect(await h.ok("GET", "/api/sign-in-exp", 200)).toEqual(before);
  });

  it("refuses settings no user could meet: out-of-range values, MFA required with no factor", async () => {
    for (const body of [
      { passwordPolicy: { length: { min: 4 } } },
      { passwordPolicy: { minScore: 5 } },
      { mfa: { factors: [], policy: "Mandatory" } },
    ]) {
      const response = await h.call("PATCH", "/api/sign-in-exp", { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body).toMatchObject({ code: "guard.invalid_input" });
    }
  });
});
