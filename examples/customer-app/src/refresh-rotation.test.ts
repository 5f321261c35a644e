import { describe, expect, it, vi } from "vitest";
import { createRefreshRotations } from "./refresh-rotation.ts";

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A token endpoint that behaves like Guildhall's: a plain refresh rotates the refresh token, an
 * organization token leaves it, and any use of a rotated token revokes the sign-in.
 */
function guildhall() {
  const spent = new Set<string>();
  const log: string[] = [];
  let issued = 1;
  let revoked = false;
  function check(token: string) {
    if (spent.has(token)) revoked = true;
    if (revoked) throw new Error("invalid_grant: sign-in revoked");
  }
  return {
    log,
    get revoked() {
      return revoked;
    },
    refresh: vi.fn(async (token: string) => {
      log.push(`refresh ${token}`);
      await tick();
      check(token);
      spent.add(token);
      issued += 1;
      return { refreshToken: `rt${issued}`, accessToken: `at${issued}` };
    }),
    organizationToken: vi.fn(async (token: string) => {
      log.push(`use ${token}`);
      await tick(15);
      check(token);
      log.push(`used ${token}`);
      return `org-token-from-${token}`;
    }),
  };
}

describe("refresh token rotations", () => {
  it("spends a refresh token once for parallel refreshes, which all get its result", async () => {
    const rotations = createRefreshRotations();
    const g = guildhall();
    const results = await Promise.all([1, 2, 3].map(() => rotations.rotate("rt1", g.refresh)));
    expect(g.refresh).toHaveBeenCalledTimes(1);
    expect(results).toEqual([1, 2, 3].map(() => ({ refreshToken: "rt2", accessToken: "at2" })));
  });

  it("gives requests still carrying a rotated token the newest one, along the chain", async () => {
    const rotations = createRefreshRotations();
    const g = guildhall();
    await rotations.rotate("rt1", g.refresh);
    await rotations.rotate("rt2", g.refresh);
    expect(await rotations.rotate("rt1", g.refresh)).toEqual({
      refreshToken: "rt3",
      accessToken: "at3",
    });
    expect(await rotations.use("rt1", g.organizationToken)).toEqual({
      value: "org-token-from-rt3",
      refreshToken: "rt3",
    });
    expect(g.refresh).toHaveBeenCalledTimes(2);
    expect(g.revoked).toBe(false);
  });

  it("makes a rotation wait for the uses of its token in flight, and later uses take the new token", async () => {
    const rotations = createRefreshRotations();
    const g = guildhall();
    const before = rotations.use("rt1", g.organizationToken);
    await tick(1);
    const refreshed = rotations.rotate("rt1", g.refresh);
    const after = rotations.use("rt1", g.organizationToken);
    expect(await Promise.all([before, refreshed, after])).toEqual([
      { value: "org-token-from-rt1", refreshToken: "rt1" },
      { refreshToken: "rt2", accessToken: "at2" },
      { value: "org-token-from-rt2", refreshToken: "rt2" },
    ]);
    expect(g.log).toEqual(["use rt1", "used rt1", "refresh rt1", "use rt2", "used rt2"]);
    expect(g.revoked).toBe(false);
  });

  it("forgets rotations after two minutes, and failures at once", async () => {
    let now = 0;
    const rotations = createRefreshRotations(() => now);
    const g = guildhall();
    await rotations.rotate("rt1", g.refresh);
    now = 2 * 60 * 1000 + 1;
    expect((await rotations.use("rt1", async (token) => token)).refreshToken).toBe("rt1");

    const failing = vi.fn(() => Promise.reject(new Error("invalid_grant")));
    await expect(rotations.rotate("rt9", failing)).rejects.toThrow("invalid_grant");
    await expect(rotations.rotate("rt9", failing)).rejects.toThrow("invalid_grant");
    expect(failing).toHaveBeenCalledTimes(2);
  });

  it("refreshes again when Guildhall kept the refresh token (no rotation to share)", async () => {
    const rotations = createRefreshRotations();
    const keep = vi.fn(async () => ({ refreshToken: undefined, accessToken: "at" }));
    await rotations.rotate("rt1", keep);
    await rotations.rotate("rt1", keep);
    expect(keep).toHaveBeenCalledTimes(2);
  });
});
