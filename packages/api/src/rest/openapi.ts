import { listWebhookEvents } from "@guildhall/core";
import { MANAGEMENT_API_SCOPE, webhookPayloadSchema } from "@guildhall/validators";
import { restError, restPaginationQuery } from "@guildhall/validators/rest";
import { z } from "zod";
import { E, type LogtoErrorSpec } from "./errors.ts";
import { addExamples } from "./openapi-examples.ts";
import { MAX_UNPAGINATED_ENTRIES } from "./pagination.ts";
import { TAGS, type AnyRoute } from "./router.ts";

type Json = Record<string, unknown>;

export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters: Json[];
  requestBody?: Json;
  responses: Record<
    string,
    { description: string; content?: Json; headers?: Json; "x-error-codes"?: string[] }
  >;
  security: Json[];
}

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: Json;
  servers: { url: string; description?: string }[];
  /** The default for operations; each operation also states its own (`[]` when public). */
  security: Json[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  /** OpenAPI 3.1 webhooks: what Guildhall POSTs to a webhook's URL, one entry per event. */
  webhooks: Record<string, { post: Json }>;
  components: { schemas: Record<string, Json>; securitySchemes: Json; headers: Json };
}

const SECURITY_SCHEME = "managementApiToken";
const ORGANIZATION_TOKEN_SCHEME = "organizationToken";
const USER_TOKEN_SCHEME = "userAccessToken";

/** The security scheme an operation uses: none, the Management API's, or the organization API's. */
function securityOf(route: AnyRoute): Json[] {
  if (route.public) return [];
  if (route.auth === "organization") return [{ [ORGANIZATION_TOKEN_SCHEME]: [] }];
  if (route.auth === "user") return [{ [USER_TOKEN_SCHEME]: [] }];
  return [{ [SECURITY_SCHEME]: [] }];
}

/** Errors every authenticated route can give, by status. */
const AUTH_ERRORS: LogtoErrorSpec[] = [
  E.headerMissing,
  E.tokenTypeNotSupported,
  E.unauthorized,
  E.forbidden,
  E.rateLimited,
];

const STATUS_TEXT: Record<number, string> = {
  200: "OK.",
  201: "Created.",
  204: "Done; no content.",
  400: "The request is invalid: see `details`.",
  401: "The access token is missing or invalid.",
  403: `The access token lacks the \`${MANAGEMENT_API_SCOPE}\` scope.`,
  404: "Something named in the path does not exist.",
  413: "The body is over 1 MB.",
  422: "The request conflicts with the data: see `code` and `data`.",
  429: "Too many requests from this client: retry after `Retry-After` seconds.",
  503: "Temporarily unavailable (the database is unreachable, or signing keys are not ready yet): retry after `Retry-After` seconds.",
};

function stripSchemaKeyword(schema: Json): Json {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

/** JSON Schemas for the document: named schemas (`.meta({ id })`) become components, referenced. */
class SchemaCollector {
  readonly components: Record<string, Json> = {};

  output(schema: z.ZodType): Json {
    const id = (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;
    const json = this.#convert(schema, "output");
    if (!id) return json;
    this.components[id] ??= json;
    return { $ref: `#/components/schemas/${id}` };
  }

  /**
   * Request schemas are inlined: what a client may send, defaults and all. An empty registry
   * keeps named schemas from becoming `$ref`s; `inputOverride` puts their descriptions and
   * examples back.
   */
  input(schema: z.ZodType): Json {
    return this.#convert(schema, "input", z.registry());
  }

  #convert(
    schema: z.ZodType,
    io: "input" | "output",
    metadata?: z.core.$ZodRegistry<Record<string, unknown>>,
  ): Json {
    const json = z.toJSONSchema(schema, {
      io,
      unrepresentable: "any",
      target: "draft-2020-12",
      ...(metadata ? { metadata, override: inputOverride } : {}),
    }) as Json;
    const { $defs, ...rest } = stripSchemaKeyword(json);
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, Json>))
      this.components[id] ??= rewriteRefs(def);
    return rewriteRefs(rest);
  }
}

/**
 * For request schemas: the global metadata (description, examples) without the `id`, and the
 * format of a pipe's output (`email` is `text().trim().pipe(z.email())`: as input, zod shows
 * only the string it trims, so the document would not say it must be an email).
 */
function inputOverride(ctx: { zodSchema: z.core.$ZodType; jsonSchema: Json }) {
  const meta = z.globalRegistry.get(ctx.zodSchema as z.ZodType);
  if (meta) {
    const { id: _id, ...rest } = meta;
    for (const [key, value] of Object.entries(rest)) ctx.jsonSchema[key] ??= value;
  }
  const def = ctx.zodSchema._zod.def;
  if (def.type === "pipe" && ctx.jsonSchema.type === "string" && !ctx.jsonSchema.format) {
    const out = (def as z.core.$ZodPipeDef).out;
    const { format } = z.toJSONSchema(out, { io: "output", unrepresentable: "any" }) as Json;
    if (typeof format === "string") ctx.jsonSchema.format = format;
  }
}

function rewriteRefs(schema: Json): Json {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as Json;
}

function parametersOf(
  collector: SchemaCollector,
  where: "path" | "query",
  schema: z.ZodType | undefined,
): Json[] {
  if (!schema) return [];
  const json = collector.input(schema);
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: propertySchema,
    };
  });
}

function errorResponses(
  collector: SchemaCollector,
  route: AnyRoute,
): OpenApiOperation["responses"] {
  const specs: LogtoErrorSpec[] = [E.invalidInput];
  if (route.kind === "list") specs.push(E.invalidPagination);
  if (route.body) specs.push(E.payloadTooLarge);
  if (!route.public) specs.push(...AUTH_ERRORS, E.notReady);
  // The organization API reads the member's state on every call.
  if (route.auth === "organization") specs.push(E.suspended);
  specs.push(...route.errors, E.databaseUnavailable);
  const byStatus = new Map<number, Set<string>>();
  for (const { status, code } of specs)
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  const responses: OpenApiOperation["responses"] = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const list = [...codes];
    responses[String(status)] = {
      description: `${STATUS_TEXT[status] ?? "Error."} Codes: ${list.map((c) => `\`${c}\``).join(", ")}.`,
      content: { "application/json": { schema: collector.output(restError) } },
      ...(status === 429 || status === 503
        ? {
            headers: {
              "Retry-After": {
                description:
                  status === 429
                    ? "Seconds until the window resets."
                    : "Seconds to wait before retrying.",
                schema: { type: "integer" },
              },
            },
          }
        : {}),
      "x-error-codes": list,
    };
  }
  return responses;
}

/** Numbered lists that also page by keyset declare `cursor` in their query. */
function hasCursor(route: AnyRoute): boolean {
  const shape = (route.query as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape !== undefined && "cursor" in shape;
}

function operationOf(collector: SchemaCollector, route: AnyRoute): OpenApiOperation {
  const parameters = [
    ...parametersOf(collector, "path", route.params),
    ...parametersOf(collector, "query", route.query),
  ];
  if (route.kind === "list") {
    const pagination = parametersOf(collector, "query", restPaginationQuery).map((p) => ({
      ...p,
      required: false,
    }));
    parameters.push(...pagination);
  }
  const success: OpenApiOperation["responses"][string] = {
    description: STATUS_TEXT[route.status] ?? "OK.",
  };
  if (route.response) {
    const item = collector.output(route.response);
    success.content = {
      "application/json": { schema: route.kind === "list" ? { type: "array", items: item } : item },
    };
  }
  if (route.kind === "list") {
    success.headers = {
      "Total-Number": { $ref: "#/components/headers/Total-Number" },
      Link: { $ref: "#/components/headers/Link" },
    };
    if (route.pagination === "cursor") {
      success.headers["Next-Cursor"] = { $ref: "#/components/headers/Next-Cursor" };
      success.description +=
        ' Paged by cursor: while there are older entries, `Next-Cursor` holds the cursor of the next page and `Link` its URL (`rel="next"`). With `page`, numbered pages instead, with `Total-Number` and the usual `Link`.';
    }
    if (route.pagination === "required" && hasCursor(route)) {
      success.headers["Next-Cursor"] = { $ref: "#/components/headers/Next-Cursor" };
      success.description +=
        " Numbered pages, or by keyset: each full page also sends `Next-Cursor`; pass it as `cursor` for the next page, which costs what the first does however deep (then `Link` points to it).";
    }
    if (route.pagination === "optional") {
      success.description += ` Paginated only when \`page\` or \`page_size\` is given (then with the pagination headers); otherwise the whole list, at most ${MAX_UNPAGINATED_ENTRIES} entries: a longer list answers 400 \`guard.invalid_pagination\`.`;
    }
  }
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    parameters,
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: collector.input(route.body) } },
          },
        }
      : {}),
    responses: { [String(route.status)]: success, ...errorResponses(collector, route) },
    security: securityOf(route),
  };
}

/**
 * The OpenAPI 3.1 document of the Management API, generated from the routes' zod schemas:
 * every operation with its parameters, body, responses (success and error codes), pagination
 * headers and the bearer security scheme, and an example for every body and response
 * (`openapi-examples.ts`).
 */
const SIGNATURE_HEADERS: Json[] = [
  ["webhook-id", "Standard Webhooks: `evt_<eventId>`, the same in every retry (dedupe on it)."],
  ["webhook-timestamp", "Standard Webhooks: seconds since the epoch when this attempt was signed."],
  [
    "webhook-signature",
    "Standard Webhooks: `v1,<base64 HMAC-SHA256>` of `<id>.<timestamp>.<body>` with the signing key.",
  ],
  [
    "logto-signature-sha-256",
    "Logto: hex HMAC-SHA256 of the raw body, keyed with the whole signing key.",
  ],
].map(([name, description]) => ({
  name,
  in: "header",
  required: true,
  description,
  schema: { type: "string" },
}));

/** One `webhooks` entry per event: the payload and the signature headers (docs/webhooks.md). */
function webhookOperations(collector: SchemaCollector): OpenApiDocument["webhooks"] {
  const payload = collector.output(webhookPayloadSchema);
  return Object.fromEntries(
    listWebhookEvents().map(({ name, description, logto }) => [
      name,
      {
        post: {
          operationId: `webhook.${name}`,
          tags: ["Hooks"],
          summary: name,
          description: `${description}${logto ? " (Logto's event.)" : " (Guildhall's addition.)"}`,
          parameters: SIGNATURE_HEADERS,
          requestBody: { required: true, content: { "application/json": { schema: payload } } },
          responses: {
            "200": { description: "Any 2xx acknowledges the delivery; anything else is retried." },
          },
        },
      },
    ]),
  );
}

export function buildOpenApiDocument(
  routes: readonly AnyRoute[],
  { baseUrl }: { baseUrl: string },
): OpenApiDocument {
  const collector = new SchemaCollector();
  const paths: OpenApiDocument["paths"] = {};
  for (const route of routes) {
    const operations = (paths[route.path] ??= {});
    operations[route.method.toLowerCase()] = operationOf(collector, route);
  }
  const usedTags = new Set(routes.map((r) => r.tag));
  const origin = baseUrl.replace(/\/+$/, "");
  const document: OpenApiDocument = {
    openapi: "3.1.0",
    info: {
      title: "Guildhall Management API",
      version: "1.0.0",
      description: [
        "Automate everything the console does. The organization surface follows Logto's Management API: same paths, bodies, statuses and error codes.",
        "",
        `**Authentication.** Get an access token with \`client_credentials\` from \`${origin}/oidc/token\` (a machine-to-machine application holding the Management API role, \`resource=${origin}/api\`, \`scope=${MANAGEMENT_API_SCOPE}\`) and send it as \`Authorization: Bearer <token>\`.`,
        "",
        `**Pagination.** Lists take \`page\` (from 1) and \`page_size\` (default 20, at most 100) and answer with \`Total-Number\` and RFC 8288 \`Link\` headers. Where Logto's pagination is optional, leaving both out answers the whole list (at most ${MAX_UNPAGINATED_ENTRIES} entries, else 400 \`guard.invalid_pagination\`). The audit log is paged by cursor: \`page_size\` and the \`cursor\` of the \`Next-Cursor\` header (or \`page\` for numbered pages).`,
        "",
        "**Errors.** Every error is JSON `{ code, message, data?, details? }`; `code` is stable.",
        "",
        "**Rate limits.** Requests are counted per client; over the limit the answer is 429 with `Retry-After`.",
      ].join("\n"),
    },
    servers: [{ url: origin, description: "This instance" }],
    security: [{ [SECURITY_SCHEME]: [] }],
    tags: (Object.keys(TAGS) as (keyof typeof TAGS)[])
      .filter((name) => usedTags.has(name))
      .map((name) => ({ name, description: TAGS[name] })),
    paths,
    webhooks: webhookOperations(collector),
    components: {
      schemas: collector.components,
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: `Access token from \`POST ${origin}/oidc/token\` with \`grant_type=client_credentials\`, \`resource=${origin}/api\`, \`scope=${MANAGEMENT_API_SCOPE}\`.`,
        },
        [ORGANIZATION_TOKEN_SCHEME]: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: `An organization token for the organization in the path: \`POST ${origin}/oidc/token\` with \`grant_type=refresh_token\`, \`organization_id\` and the \`guildhall:*\` permissions the route needs in \`scope\`.`,
        },
        [USER_TOKEN_SCHEME]: {
          type: "http",
          scheme: "bearer",
          description: `The user's access token from \`POST ${origin}/oidc/token\` (authorization code or refresh token grant) of a sign-in with the \`urn:guildhall:scope:organizations\` scope.`,
        },
      },
      headers: {
        "Total-Number": {
          description: "Total number of entries across all pages.",
          schema: { type: "integer" },
        },
        "Next-Cursor": {
          description:
            "Cursor lists: pass it as `cursor` for the next page; absent on the last page.",
          schema: { type: "string" },
        },
        Link: {
          description:
            'RFC 8288 links to the `first`, `prev`, `next` and `last` pages, e.g. `<...?page=2>; rel="next"`.',
          schema: { type: "string" },
        },
      },
    },
  };
  // Last: examples resolve `$ref`s into the components every route has added by now.
  addExamples(document);
  return document;
}
