import { describe, expect, it } from "vitest";
import { constraints, fieldsOf, refName, typeLabel } from "./schema-labels";

describe("typeLabel", () => {
  it("names references, unions, enums and arrays in one line", () => {
    expect(typeLabel({ $ref: "#/components/schemas/Organization" })).toBe("Organization");
    expect(typeLabel({ anyOf: [{ type: "string" }, { type: "null" }] })).toBe("string | null");
    expect(typeLabel({ enum: ["User", "MachineToMachine"] })).toBe('"User" | "MachineToMachine"');
    expect(typeLabel({ type: "array", items: { $ref: "#/components/schemas/Role" } })).toBe(
      "array of Role",
    );
    expect(typeLabel({ const: 1 })).toBe("1");
    expect(typeLabel({ not: {} })).toBe("not allowed");
    expect(typeLabel({ type: "object" })).toBe("object");
    expect(typeLabel({})).toBe("any");
  });
});

describe("constraints", () => {
  it("lists bounds, format, pattern and default, and leaves out unbounded safe-integer limits", () => {
    expect(
      constraints({
        minimum: 1,
        maximum: Number.MAX_SAFE_INTEGER,
        maxLength: 128,
        format: "uri",
        pattern: "^a",
        default: 20,
      }),
    ).toEqual(["min 1", "max length 128", "uri", "pattern ^a", "default 20"]);
  });
});

describe("fieldsOf", () => {
  it("looks through arrays and `T | null` to the one object", () => {
    const object = { type: "object", properties: { id: { type: "string" } } };
    expect(fieldsOf({ type: "array", items: object })).toBe(object);
    expect(fieldsOf({ anyOf: [object, { type: "null" }] })).toBe(object);
    expect(fieldsOf({ type: "string" })).toBeUndefined();
  });
});

describe("refName", () => {
  it("is the last segment of a $ref", () => {
    expect(refName({ $ref: "#/components/schemas/Error" })).toBe("Error");
    expect(refName({ type: "string" })).toBeUndefined();
  });
});
