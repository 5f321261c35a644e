import { describe, expect, it } from "vitest";
import { createCspNonce, isSameOriginRequest, securityHeaders, serializeCsp } from "./index.ts";

const BASE = "https://id.example.com";

describe("securityHeaders", () => {
  it("always: nosniff, a referrer policy, no framing; HSTS only over https", () => {
    expect(securityHeaders({ baseUrl: BASE })).toEqual({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    });
    const local = securityHeaders({
      baseUrl: "http://localhost:3000",
      referrerPolicy: "same-origin",
    });
    expect(local["Strict-Transport-Security"]).toBeUndefined();
    expect(local["Referrer-Policy"]).toBe("same-origin");
  });
});

describe("createCspNonce and serializeCsp", () => {
  it("makes a fresh base64 nonce each time and a header value from directives", () => {
    const a = createCspNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(createCspNonce()).not.toBe(a);
    // Across refills of its random buffer (256 nonces each): all different.
    const nonces = Array.from({ length: 1000 }, () => createCspNonce());
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(new Set(nonces).size).toBe(nonces.length);
    expect(
      serializeCsp({
        "default-src": ["'self'"],
        "upgrade-insecure-requests": [],
        "report-uri": false,
      }),
    ).toBe("default-src 'self'; upgrade-insecure-requests");
  });
});

describe("isSameOriginRequest", () => {
  const check = (method: string, origin?: string | null, secFetchSite?: string | null) =>
    isSameOriginRequest({ method, origin, secFetchSite }, BASE);

  it("lets safe methods through", () => {
    expect(check("GET", "https://evil.example", "cross-site")).toBe(true);
    expect(check("HEAD", "https://evil.example")).toBe(true);
  });

  it("accepts a POST from this origin only", () => {
    expect(check("POST", BASE, "same-origin")).toBe(true);
    expect(check("post", BASE)).toBe(true);
    for (const origin of [
      "https://evil.example",
      "http://id.example.com",
      "https://id.example.com:8443",
      "https://sub.id.example.com",
      "null",
      "",
      "https://id.example.com.evil.example",
    ]) {
      expect(check("POST", origin)).toBe(false);
    }
    expect(check("DELETE", "https://evil.example")).toBe(false);
  });

  it("without Origin, trusts Sec-Fetch-Site when present, else lets a non-browser client through", () => {
    expect(check("POST", undefined, "cross-site")).toBe(false);
    expect(check("POST", null, "same-site")).toBe(false);
    expect(check("POST", null, "same-origin")).toBe(true);
    expect(check("POST", undefined, undefined)).toBe(true);
  });
});
