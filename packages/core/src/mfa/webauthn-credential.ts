import type { WebAuthnCredential } from "@simplewebauthn/server";
import { DomainError } from "../errors.ts";

/** A stored passkey as `@simplewebauthn/server` verifies against it. */
export function toWebAuthnCredential(factor: {
  credentialId: string | null;
  publicKey: Uint8Array | null;
  counter: bigint | null;
  transports: string[];
}): WebAuthnCredential | null {
  if (!factor.credentialId || !factor.publicKey) return null;
  return {
    id: factor.credentialId,
    publicKey: new Uint8Array(factor.publicKey),
    counter: Number(factor.counter ?? 0n),
    transports: factor.transports,
  };
}

/**
 * One answer for every way a passkey response can be wrong (unknown credential, bad
 * signature, other origin, malformed data): the details only help someone forging one.
 */
export function passkeyFailed(): DomainError {
  return new DomainError(
    "passkey.verification_failed",
    "The passkey could not be verified. Try again, or use another way to sign in.",
  );
}
