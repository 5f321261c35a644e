import { Secret, TOTP } from "otpauth";

// RFC 6238 with the parameters every authenticator app understands: SHA-1, 6 digits, 30 s.
// Apps ignore other algorithms in an otpauth URI, so "stronger" settings only break sign-in.
const PARAMS = { algorithm: "SHA1", digits: 6, period: 30 } as const;
/** One step either side: a code typed as it rolls over, or a phone clock a little off. */
const WINDOW = 1;

/** A fresh 160-bit secret, base32 as apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/...` URI an app scans, labelled with the issuer and the account. */
export function totpUri(secret: string, issuer: string, accountName: string): string {
  return new TOTP({
    ...PARAMS,
    issuer,
    label: accountName,
    secret: Secret.fromBase32(secret),
  }).toString();
}

/**
 * The time step a code belongs to (within the window around `now`), or null when it matches
 * none. The caller refuses a step not after the last one accepted, so a code works once.
 */
export function matchTotpStep(secret: string, code: string, now: Date): number | null {
  const totp = new TOTP({ ...PARAMS, secret: Secret.fromBase32(secret) });
  const timestamp = now.getTime();
  const delta = totp.validate({ token: code, timestamp, window: WINDOW });
  return delta === null ? null : totp.counter({ timestamp }) + delta;
}
