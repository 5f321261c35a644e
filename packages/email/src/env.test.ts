import { describe, expect, it } from "vitest";
import { DEFAULT_EMAIL_FROM, readEmailEnv } from "./env.ts";

describe("readEmailEnv", () => {
  it("defaults to the local outbox and the default sender", () => {
    expect(readEmailEnv({})).toEqual({ smtpUrl: undefined, from: DEFAULT_EMAIL_FROM });
    expect(readEmailEnv({ SMTP_URL: "  ", EMAIL_FROM: "" })).toEqual({
      smtpUrl: undefined,
      from: DEFAULT_EMAIL_FROM,
    });
    expect(DEFAULT_EMAIL_FROM).toBe("Guildhall <no-reply@localhost>");
  });

  it("reads SMTP_URL and EMAIL_FROM", () => {
    expect(
      readEmailEnv({
        SMTP_URL: "smtps://user:pa%40ss@smtp.example.com:465",
        EMAIL_FROM: "Acme <id@acme.test>",
      }),
    ).toEqual({
      smtpUrl: "smtps://user:pa%40ss@smtp.example.com:465",
      from: "Acme <id@acme.test>",
    });
  });

  it("names the bad variable without echoing its value", () => {
    expect(() => readEmailEnv({ SMTP_URL: "https://user:secret@mail.example.com" })).toThrow(
      /SMTP_URL/,
    );
    expect(() => readEmailEnv({ SMTP_URL: "https://user:secret@mail.example.com" })).not.toThrow(
      /secret/,
    );
    expect(() => readEmailEnv({ EMAIL_FROM: "no address" })).toThrow(/EMAIL_FROM/);
  });
});
