import { createHash, timingSafeEqual } from "node:crypto";
import type { PasswordAlgorithm } from "@guildhall/validators";
import bcrypt from "bcryptjs";
import { argon2Verify } from "hash-wasm";

// Password digests imported from another system (Logto's `passwordDigest` +
// `passwordAlgorithm`). They are stored as `<scheme>:<digest>` in `passwordHash`, verified
// here, and replaced by a scrypt hash at the first successful sign-in (`needsRehash` says
// yes for anything that is not scrypt).

type Scheme = "argon2" | "bcrypt" | "sha1" | "sha256" | "md5";

const SCHEME_OF: Record<PasswordAlgorithm, Scheme> = {
  Argon2i: "argon2",
  Argon2id: "argon2",
  Argon2d: "argon2",
  Bcrypt: "bcrypt",
  SHA1: "sha1",
  SHA256: "sha256",
  MD5: "md5",
};

const HEX_LENGTH = { sha1: 40, sha256: 64, md5: 32 } as const;

// Bounds on the cost a digest may ask for, so one sign-in attempt cannot take minutes or
// gigabytes: wider than every common setting (Argon2 m=64 MiB t=3 p=4, bcrypt cost 10-12).
const ARGON2_MAX_MEMORY_KIB = 256 * 1024;
const ARGON2_MAX_ITERATIONS = 16;
const ARGON2_MAX_PARALLELISM = 16;
const BCRYPT_MAX_COST = 16;

// hash-wasm's encoding: version 19 (Argon2 1.3), unpadded standard base64.
const ARGON2_PHC =
  /^\$argon2(id|i|d)\$v=19\$m=(\d{1,10}),t=(\d{1,4}),p=(\d{1,4})\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{22,}$/;
const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;

/**
 * Checks an imported digest's form for its algorithm. Returns the value to store in
 * `passwordHash`, or a sentence saying what is wrong.
 */
export function importedPasswordHash(
  algorithm: PasswordAlgorithm,
  digest: string,
): { hash: string } | { problem: string } {
  const scheme = SCHEME_OF[algorithm];
  switch (scheme) {
    case "argon2": {
      const match = ARGON2_PHC.exec(digest);
      if (!match || `Argon2${match[1] ?? ""}` !== algorithm)
        return {
          problem: `passwordDigest is not an ${algorithm} hash: expected the encoded form "$${algorithm.toLowerCase()}$v=19$m=…,t=…,p=…$<salt>$<hash>".`,
        };
      const [m, t, p] = [match[2], match[3], match[4]].map(Number) as [number, number, number];
      if (m > ARGON2_MAX_MEMORY_KIB || t > ARGON2_MAX_ITERATIONS || p > ARGON2_MAX_PARALLELISM)
        return {
          problem: `passwordDigest asks for more than Guildhall verifies (at most m=${ARGON2_MAX_MEMORY_KIB}, t=${ARGON2_MAX_ITERATIONS}, p=${ARGON2_MAX_PARALLELISM}).`,
        };
      if (m < 8 * p || t < 1 || p < 1)
        return { problem: "passwordDigest has impossible Argon2 parameters." };
      return { hash: `argon2:${digest}` };
    }
    case "bcrypt": {
      const match = BCRYPT.exec(digest);
      if (!match)
        return {
          problem: 'passwordDigest is not a Bcrypt hash: expected "$2b$<cost>$" and 53 characters.',
        };
      const cost = Number(match[1]);
      if (cost < 4 || cost > BCRYPT_MAX_COST)
        return { problem: `passwordDigest's Bcrypt cost must be 4 to ${BCRYPT_MAX_COST}.` };
      return { hash: `bcrypt:${digest}` };
    }
    case "sha1":
    case "sha256":
    case "md5": {
      const length = HEX_LENGTH[scheme];
      if (!new RegExp(`^[0-9A-Fa-f]{${length}}$`).test(digest))
        return {
          problem: `passwordDigest is not a ${algorithm} digest: expected ${length} hexadecimal characters.`,
        };
      return { hash: `${scheme}:${digest.toLowerCase()}` };
    }
  }
}

/** Whether `stored` is an imported digest (`<scheme>:…`) rather than a scrypt hash. */
export function isImportedPasswordHash(stored: string): boolean {
  return /^(argon2|bcrypt|sha1|sha256|md5):/.test(stored);
}

/**
 * Checks a password against an imported digest. A malformed one never matches. The
 * password is used as given (no normalization): that is how the other system hashed it.
 */
export async function verifyImportedPassword(password: string, stored: string): Promise<boolean> {
  const colon = stored.indexOf(":");
  const scheme = stored.slice(0, colon);
  const digest = stored.slice(colon + 1);
  try {
    switch (scheme) {
      case "argon2":
        // Re-checked: the row may have been written by something else than the import.
        if (!("hash" in importedPasswordHash(argon2Algorithm(digest), digest))) return false;
        return await argon2Verify({ password, hash: digest });
      case "bcrypt":
        if (!("hash" in importedPasswordHash("Bcrypt", digest))) return false;
        return await bcrypt.compare(password, digest);
      case "sha1":
      case "sha256":
      case "md5": {
        const expected = Buffer.from(digest, "hex");
        const actual = createHash(scheme).update(password, "utf8").digest();
        return expected.length === actual.length && timingSafeEqual(expected, actual);
      }
      default:
        return false;
    }
  } catch {
    return false;
  }
}

function argon2Algorithm(digest: string): PasswordAlgorithm {
  if (digest.startsWith("$argon2id$")) return "Argon2id";
  if (digest.startsWith("$argon2d$")) return "Argon2d";
  return "Argon2i";
}
