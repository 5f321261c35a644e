import { describe, expect, it } from "vitest";
import { open, seal } from "./secret-box.ts";

describe("secret box", () => {
  const secret = "an-instance-secret-of-enough-length";
  it("round-trips and never stores the plaintext", () => {
    const sealed = seal("private key material", secret, "signing-key");
    expect(sealed).not.toContain("private");
    expect(open(sealed, secret, "signing-key")).toBe("private key material");
  });
  it("fails with another secret, another purpose, or a tampered value", () => {
    const sealed = seal("x", secret, "a");
    expect(() => open(sealed, "another-secret-of-enough-length", "a")).toThrow();
    expect(() => open(sealed, secret, "b")).toThrow();
    const parts = sealed.split(".");
    parts[3] = Buffer.from("y").toString("base64url");
    expect(() => open(parts.join("."), secret, "a")).toThrow();
  });
});
