import { describe, expect, it } from "vitest";
import { isConsolePath, safeCallbackUrl, safeRedirectTarget } from "./urls";

const BASE = "https://id.example.com";
/** C0 controls, DEL, or a backslash: what must never reach a Location header. */
const hasUnsafeCharacter = (s: string) =>
  [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || c === "\\");

describe("safeRedirectTarget", () => {
  it("keeps paths of this site, as paths", () => {
    expect(safeRedirectTarget("/organizations?q=acme#top", BASE)).toBe("/organizations?q=acme#top");
    expect(safeRedirectTarget("/interaction/abc", BASE)).toBe("/interaction/abc");
    expect(safeRedirectTarget("https://id.example.com/users/1", BASE)).toBe("/users/1");
    expect(safeRedirectTarget("https://ID.EXAMPLE.COM:443/users", BASE)).toBe("/users");
    expect(safeRedirectTarget(["/users", "/template"], BASE)).toBe("/users");
  });

  it("falls back on nothing, non-strings and bad base URLs", () => {
    expect(safeRedirectTarget(undefined, BASE)).toBe("/");
    expect(safeRedirectTarget(null, BASE, "/x")).toBe("/x");
    expect(safeRedirectTarget("", BASE)).toBe("/");
    expect(safeRedirectTarget(42, BASE)).toBe("/");
    expect(safeRedirectTarget("/users", "not a url")).toBe("/");
  });

  // Each of these leaves the site (or smuggles a header) if it is trusted as-is.
  const bypasses: [string, string][] = [
    ["tab", "/\t/evil.example"],
    ["newline", "/\n/evil.example"],
    ["carriage return", "/\r/evil.example"],
    ["tab inside the scheme", "jav\tascript:alert(1)"],
    ["CR/LF header injection", "/users\r\nSet-Cookie: a=b"],
    ["LF header injection", "/users\nLocation: https://evil.example"],
    ["NUL", "/users\u0000evil"],
    ["NUL before slashes", "/\u0000/evil.example"],
    ["DEL", "/\u007f/evil.example"],
    ["leading space", " //evil.example"],
    ["leading spaces and tab", "  \t//evil.example"],
    ["backslash", "\\evil.example"],
    ["slash backslash", "/\\evil.example"],
    ["backslash slash", "\\/evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["protocol-relative", "//evil.example"],
    ["three slashes", "///evil.example"],
    ["protocol-relative with path", "//evil.example/sign-in"],
    ["dot segment before slashes", "/.//evil.example"],
    ["dot-dot segment before slashes", "/x/..//evil.example"],
    ["double slash path of an absolute URL", "https://id.example.com//evil.example"],
    ["other host", "https://evil.example/users"],
    ["other scheme, same host", "http://id.example.com/users"],
    ["other port", "https://id.example.com:8443/users"],
    ["userinfo hiding the host", "https://id.example.com@evil.example/"],
    ["userinfo with password", "https://id.example.com:443@evil.example/"],
    ["userinfo on this host", "https://user:pass@id.example.com/users"],
    ["backslash userinfo", "https:\\\\id.example.com@evil.example"],
    ["scheme-relative with backslashes", "https:/\\evil.example"],
    ["javascript:", "javascript:alert(1)"],
    ["JavaScript: mixed case", "JaVaScRiPt:alert(1)"],
    ["javascript: after spaces", "  javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["vbscript:", "vbscript:msgbox(1)"],
    ["file:", "file:///etc/passwd"],
    ["not a path", "evil.example"],
  ];

  it.each(bypasses)("refuses %s", (_name, value) => {
    expect(safeRedirectTarget(value, BASE)).toBe("/");
  });

  // Encoded forms stay encoded: they are paths of this site, never another host.
  const encoded = [
    "/%09/evil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "%5C%5Cevil.example",
    "/%0d%0aSet-Cookie:a=b",
    "/%00/evil",
    "/%252F%252Fevil.example",
  ];

  it.each(encoded)("keeps %s on this site, still encoded", (value) => {
    const target = safeRedirectTarget(value, BASE);
    expect(target.startsWith("/")).toBe(true);
    expect(target.startsWith("//")).toBe(false);
    expect(new URL(target, BASE).origin).toBe(BASE);
    expect(hasUnsafeCharacter(target)).toBe(false);
  });

  it("never returns a control character, whatever the input", () => {
    for (const [, value] of bypasses)
      expect(hasUnsafeCharacter(safeRedirectTarget(value, BASE, "/fallback"))).toBe(false);
    expect(safeRedirectTarget("/a b\u00e9", BASE)).toBe("/a%20b%C3%A9");
  });

  it("respects the base URL's scheme and port (development)", () => {
    expect(safeRedirectTarget("http://localhost:3000/users", "http://localhost:3000")).toBe(
      "/users",
    );
    expect(safeRedirectTarget("http://localhost:3001/users", "http://localhost:3000")).toBe("/");
    expect(safeRedirectTarget("http://127.0.0.1:3000/users", "http://localhost:3000")).toBe("/");
  });
});

describe("safeCallbackUrl", () => {
  it("refuses the auth pages (no sign-in loop) on top of the redirect rules", () => {
    for (const bad of [
      "/sign-in",
      "/sign-in?callbackUrl=/x",
      "/setup?x=1",
      "/no-access",
      "/sign-up?callbackUrl=/x",
      "/forgot-password",
      "/reset-password?token=abc",
      "/verify-email?token=abc",
      "https://id.example.com/sign-in",
      "//evil.example",
      "/\t/evil.example",
    ]) {
      expect(safeCallbackUrl(bad, BASE)).toBe("/");
    }
    expect(safeCallbackUrl("/sign-in-help", BASE)).toBe("/sign-in-help");
    expect(safeCallbackUrl("/invite/abc", BASE)).toBe("/invite/abc");
    expect(safeCallbackUrl(undefined, BASE, "/x")).toBe("/x");
  });
});

describe("isConsolePath", () => {
  it("tells console pages from the other pages of the site", () => {
    expect(isConsolePath("/")).toBe(true);
    expect(isConsolePath("/organizations/abc/members?page=2")).toBe(true);
    expect(isConsolePath("/template")).toBe(true);
    expect(isConsolePath("/interaction/abc")).toBe(false);
    expect(isConsolePath("/oidc/auth")).toBe(false);
  });
});
