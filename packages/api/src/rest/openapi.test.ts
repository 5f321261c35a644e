import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { getManagementApiDocument, managementApiRoutes } from "./handler.ts";
import { exampleFromSchema } from "./openapi-examples.ts";

type Json = Record<string, unknown>;

const BASE_URL = "https://id.example.com";
const document = getManagementApiDocument({ baseUrl: BASE_URL });
const routes = managementApiRoutes(BASE_URL);
const { schemas } = document.components;

/**
 * The document's JSON Schemas, compiled by a validator that is not zod: what an OpenAPI
 * client checks against. Components get absolute ids so `#/components/schemas/X` resolves.
 */
const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const COMPONENTS = "https://openapi.test/components/";
const absolute = (schema: unknown): Json =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${COMPONENTS}`)) as Json;
for (const [name, schema] of Object.entries(schemas))
  ajv.addSchema({ ...absolute(schema), $id: `${COMPONENTS}${name}` });
const compiled = new Map<string, ValidateFunction>();
function validatorOf(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) compiled.set(key, (validate = ajv.compile(absolute(schema))));
  return validate;
}

function json(holder: unknown): Json | undefined {
  return (holder as { content?: Record<string, Json> } | undefined)?.content?.["application/json"];
}

const operations = routes.map((route) => {
  const operation = document.paths[route.path]?.[route.method.toLowerCase()];
  if (!operation) throw new Error(`${route.method} ${route.path} is not in the document`);
  return { route, operation, name: `${route.method} ${route.path}` };
});

describe("examples in the OpenAPI document", () => {
  it("every request body has one, accepted by the route's zod schema and the document's JSON Schema", () => {
    const withBody = operations.filter(({ route }) => route.body);
    expect(withBody.length).toBeGreaterThan(30);
    for (const { route, operation, name } of withBody) {
      const media = json(operation.requestBody);
      expect(media, name).toBeDefined();
      if (!media) continue;
      if (!("example" in media)) {
        // Says which schema needs `.meta({ examples })`.
        exampleFromSchema(media.schema as Json, schemas);
        throw new Error(`${name}: no request body example`);
      }
      const parsed = route.body?.safeParse(media.example);
      expect(parsed?.success, `${name}: ${JSON.stringify(parsed?.error?.issues)}`).toBe(true);
      const validate = validatorOf(media.schema);
      expect(validate(media.example), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it("every JSON success response has one, accepted by the route's response schema and the document", () => {
    for (const { route, operation, name } of operations) {
      const media = json(operation.responses[String(route.status)]);
      if (!media || !route.response) continue;
      expect(media, name).toHaveProperty("example");
      const schema = route.kind === "list" ? route.response.array() : route.response;
      const parsed = schema.safeParse(media.example);
      expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      const validate = validatorOf(media.schema);
      expect(validate(media.example), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it("every error response has one naming a code the response lists", () => {
    for (const { operation, name } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const example = json(response)?.example as { code?: string; message?: string };
        expect(response["x-error-codes"], `${name} ${status}`).toContain(example.code);
        expect(example.message, `${name} ${status}`).toMatch(/\S/);
        expect(validatorOf(json(response)?.schema)(example), `${name} ${status}`).toBe(true);
      }
    }
  });
});

describe("request schemas in the OpenAPI document", () => {
  it("say what a piped string must be (`email` trims, then checks an email)", () => {
    const body = json(document.paths["/api/users"]?.post?.requestBody)?.schema as {
      properties: Record<string, Json>;
    };
    // (Nullable or not: the string branch says it.)
    expect(JSON.stringify(body.properties.primaryEmail)).toContain('"format":"email"');
    expect(json(document.paths["/api/users"]?.post?.requestBody)?.example).toMatchObject({
      primaryEmail: "jane.doe@example.com",
    });
  });

  it("keep the descriptions of their fields and query parameters", () => {
    const invitations = document.paths["/api/organization-invitations"]?.get;
    expect(invitations?.parameters).toContainEqual(
      expect.objectContaining({
        name: "invitee",
        in: "query",
        description: "Only invitations to this email (any case).",
      }),
    );
    const body = json(document.paths["/api/organization-invitations"]?.post?.requestBody)
      ?.schema as { properties: Record<string, Json> };
    expect(body.properties.inviterId?.description).toBe(
      "The user who invites (shown in the email), if any.",
    );
  });
});
