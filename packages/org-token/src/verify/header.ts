/**
 * The token's protected header: parsed and checked once per distinct header (tokens signed with
 * one key share it), then looked up by its encoded form.
 *
 * @module
 */
import type { OrganizationTokenAlgorithm } from "../claims.ts";
import { isBase64url } from "../runtime/base64url.ts";
import type { SignatureRuntime } from "../runtime/runtime.ts";
import { malformed, notCompact, parseJsonObject } from "./decode.ts";

/** What the verifier needs from a checked header. */
export interface ParsedHeader {
  readonly alg: OrganizationTokenAlgorithm;
  readonly kid: string;
}

const HEADER_CACHE_LIMIT = 64;

/** Parses and checks a header segment: an allowed `alg`, `typ` "at+jwt", a `kid`, no `crit`. */
export function parseHeader(
  runtime: SignatureRuntime,
  segment: string,
  allowed: ReadonlySet<string>,
): ParsedHeader {
  if (!isBase64url(segment)) throw notCompact();
  const header = parseJsonObject(runtime, segment, "header");
  const { alg, kid, typ, crit } = header;
  if (typeof alg !== "string" || !allowed.has(alg)) {
    throw malformed(`Unsupported token algorithm ${JSON.stringify(alg)}`);
  }
  if (typeof typ !== "string") throw malformed('The token header has no "typ"; expected "at+jwt"');
  const type = typ.toLowerCase();
  if (type !== "at+jwt" && type !== "application/at+jwt") {
    throw malformed(`The token "typ" is ${JSON.stringify(typ)}; expected "at+jwt"`);
  }
  if (typeof kid !== "string" || kid === "") throw malformed('The token header has no "kid"');
  if (crit !== undefined)
    throw malformed('The token header has a "crit" parameter, which is not supported');
  return { alg: alg as OrganizationTokenAlgorithm, kid };
}

/** Checked headers by their encoded form, for one verifier. */
export interface HeaderCache {
  /** The checked header of `segment`, parsing it on first sight; throws `malformed`. */
  get(segment: string, runtime: SignatureRuntime): ParsedHeader;
}

/** A header cache over the verifier's allowed algorithms (up to 64 headers, then cleared). */
export function createHeaderCache(allowed: ReadonlySet<string>): HeaderCache {
  const cache = new Map<string, ParsedHeader>();
  // Most calls repeat the previous header: compare with it before hashing the segment.
  let lastSegment = "";
  let last: ParsedHeader | undefined;
  return {
    get(segment, runtime) {
      if (segment === lastSegment && last !== undefined) return last;
      let header = cache.get(segment);
      if (header === undefined) {
        header = parseHeader(runtime, segment, allowed);
        if (cache.size >= HEADER_CACHE_LIMIT) cache.clear();
        cache.set(segment, header);
      }
      lastSegment = segment;
      last = header;
      return header;
    },
  };
}
