import { DomainError } from "@guildhall/core";
import { describe, expect, it } from "vitest";
import { runAction, toActionFailure } from "./action-result";

describe("server action results", () => {
  it("passes a value through", async () => {
    expect(await runAction(() => Promise.resolve(42))).toEqual({ ok: true, value: 42 });
  });

  it("keeps a DomainError's code, message and field issues", async () => {
    const error = new DomainError("password.rejected", "Add another word or two.", {
      issues: [{ path: ["password"], message: "Too weak" }, { nope: 1 }],
    });
    expect(await runAction(() => Promise.reject(error))).toEqual({
      ok: false,
      code: "password.rejected",
      message: "Add another word or two.",
      issues: [{ path: "password", message: "Too weak" }],
    });
  });

  it("says how long to wait when rate limited", () => {
    const error = new DomainError("rate_limited", "Too many attempts. Try again in 30 s.", {
      retryAfterSeconds: 30,
    });
    expect(toActionFailure(error).message).toBe("Too many attempts. Try again in 30 s.");
  });

  it("rethrows anything else, so its details never reach the browser", async () => {
    await expect(runAction(() => Promise.reject(new Error("secret detail")))).rejects.toThrow(
      "secret detail",
    );
  });
});
