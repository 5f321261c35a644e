import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "./password.ts";

describe("password hashing", () => {
  it("hashes in the scrypt$N$r$p$salt$hash format with a fresh salt each time", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(needsRehash(a)).toBe(false);
  });

  it("verifies the right password and rejects others", async () => {
    const hash = await hashPassword("correct horse");
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct horsE", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("reads the parameters from the stored hash", async () => {
    // A hash made with cheaper parameters still verifies, and is flagged for rehashing.
    const { scryptSync, randomBytes } = await import("node:crypto");
    const salt = randomBytes(16);
    const key = scryptSync("pw-123456", salt, 32, { N: 1024, r: 8, p: 1 });
    const old = `scrypt$1024$8$1$${salt.toString("base64url")}$${key.toString("base64url")}`;
    expect(await verifyPassword("pw-123456", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it("never matches a malformed or hostile hash", async () => {
    const good = await hashPassword("pw");
    const [, , r, p, salt, key] = good.split("$");
    for (const bad of [
      "",
      "plain",
      "bcrypt$10$abc",
      `scrypt$1000$${r}$${p}$${salt}$${key}`, // N not a power of two
      `scrypt$${2 ** 30}$${r}$${p}$${salt}$${key}`, // N too large to allocate
      `scrypt$32768$0$${p}$${salt}$${key}`,
      `scrypt$32768$${r}$${p}$$${key}`,
      `scrypt$32768$${r}$${p}$${salt}$`,
      `${good}$extra`,
    ]) {
      expect(await verifyPassword("pw", bad)).toBe(false);
    }
  });
});
