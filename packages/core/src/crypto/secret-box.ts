import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// Secrets that must be recoverable (signing keys, webhook HMAC secrets) are sealed with
// AES-256-GCM under a key derived from the instance secret, so a database dump alone
// does not reveal them.

function deriveKey(instanceSecret: string, purpose: string): Buffer {
  if (instanceSecret.length < 16)
    throw new Error("The instance secret must be at least 16 characters.");
  return Buffer.from(hkdfSync("sha256", instanceSecret, "guildhall", purpose, 32));
}

export function seal(plaintext: string, instanceSecret: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(instanceSecret, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    "v1",
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    body.toString("base64url"),
  ].join(".");
}

export function open(sealed: string, instanceSecret: string, purpose: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("Unrecognised sealed value.");
  const decipher = createDecipheriv(
    "aes-256-gcm",
    deriveKey(instanceSecret, purpose),
    Buffer.from(iv, "base64url"),
  );
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([
    decipher.update(Buffer.from(body, "base64url")),
    decipher.final(),
  ]).toString("utf8");
}
