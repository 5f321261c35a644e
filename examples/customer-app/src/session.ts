import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals values into cookie-safe strings with AES-256-GCM: the browser can neither read nor
 * change them. The cookie name is authenticated too (GCM additional data), so a value sealed
 * for one cookie is rejected under another, and every value carries its own expiry.
 */
export interface CookieSealer {
  seal(name: string, value: unknown, maxAgeSeconds: number): string;
  /** The value, or `undefined` when it is missing, tampered with, expired or sealed with another key. */
  open<T>(name: string, sealed: string | undefined): T | undefined;
}

export function createCookieSealer(secret: string, now: () => number = Date.now): CookieSealer {
  if (secret.length < 32)
    throw new Error("The session secret must be at least 32 characters long.");
  const key = Buffer.from(
    hkdfSync("sha256", secret, "", "guildhall-example-customer-app/cookies/v1", 32),
  );

  return {
    seal(name, value, maxAgeSeconds) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(name));
      const plaintext = JSON.stringify({ exp: Math.floor(now() / 1000) + maxAgeSeconds, value });
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url")}`;
    },

    open<T>(name: string, sealed: string | undefined): T | undefined {
      if (!sealed?.startsWith(`${VERSION}.`)) return undefined;
      const bytes = Buffer.from(sealed.slice(VERSION.length + 1), "base64url");
      if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(name));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const plaintext = Buffer.concat([
          decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]);
        const { exp, value } = JSON.parse(plaintext.toString("utf8")) as { exp: number; value: T };
        return exp > Math.floor(now() / 1000) ? value : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Reads a `Cookie` request header into name -> value. */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    const name = part.slice(0, Math.max(eq, 0)).trim();
    if (!name || cookies.has(name)) continue; // the first one is the most specific path
    try {
      cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // not ours: ignore undecodable cookies
    }
  }
  return cookies;
}
