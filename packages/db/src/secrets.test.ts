import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureSecrets } from "./secrets.ts";

const dirs: string[] = [];
function tempDir() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gh-secrets-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("ensureSecrets", () => {
  it("generates both secrets once, persists them with mode 0600, and reuses them", () => {
    const dir = tempDir();
    const first = ensureSecrets(dir, {});
    expect(first.generated).toEqual(["NEXTAUTH_SECRET", "GUILDHALL_SECRET"]);
    expect(first.secrets.NEXTAUTH_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.secrets.NEXTAUTH_SECRET).not.toBe(first.secrets.GUILDHALL_SECRET);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);

    const second = ensureSecrets(dir, {});
    expect(second.generated).toEqual([]);
    expect(second.secrets).toEqual(first.secrets);
  });

  it("prefers secrets from the environment and does not write them to disk", () => {
    const dir = tempDir();
    const given = { NEXTAUTH_SECRET: "n".repeat(32), GUILDHALL_SECRET: "g".repeat(32) };
    const result = ensureSecrets(dir, given);
    expect(result.secrets).toEqual(given);
    expect(result.generated).toEqual([]);
    expect(() => readFileSync(result.file)).toThrow();
  });

  it("replaces a corrupt file's missing values", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "secrets.json"), "{not json");
    const result = ensureSecrets(dir, { NEXTAUTH_SECRET: "n".repeat(32) });
    expect(result.generated).toEqual(["GUILDHALL_SECRET"]);
    const stored = JSON.parse(readFileSync(result.file, "utf8")) as Record<string, string>;
    expect(stored.GUILDHALL_SECRET).toBe(result.secrets.GUILDHALL_SECRET);
    expect(stored.NEXTAUTH_SECRET).toBeUndefined();
  });
});
