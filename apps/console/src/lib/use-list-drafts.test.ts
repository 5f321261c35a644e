import { describe, expect, it } from "vitest";
import { withDraft } from "./use-list-drafts";

describe("withDraft", () => {
  it("adds a typed entry, trimmed, once", () => {
    expect(withDraft([], " https://app.example.com/cb ")).toEqual(["https://app.example.com/cb"]);
    expect(withDraft(["a"], "b")).toEqual(["a", "b"]);
    expect(withDraft(["a"], "a")).toEqual(["a"]);
    expect(withDraft(["a"], "   ")).toEqual(["a"]);
  });
});
