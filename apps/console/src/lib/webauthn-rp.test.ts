import { describe, expect, it } from "vitest";
import { webAuthnRp } from "./webauthn-rp";

describe("webAuthnRp", () => {
  it("takes the ID from the host name and the origin with its port", () => {
    expect(webAuthnRp("https://id.example.com")).toEqual({
      rpId: "id.example.com",
      origin: "https://id.example.com",
      rpName: "Guildhall",
    });
    expect(webAuthnRp("http://localhost:3000/base")).toEqual({
      rpId: "localhost",
      origin: "http://localhost:3000",
      rpName: "Guildhall",
    });
  });
});
