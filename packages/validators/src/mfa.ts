import { z } from "zod";
import { id, jsonObject, text } from "./common.ts";
import { mfaFactorType } from "./sign-in-experience.ts";

/** The random token a browser carries through a sign-in or a passkey ceremony. */
export const challengeToken = text()
  .min(1, "The sign-in token is missing")
  .max(128, "The sign-in token is too long");

/** A code from an authenticator app: 6 digits; spaces some apps show are ignored. */
export const totpCode = text()
  .transform((value) => value.replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app"));

/**
 * Backup codes are 10 characters of an alphabet without look-alikes (no 0/O, 1/I), shown as
 * `ABCDE-FGHJK`. Case, spaces and the hyphen are ignored on entry.
 */
export const BACKUP_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const backupCode = text()
  .max(64, "Enter a backup code, like ABCDE-FGHJK")
  .transform((value) => value.replace(/[\s-]/g, "").toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{10}$/, "Enter a backup code, like ABCDE-FGHJK"));

const base64url = text()
  .max(16384, "The passkey response is too long")
  .regex(/^[A-Za-z0-9_-]*$/, "The passkey response is malformed");

const credentialBase = {
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: jsonObject.default({}),
};

/** What `@simplewebauthn/browser`'s `startRegistration` returns. */
export const registrationResponseJson = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    publicKey: base64url.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    transports: z.array(text().max(32)).max(10).optional(),
  }),
});

/** What `@simplewebauthn/browser`'s `startAuthentication` returns. */
export const authenticationResponseJson = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
});

export const completeSignInInput = z.object({ challengeToken });
export type CompleteSignInInput = z.input<typeof completeSignInInput>;

export const verifySignInTotpInput = z.object({ challengeToken, code: totpCode });
export type VerifySignInTotpInput = z.input<typeof verifySignInTotpInput>;

export const verifySignInBackupCodeInput = z.object({ challengeToken, code: backupCode });
export type VerifySignInBackupCodeInput = z.input<typeof verifySignInBackupCodeInput>;

/** Without a token: a passwordless sign-in with a discoverable passkey. */
export const startSignInPasskeyInput = z.object({ challengeToken: challengeToken.optional() });
export type StartSignInPasskeyInput = z.input<typeof startSignInPasskeyInput>;

export const finishSignInPasskeyInput = z.object({
  challengeToken,
  response: authenticationResponseJson,
});
export type FinishSignInPasskeyInput = z.input<typeof finishSignInPasskeyInput>;

export const mfaUserInput = z.object({ userId: id });
export type MfaUserInput = z.input<typeof mfaUserInput>;

export const confirmTotpEnrollmentInput = z.object({
  userId: id,
  code: totpCode,
  /** The console session the user enrols from: it gains "otp" in its `amr`. */
  sessionToken: text().max(128).optional(),
});
export type ConfirmTotpEnrollmentInput = z.input<typeof confirmTotpEnrollmentInput>;

export const passkeyName = text()
  .trim()
  .min(1, "Name is required")
  .max(64, "A passkey name is at most 64 characters");

export const finishPasskeyRegistrationInput = z.object({
  userId: id,
  challengeToken,
  response: registrationResponseJson,
  name: passkeyName.optional(),
});
export type FinishPasskeyRegistrationInput = z.input<typeof finishPasskeyRegistrationInput>;

export const removeMfaFactorInput = z.object({ userId: id, factorId: id });
export type RemoveMfaFactorInput = z.input<typeof removeMfaFactorInput>;

/** A user's factor as the account page and the console show it: never its secret. */
export const mfaFactor = z.object({
  id: z.string(),
  type: mfaFactorType,
  name: z.string().nullable(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  /** Backup codes: how many are still unused. */
  remainingCodes: z.number().int().optional(),
});
export type MfaFactor = z.infer<typeof mfaFactor>;

/** Shown once, when the user adds an authenticator app. */
export const totpEnrollment = z.object({
  factorId: z.string(),
  secret: z.string(),
  otpauthUri: z.string(),
  qrCodeSvg: z.string(),
});
export type TotpEnrollment = z.infer<typeof totpEnrollment>;

/** Shown once: only their hashes are kept. */
export const backupCodes = z.object({ codes: z.array(z.string()) });
export type BackupCodes = z.infer<typeof backupCodes>;

export const signInStep = z.discriminatedUnion("status", [
  z.object({ challengeToken: z.string(), status: z.literal("complete") }),
  z.object({
    challengeToken: z.string(),
    status: z.literal("mfa_required"),
    factors: z.array(mfaFactorType),
  }),
]);
export type SignInStep = z.infer<typeof signInStep>;

export const mfaEnrollmentRequiredInput = z.object({
  userId: id,
  /** The organization a token is asked for, when its MFA requirement applies. */
  organizationId: id.optional(),
});
export type MfaEnrollmentRequiredInput = z.input<typeof mfaEnrollmentRequiredInput>;
