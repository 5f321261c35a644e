import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { config, proxy } from "./proxy";

// What Next forwards to the render: the proxy's request headers travel as x-middleware-request-*.
const forwarded = (res: Response, name: string) => res.headers.get(`x-middleware-request-${name}`);

describe("proxy security headers", () => {
  beforeEach(() => {
    vi.stubEnv("BASE_URL", "https://id.example.com");
    vi.stubEnv("NODE_ENV", "production");
  });
  afterEach(() => vi.unstubAllEnvs());

  it("gives a page a CSP with a fresh nonce, on the response and on the request Next renders", () => {
    const res = proxy(new NextRequest("https://id.example.com/organizations?q=a"));
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
    expect(forwarded(res, "content-security-policy")).toBe(csp);
    expect(forwarded(res, "x-guildhall-path")).toBe("/organizations?q=a");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("strict-transport-security")).toBe(
      "max-age=63072000; includeSubDomains",
    );

    const again = proxy(new NextRequest("https://id.example.com/organizations")).headers.get(
      "content-security-policy",
    );
    expect(again).not.toBe(csp);
  });

  it("keeps the invitation token out of referrers", () => {
    const res = proxy(new NextRequest("https://id.example.com/invite/tok_secret"));
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("content-security-policy")).toContain("'strict-dynamic'");
  });

  it("keeps reset and verification tokens out of referrers, not other pages'", () => {
    for (const path of ["/reset-password?token=tok", "/verify-email?token=tok"]) {
      const res = proxy(new NextRequest(`https://id.example.com${path}`));
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
    }
    const other = proxy(new NextRequest("https://id.example.com/reset-passwords"));
    expect(other.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it("gives API routes nosniff (and the rest) without a page CSP", () => {
    for (const path of ["/api/trpc/organization.list", "/api/organizations", "/api/auth/session"]) {
      const res = proxy(new NextRequest(`https://id.example.com${path}`));
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("strict-transport-security")).toContain("max-age=");
      expect(res.headers.get("content-security-policy")).toBeNull();
    }
  });

  it("over http (local development): no HSTS, no upgrade; eval for React's dev tooling", () => {
    vi.stubEnv("BASE_URL", "http://localhost:3000");
    vi.stubEnv("NODE_ENV", "development");
    const res = proxy(new NextRequest("http://localhost:3000/"));
    expect(res.headers.get("strict-transport-security")).toBeNull();
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(csp).toContain("'unsafe-eval'");
  });

  it("runs on pages and API routes, not on Next's own assets", () => {
    // The matcher is a path-to-regexp source; this one reads the same as a RegExp.
    const re = new RegExp(`^${config.matcher[0]}$`);
    expect(re.test("/organizations")).toBe(true);
    expect(re.test("/api/trpc/x")).toBe(true);
    expect(re.test("/_next/static/chunks/a.js")).toBe(false);
  });
});
