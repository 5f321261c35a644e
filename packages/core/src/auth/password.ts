import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { isImportedPasswordHash, verifyImportedPassword } from "./imported-password.ts";

// scrypt cost: about 0.1 s per hash on the project's machines. Parameters are stored with
// each hash, so raising them later only affects new hashes (and rehash on sign-in).
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// Bounds for parameters read back from a stored hash, so a corrupt row cannot make a
// verification allocate gigabytes.
const MAX_N = 2 ** 20;
const MAX_RP = 64;

function derive(
  password: string,
  salt: Buffer,
  keyLength: number,
  cost: { N: number; r: number; p: number },
) {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes a password with scrypt and a random salt, as
 * `scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>`.
 * @example const passwordHash = await hashPassword("correct horse battery staple");
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, KEY_LENGTH, COST);
  return [
    "scrypt",
    COST.N,
    COST.r,
    COST.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map((v) => (/^\d+$/.test(v) ? Number(v) : NaN));
  if (N === undefined || r === undefined || p === undefined) return null;
  // N must be a power of two above 1.
  if (!(N > 1 && N <= MAX_N && (N & (N - 1)) === 0)) return null;
  if (!(r >= 1 && r <= MAX_RP && p >= 1 && p <= MAX_RP)) return null;
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const key = Buffer.from(parts[5] ?? "", "base64url");
  if (salt.length < 8 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

/**
 * Checks a password against a hash from `hashPassword` (in constant time for a given hash),
 * or against a digest imported from another system (see `imported-password.ts`).
 * A malformed hash never matches.
 * @example if (!(await verifyPassword(input, user.passwordHash))) throw ...
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  // Digests imported with the Management API (Bcrypt, Argon2, SHA, MD5) until rehashed.
  if (isImportedPasswordHash(stored)) return verifyImportedPassword(password, stored);
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.key.length, parsed);
  return timingSafeEqual(key, parsed.key);
}

/**
 * True when a stored hash was made with other parameters than today's, or is an imported
 * digest (rehash it with the password at hand).
 */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return (
    !parsed ||
    parsed.N !== COST.N ||
    parsed.r !== COST.r ||
    parsed.p !== COST.p ||
    parsed.key.length !== KEY_LENGTH
  );
}

let dummyHash: Promise<string> | undefined;
/**
 * A hash of nothing anyone knows, compared against when an account has no password or
 * does not exist, so that answer takes as long as a wrong password.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}
