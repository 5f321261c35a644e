import type { OpenApiDocument } from "./openapi.ts";

type Json = Record<string, unknown>;

/** A schema the generator cannot find a valid value for: give it `.meta({ examples: [...] })`. */
export class ExampleError extends Error {
  constructor(path: readonly (string | number)[], reason: string) {
    super(
      `No example for ${path.length ? path.join(".") : "(root)"}: ${reason}. Give the zod schema .meta({ examples: [...] }).`,
    );
    this.name = "ExampleError";
  }
}

interface Walk {
  components: Record<string, Json>;
  path: (string | number)[];
  /** The nearest property name: array items are named after their array (`userIds` -> an id). */
  name: string;
  depth: number;
}

/** Deeper than any of our schemas: a recursive schema stops here instead of overflowing. */
const MAX_DEPTH = 16;

const EXAMPLE_ID = "cm5l2q7x00001s6f8h3k9d2e";
const EXAMPLE_EMAIL = "jane.doe@example.com";
/** 2030-01-01T00:00:00Z: timestamps are epoch milliseconds. */
const EXAMPLE_EPOCH_MS = Date.UTC(2030, 0, 1);

/** String formats zod emits, each with a value its validator accepts. */
const FORMAT_EXAMPLES: Record<string, string> = {
  email: EXAMPLE_EMAIL,
  uri: "https://example.com",
  url: "https://example.com",
  uuid: "3f1c2a7e-9b4d-4c1e-8f2a-6d5b7c9e0a13",
  "date-time": new Date(EXAMPLE_EPOCH_MS).toISOString(),
  date: "2030-01-01",
  time: "12:00:00",
  hostname: "example.com",
  ipv4: "192.0.2.10",
  ipv6: "2001:db8::10",
};

/** What a name-based candidate must look like to stand for a format's value. */
const FORMAT_SHAPES: Record<string, RegExp> = {
  email: /^[^@\s]+@[^@\s]+\.[a-z]+$/,
  uri: /^https:\/\/[^\s]+$/,
  url: /^https:\/\/[^\s]+$/,
  hostname: /^[a-z0-9.-]+\.[a-z]+$/,
};

/**
 * Candidate strings for a property, by what its name says it holds, most specific first.
 * The first that fits the schema's length and pattern wins.
 */
function stringCandidates(name: string): string[] {
  const n = name.toLowerCase();
  const candidates: string[] = [];
  if (/email|invitee/.test(n)) candidates.push(EXAMPLE_EMAIL);
  if (/password|secret/.test(n)) candidates.push("correct-horse-battery-staple");
  if (/logout/.test(n)) candidates.push("https://app.example.com/signed-out");
  if (/redirect/.test(n)) candidates.push("https://app.example.com/callback");
  if (/favicon/.test(n)) candidates.push("https://example.com/favicon.ico");
  // Not `postLogoutRedirectUris`.
  if (/logo(?!ut)|avatar|image/.test(n)) candidates.push("https://example.com/logo.png");
  if (/indicator/.test(n)) candidates.push("https://api.example.com");
  if (/(url|uri)s?$/.test(n)) candidates.push("https://example.com");
  if (/domain/.test(n)) candidates.push("example.com");
  if (/phone/.test(n)) candidates.push("15551234567");
  if (/colou?r/.test(n)) candidates.push("#4f46e5");
  if (name === "id" || /(Id|Ids|_id)$/.test(name)) candidates.push(EXAMPLE_ID);
  if (/description/.test(n)) candidates.push("Created from the API reference.");
  if (/name/.test(n)) candidates.push("Example");
  if (/scope|permission/.test(n)) candidates.push("read:reports");
  candidates.push("example", "Example", EXAMPLE_ID, "https://example.com", EXAMPLE_EMAIL, "123456");
  return candidates;
}

function fitsString(value: string, schema: Json, pattern: RegExp | undefined): boolean {
  const length = [...value].length;
  if (typeof schema.minLength === "number" && length < schema.minLength) return false;
  if (typeof schema.maxLength === "number" && length > schema.maxLength) return false;
  return pattern ? pattern.test(value) : true;
}

function stringExample(schema: Json, walk: Walk): string {
  let pattern: RegExp | undefined;
  if (typeof schema.pattern === "string") {
    try {
      pattern = new RegExp(schema.pattern, "u");
    } catch {
      throw new ExampleError(walk.path, `the pattern ${schema.pattern} is not a JavaScript regex`);
    }
  }
  const format = typeof schema.format === "string" ? FORMAT_EXAMPLES[schema.format] : undefined;
  // With a format: the name's candidates of that kind (a logo URL rather than any URL) first.
  const looksLike = typeof schema.format === "string" ? FORMAT_SHAPES[schema.format] : undefined;
  const candidates = format
    ? [...(looksLike ? stringCandidates(walk.name).filter((c) => looksLike.test(c)) : []), format]
    : stringCandidates(walk.name);
  const found = candidates.find((c) => fitsString(c, schema, pattern));
  if (found !== undefined) return found;
  // A bare length bound: pad a plain word (patterns and formats are not guessed at).
  if (!pattern && !format && typeof schema.minLength === "number") {
    const padded = "example".padEnd(schema.minLength, "x");
    if (fitsString(padded, schema, undefined)) return padded;
  }
  throw new ExampleError(
    walk.path,
    `nothing simple fits ${JSON.stringify({ format: schema.format, pattern: schema.pattern, minLength: schema.minLength, maxLength: schema.maxLength })}`,
  );
}

function numberExample(schema: Json, walk: Walk, integer: boolean): number {
  // Timestamps (`expiresAt`) are epoch milliseconds; lifetimes (`accessTokenTtl`) seconds.
  let value = /At$/.test(walk.name) ? EXAMPLE_EPOCH_MS : /ttl$/i.test(walk.name) ? 3600 : 1;
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema;
  const step = integer ? 1 : 0.5;
  if (typeof minimum === "number" && value < minimum) value = minimum;
  if (typeof exclusiveMinimum === "number" && value <= exclusiveMinimum)
    value = exclusiveMinimum + step;
  if (typeof maximum === "number" && value > maximum) value = maximum;
  if (typeof exclusiveMaximum === "number" && value >= exclusiveMaximum)
    value = exclusiveMaximum - step;
  if (typeof multipleOf === "number" && multipleOf > 0)
    value = Math.ceil(value / multipleOf) * multipleOf;
  if (integer) value = Math.ceil(value);
  return value;
}

/** Only `null` is allowed: Logto's placeholders for fields we do not have (`username`, ...). */
function onlyNull(schema: Json): boolean {
  return schema.type === "null" || (schema.const === null && schema.type === undefined);
}

function isEmptyContainer(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && value !== null && Object.keys(value).length === 0;
}

function resolveRef(ref: string, walk: Walk): Json {
  const prefix = "#/components/schemas/";
  const target = ref.startsWith(prefix) ? walk.components[ref.slice(prefix.length)] : undefined;
  if (!target) throw new ExampleError(walk.path, `unresolvable $ref ${ref}`);
  return target;
}

function branches(schema: Json): Json[] | undefined {
  const list = schema.anyOf ?? schema.oneOf;
  return Array.isArray(list) ? (list as Json[]) : undefined;
}

function objectExample(schema: Json, walk: Walk): Json {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const out: Json = {};
  for (const [key, property] of Object.entries(properties)) {
    if (onlyNull(property)) continue;
    out[key] = generate(property, {
      ...walk,
      path: [...walk.path, key],
      name: key,
      depth: walk.depth + 1,
    });
  }
  // A free-form record (custom data, payloads) stays empty: any key would be made up.
  return out;
}

function generate(schema: Json, walk: Walk): unknown {
  if (walk.depth > MAX_DEPTH) throw new ExampleError(walk.path, "the schema nests too deep");
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ("example" in schema) return schema.example;
  if (typeof schema.$ref === "string") {
    const { $ref, ...siblings } = schema;
    return generate({ ...resolveRef($ref, walk), ...siblings }, { ...walk, depth: walk.depth + 1 });
  }
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined && !isEmptyContainer(schema.default)) return schema.default;

  const options = branches(schema);
  if (options) {
    const preferred = options.find((o) => !onlyNull(o)) ?? options[0];
    if (!preferred) throw new ExampleError(walk.path, "an empty anyOf");
    return generate(preferred, { ...walk, depth: walk.depth + 1 });
  }
  if (Array.isArray(schema.allOf)) {
    const parts = (schema.allOf as Json[]).map((part) =>
      generate(part, { ...walk, depth: walk.depth + 1 }),
    );
    return Object.assign({}, ...parts) as Json;
  }

  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type];
  const type =
    types.find((t) => t !== "null") ??
    (schema.properties ? "object" : schema.items ? "array" : types[0]);
  switch (type) {
    case "string":
      return stringExample(schema, walk);
    case "integer":
      return numberExample(schema, walk, true);
    case "number":
      return numberExample(schema, walk, false);
    case "boolean":
      return false;
    case "null":
      return null;
    case "array": {
      const max = typeof schema.maxItems === "number" ? schema.maxItems : Infinity;
      const count = Math.min(
        Math.max(typeof schema.minItems === "number" ? schema.minItems : 1, 1),
        max,
      );
      const items = (schema.items ?? {}) as Json;
      return Array.from({ length: count }, (_, i) =>
        generate(items, { ...walk, path: [...walk.path, i], depth: walk.depth + 1 }),
      );
    }
    case "object":
      return objectExample(schema, walk);
    case undefined:
      // `{}`: any JSON value is valid.
      return {};
    default:
      throw new ExampleError(walk.path, `unknown type ${String(type)}`);
  }
}

/**
 * A value valid against a JSON Schema (draft 2020-12, as zod emits it), for the examples of
 * the OpenAPI document: the schema's own `examples` (zod `.meta({ examples })`) where given,
 * else its `const`, first `enum` value or `default`, else a value built from its type that
 * respects formats, lengths, bounds and simple patterns, chosen by what the property's name
 * says (`primaryEmail` gets an email, `organizationRoleIds` an id). Every property is filled
 * (optional ones too, to show them), except those that only accept `null`.
 *
 * @throws ExampleError where nothing simple fits (a pattern no candidate matches): the schema
 * then needs `.meta({ examples })`.
 * @example
 * exampleFromSchema({ type: "object", properties: { primaryEmail: { type: "string", format: "email" } } }, {})
 * // { primaryEmail: "jane.doe@example.com" }
 */
export function exampleFromSchema(
  schema: Json,
  components: Record<string, Json>,
  name = "",
): unknown {
  return generate(schema, { components, path: [], name, depth: 0 });
}

function jsonMedia(holder: { content?: unknown } | undefined): Json | undefined {
  const content = holder?.content as Record<string, Json> | undefined;
  return content?.["application/json"];
}

/**
 * Puts an `example` on every JSON request body and response of the document, in place:
 * bodies and success responses from their schemas (`exampleFromSchema`), errors as the first
 * code the response lists. A schema the generator cannot serve keeps no example rather than
 * failing the document; `openapi.test.ts` requires one on every request body and names the
 * schema that needs `.meta({ examples })`.
 */
export function addExamples(document: OpenApiDocument): void {
  const { schemas } = document.components;
  const tryExample = (media: Json, name: string) => {
    try {
      media.example = exampleFromSchema(media.schema as Json, schemas, name);
    } catch (error) {
      if (!(error instanceof ExampleError)) throw error;
    }
  };
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      const body = jsonMedia(operation.requestBody);
      if (body && !("example" in body)) tryExample(body, "");
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = jsonMedia(response);
        if (!media || "example" in media) continue;
        const code = response["x-error-codes"]?.[0];
        if (Number(status) >= 400 && code) {
          // The response's own description, e.g. "The request is invalid: see details."
          const message = response.description.split(" Codes:")[0]?.replaceAll("`", "");
          media.example = { code, message };
        } else tryExample(media, "");
      }
    }
  }
}
