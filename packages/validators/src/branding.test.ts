import { describe, expect, it } from "vitest";
import { isImageUrl } from "./common.ts";
import {
  createOrganizationInput,
  storedBranding,
  storedColor,
  updateOrganizationInput,
} from "./organization.ts";
import { restCreateOrganizationBody, restUpdateOrganizationBody } from "./rest/organization.ts";
import { restCreateUserBody, restUpdateUserBody } from "./rest/user.ts";
import { createUserInput, updateUserInput } from "./user.ts";

const accepted = [
  "https://cdn.acme.test/logo.png",
  "https://cdn.acme.test/logo.svg?v=2#x",
  "HTTPS://CDN.ACME.TEST/logo.png",
  "http://localhost:3000/logo.png",
  "http://LOCALHOST/logo.png",
  "http://127.0.0.1:8080/logo.png",
  "http://[::1]:3000/logo.png",
];

const refused = [
  "javascript:alert(1)",
  "JavaScript:alert(document.cookie)",
  "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "file:///etc/passwd",
  "ftp://cdn.acme.test/logo.png",
  "blob:https://cdn.acme.test/1",
  "http://cdn.acme.test/logo.png", // http off this machine
  "http://localhost.evil.example/logo.png",
  "http://127.0.0.1.nip.io/logo.png",
  "https://user:pass@cdn.acme.test/logo.png",
  "//cdn.acme.test/logo.png",
  "/logo.png",
  " https://cdn.acme.test/logo.png",
  "java\tscript:alert(1)",
  "https://cdn.acme.test/logo.png\r\nX: y",
];

// The console (tRPC) and the Management API (REST) take branding through the same schema.
const schemas = {
  "create (console)": (logoUrl: string) =>
    createOrganizationInput.safeParse({ name: "Acme", branding: { logoUrl } }),
  "update (console)": (darkLogoUrl: string) =>
    updateOrganizationInput.safeParse({ id: "org_1", branding: { darkLogoUrl } }),
  "create (REST)": (logoUrl: string) =>
    restCreateOrganizationBody.safeParse({ name: "Acme", branding: { logoUrl } }),
  "update (REST)": (darkLogoUrl: string) =>
    restUpdateOrganizationBody.safeParse({ branding: { darkLogoUrl } }),
  // A user's avatar is shown in the console and the account pages the same way.
  "user create (console)": (avatarUrl: string) =>
    createUserInput.safeParse({ email: "ada@example.com", avatarUrl }),
  "user update (console)": (avatarUrl: string) =>
    updateUserInput.safeParse({ id: "usr_1", avatarUrl }),
  "user create (REST)": (avatar: string) =>
    restCreateUserBody.safeParse({ primaryEmail: "ada@example.com", avatar }),
  "user update (REST)": (avatar: string) => restUpdateUserBody.safeParse({ avatar }),
};

describe("image URLs (organization logos, user avatars)", () => {
  for (const [name, parse] of Object.entries(schemas)) {
    it(`${name}: accepts https, and http only on this machine`, () => {
      for (const value of accepted) expect(parse(value).success, value).toBe(true);
    });
    it(`${name}: refuses javascript:, data:, other schemes, remote http and credentials`, () => {
      for (const value of refused) {
        const result = parse(value);
        expect(result.success, value).toBe(false);
      }
    });
  }

  it("says what is allowed", () => {
    const result = createOrganizationInput.safeParse({
      name: "Acme",
      branding: { logoUrl: "javascript:alert(1)" },
    });
    expect(result.error?.issues.map((i) => i.message)).toContain(
      "Use an https:// URL (http:// only for localhost)",
    );
  });

  it("isImageUrl is the rule itself", () => {
    expect(accepted.every(isImageUrl)).toBe(true);
    expect(["javascript:alert(1)", "data:,x", "http://example.com/x.png"].some(isImageUrl)).toBe(
      false,
    );
  });
});

describe("storedBranding and storedColor (rows written before these rules)", () => {
  it("drops a refused field and keeps the rest", () => {
    expect(
      storedBranding.parse({
        logoUrl: "javascript:alert(1)",
        darkLogoUrl: "https://cdn.acme.test/d.png",
        favicon: "https://cdn.acme.test/f.ico",
        primaryColor: "#112233",
      }),
    ).toEqual({
      logoUrl: undefined,
      darkLogoUrl: "https://cdn.acme.test/d.png",
      favicon: "https://cdn.acme.test/f.ico",
      darkFavicon: undefined,
    });
    expect(
      storedColor.parse({ primaryColor: "#abc", darkPrimaryColor: "red;}", isDarkModeEnabled: 1 }),
    ).toEqual({ primaryColor: "#abc", darkPrimaryColor: undefined, isDarkModeEnabled: undefined });
  });
});

describe("Logto's branding and color on input", () => {
  it("accepts Logto's fields and refuses unknown ones instead of dropping them", () => {
    expect(
      updateOrganizationInput.safeParse({
        id: "org_1",
        branding: {
          favicon: "https://cdn.acme.test/f.ico",
          darkFavicon: "https://cdn.acme.test/d.ico",
        },
        color: { primaryColor: "#fff", isDarkModeEnabled: true, darkPrimaryColor: "#000000" },
        customCss: "body { margin: 0 }",
      }).success,
    ).toBe(true);
    const old = restUpdateOrganizationBody.safeParse({ branding: { primaryColor: "#112233" } });
    expect(old.error?.issues[0]?.message).toMatch(/branding has no primaryColor/);
    expect(restUpdateOrganizationBody.safeParse({ color: { primaryColor: "red" } }).success).toBe(
      false,
    );
  });
});
