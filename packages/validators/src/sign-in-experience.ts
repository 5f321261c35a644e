import { z } from "zod";

/** The second factors Guildhall supports (schema enum `MfaFactorType`). */
export const mfaFactorType = z.enum(["totp", "webauthn", "backup_codes"]);
export type MfaFactorType = z.infer<typeof mfaFactorType>;

/** "required": every user must enrol a factor at their next sign-in. */
export const mfaPolicy = z.enum(["optional", "required"]);
export type MfaPolicy = z.infer<typeof mfaPolicy>;

const passwordPolicy = z.object({
  minLength: z
    .number()
    .int()
    .min(8, "The minimum length is at least 8")
    .max(128, "The minimum length is at most 128"),
  /** zxcvbn score: 0 (anything) to 4 (very hard to guess). */
  minScore: z.number().int().min(0, "The score is 0 to 4").max(4, "The score is 0 to 4"),
});

const mfaSettings = z.object({
  factors: z.array(mfaFactorType).max(3),
  policy: mfaPolicy,
});

/** The instance's sign-in experience: who may register, password policy, MFA. */
export const signInExperience = z.object({
  registrationEnabled: z.boolean(),
  passwordPolicy,
  mfa: mfaSettings,
});
export type SignInExperience = z.infer<typeof signInExperience>;

/** Omitted fields (at any depth) are kept. */
export const updateSignInExperienceInput = z.object({
  registrationEnabled: z.boolean().optional(),
  passwordPolicy: passwordPolicy.partial().optional(),
  mfa: mfaSettings.partial().optional(),
});
export type UpdateSignInExperienceInput = z.input<typeof updateSignInExperienceInput>;
