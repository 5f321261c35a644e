import { describe, expect, it } from "vitest";
import { decodeJwtPayload, organizationsOf, sessionUserFromClaims } from "./claims.ts";

describe("ID-token claims", () => {
  it("groups organization_roles by organization, in the order of organizations", () => {
    const user = sessionUserFromClaims({
      sub: "u1",
      name: "Alice",
      email: "alice@example.com",
      organizations: ["org_b", "org_a", "org_c"],
      organization_roles: [
        "org_a:member",
        "org_b:admin",
        "org_a:admin",
        "org_a:admin",
        "malformed",
        "org_d:viewer",
      ],
    });
    expect(user).toMatchObject({ sub: "u1", name: "Alice", email: "alice@example.com" });
    expect(organizationsOf(user)).toEqual([
      { id: "org_b", roles: ["admin"] },
      { id: "org_a", roles: ["admin", "member"] },
      { id: "org_c", roles: [] },
      { id: "org_d", roles: ["viewer"] },
    ]);
  });

  it("tolerates missing claims and requires a subject", () => {
    expect(sessionUserFromClaims({ sub: "u1", organizations: "nope" })).toEqual({
      sub: "u1",
      organizations: [],
      organizationRoles: [],
    });
    expect(() => sessionUserFromClaims({})).toThrow(/subject/);
  });

  it("decodes a JWT payload for display", () => {
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    expect(decodeJwtPayload(`${part({ alg: "ES256" })}.${part({ scope: "a b" })}.sig`)).toEqual({
      scope: "a b",
    });
    expect(decodeJwtPayload("not-a-jwt")).toBeUndefined();
    expect(decodeJwtPayload(`x.${part([1])}.y`)).toBeUndefined();
  });
});
