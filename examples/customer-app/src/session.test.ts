import { describe, expect, it } from "vitest";
import { createCookieSealer, parseCookieHeader } from "./session.ts";

const SECRET = "a-session-secret-of-at-least-32-chars";

describe("cookie sealer", () => {
  it("round-trips a value and hides it from the browser", () => {
    const sealer = createCookieSealer(SECRET);
    const sealed = sealer.seal("session", { refreshToken: "rt_secret" }, 60);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(Buffer.from(sealed.slice(3), "base64url").toString("latin1")).not.toContain("rt_secret");
    expect(sealer.open("session", sealed)).toEqual({ refreshToken: "rt_secret" });
  });

  it("rejects a tampered value, another cookie's value, and another key", () => {
    const sealer = createCookieSealer(SECRET);
    const sealed = sealer.seal("session", { a: 1 }, 60);
    const bytes = Buffer.from(sealed.slice(3), "base64url");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(sealer.open("session", `v1.${bytes.toString("base64url")}`)).toBeUndefined();
    expect(sealer.open("auth", sealed)).toBeUndefined();
    expect(createCookieSealer(`${SECRET}-other`).open("session", sealed)).toBeUndefined();
    expect(sealer.open("session", "v1.short")).toBeUndefined();
    expect(sealer.open("session", undefined)).toBeUndefined();
  });

  it("expires values (frozen clock)", () => {
    let now = Date.UTC(2030, 0, 1);
    const sealer = createCookieSealer(SECRET, () => now);
    const sealed = sealer.seal("session", "x", 60);
    now += 59_000;
    expect(sealer.open("session", sealed)).toBe("x");
    now += 1_000;
    expect(sealer.open("session", sealed)).toBeUndefined();
  });

  it("refuses short secrets", () => {
    expect(() => createCookieSealer("short")).toThrow(/32 characters/);
  });
});

describe("parseCookieHeader", () => {
  it("reads name=value pairs, first one wins, bad encodings ignored", () => {
    const cookies = parseCookieHeader("a=1; b=x%20y; a=2; bad=%E0%A4%A; =nope");
    expect([...cookies]).toEqual([
      ["a", "1"],
      ["b", "x y"],
    ]);
  });
});
