import { describe, expect, it } from "vitest";
import { authPageHref } from "./links";

describe("authPageHref", () => {
  it("keeps the way back and the organization, encoded", () => {
    expect(
      authPageHref("/sign-up", { callbackUrl: "/interaction/a?b=c&d", organizationId: "org 1" }),
    ).toBe("/sign-up?callbackUrl=%2Finteraction%2Fa%3Fb%3Dc%26d&organization_id=org+1");
  });

  it("leaves out what says nothing", () => {
    expect(authPageHref("/forgot-password", { callbackUrl: "/" })).toBe("/forgot-password");
    expect(authPageHref("/sign-in", { organizationId: null })).toBe("/sign-in");
  });
});
