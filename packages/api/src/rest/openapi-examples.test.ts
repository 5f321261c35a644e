import { describe, expect, it } from "vitest";
import { ExampleError, exampleFromSchema } from "./openapi-examples.ts";

const example = (schema: Record<string, unknown>, components = {}, name = "") =>
  exampleFromSchema(schema, components, name);

describe("exampleFromSchema", () => {
  it("takes the schema's own examples, const, first enum value or default first", () => {
    expect(example({ type: "string", examples: ["given"], format: "email" })).toBe("given");
    expect(example({ type: "string", const: "default" })).toBe("default");
    expect(example({ type: "string", enum: ["OIDC", "SAML"] })).toBe("OIDC");
    expect(example({ type: "integer", default: 3600, minimum: 60 })).toBe(3600);
    // An empty default says nothing: the array gets an item instead.
    expect(
      example({ type: "array", default: [], items: { type: "string" } }, {}, "roleIds"),
    ).toEqual(["cm5l2q7x00001s6f8h3k9d2e"]);
  });

  it("respects formats, and prefers the name's candidate of that format", () => {
    expect(example({ type: "string", format: "email" })).toBe("jane.doe@example.com");
    expect(example({ type: "string", format: "uri" }, {}, "logoUrl")).toBe(
      "https://example.com/logo.png",
    );
    expect(example({ type: "string", format: "uri" }, {}, "postLogoutRedirectUris")).toBe(
      "https://app.example.com/signed-out",
    );
    expect(example({ type: "string", format: "date-time" })).toBe("2030-01-01T00:00:00.000Z");
  });

  it("respects lengths and simple patterns", () => {
    expect(example({ type: "string", pattern: "^#[0-9a-fA-F]{6}$" }, {}, "primaryColor")).toBe(
      "#4f46e5",
    );
    expect(example({ type: "string", pattern: "^[^\\s]+$", minLength: 1 }, {}, "name")).toBe(
      "Example",
    );
    expect(example({ type: "string", pattern: "^\\d+$", maxLength: 32 }, {}, "primaryPhone")).toBe(
      "15551234567",
    );
    expect(example({ type: "string", pattern: "^[0-9]{6}$" }, {}, "code")).toBe("123456");
    expect(example({ type: "string", minLength: 30, maxLength: 40 }, {}, "label")).toBe(
      "example".padEnd(30, "x"),
    );
    expect(example({ type: "string", minLength: 8 }, {}, "password")).toBe(
      "correct-horse-battery-staple",
    );
    const domain = example(
      {
        type: "string",
        pattern:
          "^(?=.{1,253}$)(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?$",
      },
      {},
      "emailDomain",
    );
    expect(domain).toBe("example.com");
  });

  it("keeps numbers within their bounds; timestamps are epoch milliseconds", () => {
    expect(example({ type: "integer", minimum: 60, maximum: 2592000 }, {}, "refreshTokenTtl")).toBe(
      3600,
    );
    expect(example({ type: "integer", minimum: 8, maximum: 128 }, {}, "min")).toBe(8);
    expect(example({ type: "number", exclusiveMaximum: 1 })).toBe(0.5);
    expect(example({ type: "integer" }, {}, "expiresAt")).toBe(Date.UTC(2030, 0, 1));
  });

  it("fills objects (optional properties too, not null-only ones), arrays within their bounds", () => {
    const schema = {
      type: "object",
      properties: {
        name: { anyOf: [{ type: "null" }, { type: "string", minLength: 1 }] },
        username: { type: "null" },
        userIds: { type: "array", minItems: 2, items: { type: "string" } },
        scopeIds: { type: "array", maxItems: 0, items: { type: "string" } },
        customData: { type: "object", additionalProperties: {} },
        isSuspended: { type: "boolean" },
      },
      required: ["userIds"],
    };
    expect(example(schema)).toEqual({
      name: "Example",
      userIds: ["cm5l2q7x00001s6f8h3k9d2e", "cm5l2q7x00001s6f8h3k9d2e"],
      scopeIds: [],
      customData: {},
      isSuspended: false,
    });
  });

  it("resolves component references and allOf", () => {
    const components = {
      Role: { type: "object", properties: { id: { type: "string" }, type: { enum: ["User"] } } },
    };
    expect(
      example({ type: "array", items: { $ref: "#/components/schemas/Role" } }, components),
    ).toEqual([{ id: "cm5l2q7x00001s6f8h3k9d2e", type: "User" }]);
    expect(
      example(
        {
          allOf: [
            { $ref: "#/components/schemas/Role" },
            { properties: { n: { type: "integer" } } },
          ],
        },
        components,
      ),
    ).toEqual({ id: "cm5l2q7x00001s6f8h3k9d2e", type: "User", n: 1 });
    expect(() => example({ $ref: "#/components/schemas/Missing" })).toThrow(ExampleError);
  });

  it("refuses, naming the path, where nothing simple fits rather than emit an invalid value", () => {
    const schema = {
      type: "object",
      properties: { code: { type: "string", pattern: "^[A-Z]{2}-[0-9]{4}$" } },
    };
    expect(() => example(schema)).toThrow(/No example for code: .*\.meta\(\{ examples/);
    const recursive = {
      Node: { type: "object", properties: { next: { $ref: "#/components/schemas/Node" } } },
    };
    expect(() => example({ $ref: "#/components/schemas/Node" }, recursive)).toThrow(
      /nests too deep/,
    );
  });
});
