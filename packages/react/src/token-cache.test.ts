import { describe, expect, it, vi } from "vitest";
import { createTokenCache, jwtExpiry } from "./token-cache.ts";

function jwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${part({ alg: "ES256" })}.${part(payload)}.signature`;
}

describe("token cache", () => {
  it("reads a JWT's exp, and nothing from an opaque token", () => {
    expect(jwtExpiry(jwt({ exp: 2_000_000_000, sub: "ü?>" }))).toBe(2_000_000_000_000);
    expect(jwtExpiry("opaque-token")).toBeUndefined();
    expect(jwtExpiry("a.b.c")).toBeUndefined();
  });

  it("reuses a JWT until 30 s before it expires", async () => {
    let now = 1_000_000_000_000;
    const tokens = [jwt({ exp: now / 1000 + 120 }), jwt({ exp: now / 1000 + 600 })];
    const get = vi.fn(() => Promise.resolve(tokens[get.mock.calls.length - 1] ?? ""));
    const cache = createTokenCache(get, () => now);
    expect(await cache.get()).toBe(tokens[0]);
    now += 89_000;
    expect(await cache.get()).toBe(tokens[0]);
    now += 2_000;
    expect(await cache.get()).toBe(tokens[1]);
    expect(get).toHaveBeenCalledTimes(2);
  });

  it("reuses an opaque token 30 s, and forgets a refused one at once", async () => {
    let now = 0;
    let n = 0;
    const cache = createTokenCache(
      () => Promise.resolve(`opaque-${++n}`),
      () => now,
    );
    expect(await cache.get()).toBe("opaque-1");
    now = 29_000;
    expect(await cache.get()).toBe("opaque-1");
    cache.invalidate("opaque-1");
    expect(await cache.get()).toBe("opaque-2");
    cache.invalidate("opaque-1"); // an older token: the current one stays
    expect(await cache.get()).toBe("opaque-2");
    now = 60_000;
    expect(await cache.get()).toBe("opaque-3");
  });

  it("does not keep a failure: the next call asks again", async () => {
    let fail = true;
    const cache = createTokenCache(() =>
      fail ? Promise.reject(new Error("down")) : Promise.resolve("t"),
    );
    await expect(cache.get()).rejects.toThrow("down");
    fail = false;
    await expect(cache.get()).resolves.toBe("t");
  });
});
