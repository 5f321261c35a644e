// Walks zod input schemas (tRPC procedure inputs, REST params/query/body) for the input tests:
// where free-form text or arbitrary JSON can enter, and a value of the right shape filled with
// hostile strings. Reads zod 4's public `_zod.def`.
import type { z } from "zod";

interface Def {
  type: string;
  [key: string]: unknown;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

export interface InputLeaf {
  /** Where in the input, e.g. `branding.logoUrl` or `userIds[]`. */
  path: string;
  /** `text`: a string schema; `json`: a record of arbitrary values; `unknown`: anything at all. */
  kind: "text" | "json" | "unknown";
  schema: z.ZodType;
}

const WRAPPERS = new Set([
  "optional",
  "nullable",
  "default",
  "prefault",
  "readonly",
  "catch",
  "nonoptional",
  "success",
]);
const CLOSED = new Set([
  "literal",
  "enum",
  "number",
  "int",
  "boolean",
  "bigint",
  "date",
  "null",
  "undefined",
  "void",
  "nan",
  "never",
  "symbol",
  "file",
]);

/** Every place of an input schema that takes free-form text or arbitrary JSON. */
export function inputLeaves(schema: z.ZodType, path = ""): InputLeaf[] {
  const def = defOf(schema);
  if (def.type === "string") return [{ path, kind: "text", schema }];
  if (def.type === "record") return [{ path, kind: "json", schema }];
  if (def.type === "unknown" || def.type === "any") return [{ path, kind: "unknown", schema }];
  if (WRAPPERS.has(def.type)) return inputLeaves(def.innerType as z.ZodType, path);
  if (CLOSED.has(def.type)) return [];
  switch (def.type) {
    case "object":
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, value]) =>
        inputLeaves(value, path ? `${path}.${key}` : key),
      );
    case "array":
      return inputLeaves(def.element as z.ZodType, `${path}[]`);
    case "pipe":
      // What the client sends is read by the first schema; the second sees its output.
      return inputLeaves(def.in as z.ZodType, path);
    case "transform":
      return [];
    case "union":
      return (def.options as z.ZodType[]).flatMap((option) => inputLeaves(option, path));
    case "intersection":
      return [
        ...inputLeaves(def.left as z.ZodType, path),
        ...inputLeaves(def.right as z.ZodType, path),
      ];
    case "tuple":
      return (def.items as z.ZodType[]).flatMap((item, i) => inputLeaves(item, `${path}[${i}]`));
    case "lazy":
      return inputLeaves((def.getter as () => z.ZodType)(), path);
    default:
      throw new Error(`inputLeaves: add zod type "${def.type}" (at "${path}")`);
  }
}

/**
 * A value shaped like `schema` with every free-form string set to `text` and every arbitrary
 * JSON value set to `json(text)`: closed values (enums, numbers, booleans) are valid, so the
 * strings are what the schema must refuse.
 */
export function fillInput(
  schema: z.ZodType,
  text: string,
  json: (text: string) => unknown,
): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case "string":
      return text;
    case "record":
    case "unknown":
    case "any":
      return json(text);
    case "object":
      return Object.fromEntries(
        Object.entries(def.shape as Record<string, z.ZodType>).map(([key, value]) => [
          key,
          fillInput(value, text, json),
        ]),
      );
    case "array":
      return [fillInput(def.element as z.ZodType, text, json)];
    case "pipe":
      return fillInput(def.in as z.ZodType, text, json);
    case "union": {
      const options = def.options as z.ZodType[];
      const open = options.find((option) => inputLeaves(option).length > 0) ?? options[0];
      return open ? fillInput(open, text, json) : undefined;
    }
    case "literal":
      return (def.values as unknown[])[0];
    case "enum":
      return Object.values(def.entries as Record<string, unknown>)[0];
    case "number":
    case "int":
      return 3600;
    case "boolean":
      return false;
    case "date":
      return new Date(Date.now() + 86_400_000);
    case "null":
      return null;
    case "lazy":
      return fillInput((def.getter as () => z.ZodType)(), text, json);
    default:
      if (WRAPPERS.has(def.type)) return fillInput(def.innerType as z.ZodType, text, json);
      return undefined;
  }
}
