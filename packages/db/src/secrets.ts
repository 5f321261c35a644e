import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const SECRET_NAMES = ["NEXTAUTH_SECRET", "GUILDHALL_SECRET"] as const;
type SecretName = (typeof SECRET_NAMES)[number];
export type Secrets = Record<SecretName, string>;

const secretsFile = z.record(z.string(), z.string().min(16)).catch({});

/**
 * Secrets the operator did not set come from `<dataDir>/secrets.json`, or are generated
 * (32 random bytes each) and persisted there with mode 0600, so sessions and signed state
 * survive a restart. Nothing is ever hard-coded.
 */
export function ensureSecrets(
  dataDir: string,
  given: Partial<Record<SecretName, string | undefined>>,
): { secrets: Secrets; file: string; generated: SecretName[] } {
  const file = path.join(dataDir, "secrets.json");
  const stored = existsSync(file) ? secretsFile.parse(safeJson(readFileSync(file, "utf8"))) : {};
  const generated: SecretName[] = [];
  const secrets = {} as Secrets;
  for (const name of SECRET_NAMES) {
    const value = given[name] ?? stored[name];
    if (value) {
      secrets[name] = value;
    } else {
      secrets[name] = randomBytes(32).toString("base64url");
      stored[name] = secrets[name];
      generated.push(name);
    }
  }
  if (generated.length > 0) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return { secrets, file, generated };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
