/**
 * The one interface behind which the verifier's runtime differences sit, as jose keeps its own
 * under `src/runtime/*`: how a base64url segment is decoded and how a signature is checked.
 * `node.ts` implements it with `node:crypto`, `web.ts` with jose on Web Crypto, and `select.ts`
 * picks one per verifier. Everything else in the verifier is the same code on every runtime.
 *
 * @module
 */
import type { OrganizationTokenAlgorithm } from "../claims.ts";
import type { VerificationKey } from "../jwks.ts";

/** The longest token the verifier accepts; the Node runtime sizes its scratch buffers on it. */
export const MAX_TOKEN_LENGTH = 16_384;

/** What the verifier asks of a runtime. */
export interface SignatureRuntime {
  /** The public name, reported as `verifier.engine`. */
  readonly name: "node" | "jose";
  /** The UTF-8 text a base64url segment encodes (the header or the payload JSON). */
  decodeText(segment: string): string;
  /** Signature bytes if `segment` is the canonical base64url encoding of `length` bytes. */
  decodeSignature(segment: string, length: number): Uint8Array | undefined;
  /**
   * Whether `signature` is valid for `token.slice(0, signingInputEnd)` under `key` and `alg`.
   * Synchronous where the runtime allows it, so the common path awaits nothing.
   */
  verify(
    key: VerificationKey,
    alg: OrganizationTokenAlgorithm,
    token: string,
    signingInputEnd: number,
    signature: Uint8Array,
  ): boolean | Promise<boolean>;
}
