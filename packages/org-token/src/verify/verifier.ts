/**
 * A verifier as a short composition, the way jose's `jwt/verify.ts` is: the compact form, the
 * header, the signature (runtime-specific), then the claims, with the payload cache in between.
 *
 * @module
 */
import { ORGANIZATION_TOKEN_ALGORITHMS, type OrganizationTokenClaims } from "../claims.ts";
import type { KeySet } from "../jwks.ts";
import { selectRuntime } from "../runtime/select.ts";
import { copyClaims, createPayloadCache } from "./cache.ts";
import { checkContext, checkPayload } from "./claims.ts";
import { compactFirstDot, parseJsonObject } from "./decode.ts";
import { createHeaderCache } from "./header.ts";
import { checkSignature } from "./signature.ts";
import type {
  BaseVerifierOptions,
  OrganizationTokenVerifier,
  VerifyOrganizationTokenOptions,
} from "./types.ts";

/** A verifier over `keySet`; throws `TypeError` on invalid options. */
export function createVerifier(
  options: BaseVerifierOptions,
  keySet: KeySet,
): OrganizationTokenVerifier {
  const { issuer, audience } = options;
  if (typeof issuer !== "string" || issuer === "")
    throw new TypeError("options.issuer is required");
  if (audience !== undefined && (typeof audience !== "string" || audience === ""))
    throw new TypeError("options.audience must be a non-empty string (a resource indicator)");
  const tolerance = options.clockTolerance ?? 5;
  if (typeof tolerance !== "number" || !(tolerance >= 0))
    throw new TypeError("options.clockTolerance must be >= 0 seconds");
  const now = options.now ?? Date.now;
  const algorithms = options.algorithms ?? ORGANIZATION_TOKEN_ALGORITHMS;
  for (const alg of algorithms) {
    if (!ORGANIZATION_TOKEN_ALGORITHMS.includes(alg))
      throw new TypeError(`Unsupported algorithm ${JSON.stringify(alg)}`);
  }
  const runtimes = selectRuntime(options.engine ?? "auto");
  const payloads = createPayloadCache(options.payloadCacheSize ?? 1000);
  const headers = createHeaderCache(new Set(algorithms));
  const { freshness } = options;
  if (freshness !== undefined && typeof freshness.check !== "function")
    throw new TypeError("options.freshness must have a check(claims) method");

  async function verify(
    token: string,
    checks?: VerifyOrganizationTokenOptions,
  ): Promise<OrganizationTokenClaims> {
    const nowMs = now();
    const runtime = runtimes.current ?? (await runtimes.load());
    const firstDot = compactFirstDot(token);
    const lastDot = token.lastIndexOf(".");
    const header = headers.get(token.slice(0, firstDot), runtime);

    const signatureSegment = token.slice(lastDot + 1);
    const pending = checkSignature(
      runtime,
      keySet,
      header,
      token,
      lastDot,
      signatureSegment,
      nowMs,
    );
    if (pending !== undefined) await pending;

    // No alphabet check on the payload: the signature covers these exact characters.
    let checked = payloads?.get(signatureSegment, token);
    if (checked === undefined) {
      checked = checkPayload(
        parseJsonObject(runtime, token.slice(firstDot + 1, lastDot), "payload"),
        issuer,
        audience,
        token,
      );
      payloads?.set(signatureSegment, checked);
    }
    checkContext(checked, tolerance, nowMs, checks);
    // Last: only a token that is otherwise valid is worth asking about.
    freshness?.check(checked.claims);
    return payloads === undefined ? checked.claims : copyClaims(checked.claims);
  }

  return {
    verify,
    issuer,
    get engine() {
      // Before the first verification on Node without getBuiltinModule: the expected engine.
      return runtimes.name;
    },
  };
}
