/**
 * Strict base64url checks shared by both runtimes: decoders are lenient, the verifier is not.
 *
 * @module
 */

/** 6-bit value of each base64url character, -1 for anything else. */
const BASE64URL_VALUES = (() => {
  const table = new Int8Array(128).fill(-1);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** True if `segment` is non-empty, only base64url characters (no padding), of a possible length. */
export function isBase64url(segment: string): boolean {
  return segment.length % 4 !== 1 && BASE64URL.test(segment);
}

/**
 * True if `segment` is the one canonical unpadded base64url encoding of `byteLength` bytes: right
 * length, right alphabet, unused trailing bits zero. Decoders are lenient about all three, which
 * would let one signature have several spellings.
 */
export function isCanonicalBase64url(segment: string, byteLength: number): boolean {
  const rest = byteLength % 3;
  if (segment.length !== ((byteLength - rest) / 3) * 4 + (rest === 0 ? 0 : rest + 1)) return false;
  if (!isBase64url(segment)) return false;
  if (rest === 0) return true;
  const last = BASE64URL_VALUES[segment.charCodeAt(segment.length - 1)] ?? -1;
  return (last & (rest === 1 ? 0x0f : 0x03)) === 0;
}
