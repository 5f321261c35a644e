// Pure helpers that turn JSON Schema fragments of the OpenAPI document into the short labels
// the reference shows.

export type Json = Record<string, unknown>;

/** The id of an operation's article, for links from the side navigation. */
export function operationAnchor(operationId: string) {
  return `op-${operationId}`;
}

/** `#/components/schemas/Organization` -> `Organization`. */
export function refName(schema: Json): string | undefined {
  const ref = schema.$ref;
  return typeof ref === "string" ? ref.split("/").pop() : undefined;
}

/** A one-line type: `string | null`, `array of Organization`, `"User" | "MachineToMachine"`. */
export function typeLabel(schema: Json): string {
  const ref = refName(schema);
  if (ref) return ref;
  if ("not" in schema) return "not allowed";
  if ("const" in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (variants) return [...new Set(variants.map(typeLabel))].join(" | ");
  const type = schema.type;
  if (Array.isArray(type)) return type.join(" | ");
  if (type === "array") return `array of ${typeLabel((schema.items ?? {}) as Json)}`;
  if (type === "object" && !schema.properties) return "object";
  return typeof type === "string" ? type : "any";
}

/** Bounds, format, pattern and default, e.g. `["min 1", "max length 128"]`. */
export function constraints(schema: Json): string[] {
  const out: string[] = [];
  const add = (label: string, key: string) => {
    const value = schema[key];
    if (typeof value === "number" && Math.abs(value) < Number.MAX_SAFE_INTEGER)
      out.push(`${label} ${value}`);
  };
  add("min", "minimum");
  add("max", "maximum");
  add("min length", "minLength");
  add("max length", "maxLength");
  add("max items", "maxItems");
  add("min items", "minItems");
  if (typeof schema.format === "string") out.push(schema.format);
  if (typeof schema.pattern === "string") out.push(`pattern ${schema.pattern}`);
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}

/** The object whose fields to list, looking through `T | null` and arrays. */
export function fieldsOf(schema: Json): Json | undefined {
  if (schema.type === "object" && schema.properties) return schema;
  if (schema.type === "array" && schema.items) return fieldsOf(schema.items as Json);
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  const objects = variants?.map(fieldsOf).filter(Boolean);
  return objects?.length === 1 ? objects[0] : undefined;
}
