import { describe, expect, it } from "vitest";
import { passkeyErrorMessage } from "./passkey-errors";

function named(name: string, code?: string) {
  return Object.assign(new Error("browser says no"), { name, ...(code ? { code } : {}) });
}

describe("passkeyErrorMessage", () => {
  it("reads a closed prompt, an already registered passkey and a wrong origin apart", () => {
    expect(passkeyErrorMessage(named("NotAllowedError"))).toMatch(/closed or timed out/);
    expect(
      passkeyErrorMessage(named("InvalidStateError", "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED")),
    ).toMatch(/already registered/);
    expect(passkeyErrorMessage(named("SecurityError", "ERROR_INVALID_DOMAIN"))).toMatch(
      /public URL/,
    );
  });

  it("never shows the browser's own message", () => {
    expect(passkeyErrorMessage(named("UnknownError"))).toBe(
      "The passkey could not be used. Try again.",
    );
    expect(passkeyErrorMessage("nope")).toBe("The passkey could not be used. Try again.");
  });
});
