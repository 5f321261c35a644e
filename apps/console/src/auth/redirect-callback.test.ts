import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// options.ts is server-only; importing it here only reads its callbacks.
vi.mock("server-only", () => ({}));

describe("next-auth redirect callback", () => {
  beforeEach(() => vi.stubEnv("BASE_URL", "https://id.example.com"));
  afterEach(() => vi.unstubAllEnvs());

  it("sends sign-in and sign-out only to this site, as absolute URLs", async () => {
    const { authOptions } = await import("./options");
    const redirect = (url: string) =>
      authOptions.callbacks.redirect({ url, baseUrl: "https://id.example.com" });
    expect(redirect("/organizations?q=a")).toBe("https://id.example.com/organizations?q=a");
    expect(redirect("https://id.example.com/invite/abc")).toBe("https://id.example.com/invite/abc");
    expect(redirect("/sign-in")).toBe("https://id.example.com/sign-in");
    for (const bad of [
      "/\t/evil.example",
      "//evil.example",
      "/\\evil.example",
      "https://evil.example/",
      "https://id.example.com@evil.example",
      "javascript:alert(1)",
      "/x\r\nSet-Cookie: a=b",
    ]) {
      expect(redirect(bad)).toBe("https://id.example.com/");
    }
  });
});
