/**
 * The signature check: find the header's key, make sure the algorithm fits it, and let the
 * runtime verify the signature.
 *
 * @module
 */
import { OrganizationTokenError } from "../errors.ts";
import type { KeySet, VerificationKey } from "../jwks.ts";
import type { SignatureRuntime } from "../runtime/runtime.ts";
import type { ParsedHeader } from "./header.ts";

/**
 * Throws `unknown_key` or `bad_signature` unless `token` is signed by the key its header names.
 * Returns `undefined` when it could decide synchronously (a cached key on the Node runtime: the
 * common case, which then costs no promise), otherwise a promise to await.
 *
 * @param signatureStart index of the token's last dot: the end of the signing input
 * @param signatureSegment `token.slice(signatureStart + 1)`
 */
export function checkSignature(
  runtime: SignatureRuntime,
  keySet: KeySet,
  header: ParsedHeader,
  token: string,
  signatureStart: number,
  signatureSegment: string,
  nowMs: number,
): Promise<void> | undefined {
  const key = keySet.get(header.kid, nowMs);
  if (key !== undefined)
    return checkWithKey(runtime, key, header, token, signatureStart, signatureSegment);
  return keySet.resolve(header.kid, nowMs).then((found) => {
    if (found === undefined) {
      throw new OrganizationTokenError(
        "unknown_key",
        `No key with kid ${JSON.stringify(header.kid)} in the issuer's key set`,
      );
    }
    return checkWithKey(runtime, found, header, token, signatureStart, signatureSegment);
  });
}

function checkWithKey(
  runtime: SignatureRuntime,
  key: VerificationKey,
  { alg, kid }: ParsedHeader,
  token: string,
  signatureStart: number,
  signatureSegment: string,
): Promise<void> | undefined {
  if (!key.algorithms.includes(alg)) {
    throw new OrganizationTokenError(
      "bad_signature",
      `The token algorithm ${alg} does not match key ${JSON.stringify(kid)} (${key.algorithms.join(", ")})`,
    );
  }
  const signature = runtime.decodeSignature(signatureSegment, key.signatureLength);
  if (signature === undefined) {
    throw new OrganizationTokenError(
      "bad_signature",
      "The token signature has the wrong encoding or length",
    );
  }
  let result: boolean | Promise<boolean>;
  try {
    result = runtime.verify(key, alg, token, signatureStart, signature);
  } catch (cause) {
    throw unverifiable(cause);
  }
  if (typeof result === "boolean") return assertValid(result);
  return result.then(assertValid, (cause: unknown) => {
    throw unverifiable(cause);
  });
}

function assertValid(valid: boolean): undefined {
  if (!valid) throw new OrganizationTokenError("bad_signature", "The token signature is invalid");
  return undefined;
}

function unverifiable(cause: unknown): OrganizationTokenError {
  return new OrganizationTokenError(
    "bad_signature",
    "The token signature could not be checked with its key",
    { cause },
  );
}
