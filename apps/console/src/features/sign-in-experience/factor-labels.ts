import type { MfaFactorType } from "@guildhall/validators";

/** How the console names each kind of second factor. */
export const FACTOR_LABELS: Record<MfaFactorType, string> = {
  totp: "Authenticator app",
  webauthn: "Passkey",
  backup_codes: "Backup codes",
};

export const FACTOR_EXPLANATIONS: Record<MfaFactorType, string> = {
  totp: "6-digit codes from an app such as 1Password, Google Authenticator or Authy (TOTP).",
  webauthn:
    "A security key, Touch ID, Windows Hello or a phone (WebAuthn). Also lets users sign in without a password.",
  backup_codes:
    "10 single-use codes to print or store, for when the phone or key is lost. Offered next to another factor.",
};
