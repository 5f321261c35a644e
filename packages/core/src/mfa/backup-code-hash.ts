import { createHmac, hkdfSync, randomInt } from "node:crypto";
import { BACKUP_CODE_ALPHABET } from "@guildhall/validators";

export const BACKUP_CODE_COUNT = 10;
const CODE_LENGTH = 10;

/** A new code, as shown: `ABCDE-FGHJK` (50 bits from an alphabet without look-alikes). */
export function newBackupCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += BACKUP_CODE_ALPHABET[randomInt(32)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * The stored form of a code (normalised: no hyphen, upper case). An HMAC under a key derived
 * from the instance secret: a plain hash of 50 bits could be searched offline from a dump.
 */
export function hashBackupCode(code: string, instanceSecret: string): string {
  const key = Buffer.from(hkdfSync("sha256", instanceSecret, "guildhall", "backup-codes", 32));
  const normalised = code.replace(/[\s-]/g, "").toUpperCase();
  return createHmac("sha256", key).update(normalised).digest("base64url");
}
