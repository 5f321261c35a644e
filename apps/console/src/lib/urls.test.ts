import { describe, expect, it } from "vitest";
import { isConsolePath, safeCallbackUrl } from "./urls";

describe("safeCallbackUrl", () => {
  it("keeps paths of this site", () => {
    expect(safeCallbackUrl("/organizations?q=acme")).toBe("/organizations?q=acme");
    expect(safeCallbackUrl("/interaction/abc")).toBe("/interaction/abc");
  });

  it("keeps only the path of an absolute URL", () => {
    expect(safeCallbackUrl("http://localhost:3000/users/1")).toBe("/users/1");
    expect(safeCallbackUrl("https://evil.example/users")).toBe("/users");
  });

  it("refuses other hosts, odd values and the auth pages", () => {
    for (const bad of ["//evil.example", "/\\evil.example", "javascript:alert(1)", "users", "/sign-in", "/setup?x=1", "/no-access"]) {
      expect(safeCallbackUrl(bad)).toBe("/");
    }
    expect(safeCallbackUrl(undefined, "/x")).toBe("/x");
    expect(safeCallbackUrl(["/users", "/template"])).toBe("/users");
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
