import { describe, expect, it } from "vitest";
import { actionLabel, beforeAfter, diffFields, formatValue } from "./data-diff";

describe("audit entry data", () => {
  it("finds before/after only when both are objects", () => {
    expect(beforeAfter({ before: { a: 1 }, after: { a: 2 } })).toEqual({
      before: { a: 1 },
      after: { a: 2 },
    });
    expect(beforeAfter({ before: { a: 1 } })).toBeNull();
    expect(beforeAfter({ before: [1], after: [2] })).toBeNull();
    expect(beforeAfter({ fields: ["name"] })).toBeNull();
  });

  it("lists the fields that changed, walking into nested objects", () => {
    expect(
      diffFields(
        { name: "A", policy: { min: 8, score: 3 }, tags: ["x"], gone: true, same: 1 },
        { name: "B", policy: { min: 10, score: 3 }, tags: ["x", "y"], same: 1, added: null },
      ),
    ).toEqual([
      { path: "name", kind: "changed", before: "A", after: "B" },
      { path: "policy.min", kind: "changed", before: 8, after: 10 },
      { path: "tags", kind: "changed", before: ["x"], after: ["x", "y"] },
      { path: "gone", kind: "removed", before: true, after: undefined },
      { path: "added", kind: "added", before: undefined, after: null },
    ]);
    expect(diffFields({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([]);
  });

  it("formats values and actions for people", () => {
    expect(formatValue("text")).toBe("text");
    expect(formatValue(undefined)).toBe("—");
    expect(formatValue({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(actionLabel("member.roles_assigned")).toBe("Member roles assigned");
  });
});
