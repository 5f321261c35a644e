// Hostile input against every route of the OpenAPI document, as an authorized M2M caller:
// every path parameter, query parameter and body field gets NUL, lone surrogates, bad
// percent-encoding, 5,000-deep nesting, huge strings and wrong types. No answer may be a 5xx,
// no unexpected error may reach `onError`, and no row may change anywhere.
import {
  addMembers,
  assignMemberRoles,
  ensureBuiltInPermissions,
  systemContext,
} from "@guildhall/core";
import { BUILT_IN_PERMISSION_NAMES } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { unique, useManagementApi, type CallOptions } from "./test/harness.ts";

const unexpected: unknown[] = [];
const h = useManagementApi({ onError: (error) => unexpected.push(error) });

type Json = Record<string, unknown>;

/** Path and query values, as sent on the wire (already percent-encoded, or deliberately not). */
const BAD_URL_VALUES = [
  "%00",
  "fuzz%00id",
  "%ZZ",
  "%",
  "%E2%82", // truncated UTF-8
  "%ED%A0%80", // a lone surrogate, as UTF-8 bytes
  "%FF%FE",
  "%C0%AF", // overlong "/"
  "%0D%0ASet-Cookie:%20x=1",
  "%2e%2e%2F%2e%2e",
  "x".repeat(5_000),
];

const deep = (levels: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
};
/** JSON text nested `levels` deep (JSON.stringify itself would overflow the stack on it). */
const deepText = (levels: number, leaf = "1") =>
  '{"a":['.repeat(levels / 2) + leaf + "]}".repeat(levels / 2);
/** Placeholders replaced by 5,000-deep JSON when a body is sent. */
const DEEP = "\u2063deep";
const DEEP_SURROGATE = "\u2063deep-surrogate";
const serialize = (body: unknown) =>
  JSON.stringify(body)
    .replaceAll(`"${DEEP}"`, deepText(5_000))
    .replaceAll(`"${DEEP_SURROGATE}"`, deepText(5_000, '"\\ud800"'));
const NUL = "fuzz\u0000nul";
const HIGH = "fuzz\uD800high";
const LOW = "\uDC00low";
const HUGE = "h".repeat(20_000);
const CRLF = "https://fuzz.example.com/cb\r\nSet-Cookie: fuzz=1\r\n";

/** Values that replace one body field; every one is invalid wherever it lands. */
function badFieldValues(schema: Json): unknown[] {
  const type = schema.type ?? (Array.isArray(schema.anyOf) ? "union" : undefined);
  const values: unknown[] = [
    NUL,
    HIGH,
    LOW,
    HUGE,
    [NUL],
    [HIGH],
    { k: NUL },
    { [NUL]: 1 },
    { [LOW]: 1 },
    DEEP,
    [DEEP],
    { k: DEEP_SURROGATE },
  ];
  if (type !== "object") values.push(123.5);
  if (type !== "boolean") values.push(true);
  if (type === "object" || type === "array") values.push("text");
  return values;
}

/** Whole bodies, sent raw. */
const BAD_BODIES: { name: string; body: string | Uint8Array; contentType?: string }[] = [
  { name: "5,000-deep arrays", body: "[".repeat(5_000) + "]".repeat(5_000) },
  { name: "5,000-deep objects", body: '{"a":'.repeat(5_000) + "1" + "}".repeat(5_000) },
  {
    name: "deep under a known field",
    body: `{"name":"x","customData":${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}}`,
  },
  { name: "escaped NUL", body: '{"name":"a\\u0000b","customData":{"k":"\\u0000"}}' },
  { name: "escaped lone surrogate", body: '{"name":"a\\ud800","customData":{"\\udfff":1}}' },
  { name: "raw NUL byte", body: '{"name":"a\u0000b"}' },
  {
    name: "invalid UTF-8",
    body: new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  },
  { name: "top-level string", body: '"\\u0000"' },
  { name: "top-level array", body: "[1,2,3]" },
  { name: "top-level number", body: "1e999" },
  { name: "not JSON", body: "{name:" },
  { name: "over 1 MB", body: JSON.stringify({ name: "x".repeat(1_100_000) }) },
  { name: "wrong content type", body: "name=x", contentType: "application/x-www-form-urlencoded" },
];

interface Ids {
  organization: string;
  user: string;
  organizationRole: string;
  organizationScope: string;
  application: string;
  resource: string;
  apiScope: string;
  role: string;
  invitation: string;
}

/** The entity a path parameter names, from its name and the collection it follows. */
function realId(ids: Ids, path: string, param: string): string {
  const collection = path.split("/")[2];
  if (param === "id") {
    const byCollection: Record<string, string> = {
      organizations: ids.organization,
      "organization-roles": ids.organizationRole,
      "organization-scopes": ids.organizationScope,
      applications: ids.application,
      "organization-invitations": ids.invitation,
      resources: ids.resource,
      roles: ids.role,
    };
    return byCollection[collection ?? ""] ?? "fuzz-unknown";
  }
  const byName: Record<string, string> = {
    userId: ids.user,
    organizationRoleId: ids.organizationRole,
    organizationScopeId: ids.organizationScope,
    applicationId: ids.application,
    scopeId: ids.apiScope,
    roleId: ids.role,
    organizationId: ids.organization,
    invitationId: ids.invitation,
  };
  return byName[param] ?? "fuzz-unknown";
}

/** A minimal body of the right shape (often valid), so a bad field is the only thing wrong with it. */
function baseBody(schema: Json, ids: Ids): Json {
  const body: Json = {};
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  for (const name of (schema.required ?? []) as string[])
    body[name] = sampleValue(name, properties[name] ?? {}, ids);
  return body;
}

function sampleValue(name: string, schema: Json, ids: Ids): unknown {
  const idsByName: Record<string, string> = {
    organizationId: ids.organization,
    acceptedUserId: ids.user,
    userIds: ids.user,
    organizationRoleIds: ids.organizationRole,
    organizationScopeIds: ids.organizationScope,
    applicationIds: ids.application,
    scopeIds: ids.apiScope,
    roleIds: ids.role,
  };
  if (idsByName[name]) return schema.type === "array" ? [idsByName[name]] : idsByName[name];
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case "boolean":
      return false;
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 1;
    case "array":
      return [];
    case "object":
      return baseBody(schema, ids);
    default:
      if (name === "invitee" || name === "primaryEmail") return `${unique("fuzz")}@example.com`;
      if (name === "indicator") return `https://${unique("fuzz")}.example.com`;
      if (name === "password") return "correct horse battery staple";
      return unique("fuzz");
  }
}

/** Every field path of a body schema, nested objects included: `["oidcClientMetadata", "redirectUris"]`. */
function fieldPaths(schema: Json, prefix: string[] = []): { path: string[]; schema: Json }[] {
  const out: { path: string[]; schema: Json }[] = [];
  for (const [name, property] of Object.entries(
    (schema.properties ?? {}) as Record<string, Json>,
  )) {
    out.push({ path: [...prefix, name], schema: property });
    if (property.type === "object" && property.properties)
      out.push(...fieldPaths(property, [...prefix, name]));
  }
  return out;
}

function withField(body: Json, path: string[], value: unknown): Json {
  const copy: Json = { ...body };
  let target: Json = copy;
  for (const key of path.slice(0, -1)) target = target[key] = { ...((target[key] ?? {}) as Json) };
  target[path[path.length - 1] ?? ""] = value;
  return copy;
}

function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "fuzz-unknown");
}

interface Probe {
  method: string;
  path: string;
  options: CallOptions;
  label: string;
}

async function countRows(): Promise<Record<string, number>> {
  const tables = await h.db.$queryRawUnsafe<{ tablename: string }[]>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename",
  );
  const rows = await h.db.$queryRawUnsafe<{ t: string; n: bigint }[]>(
    tables
      .map(({ tablename }) => `SELECT '${tablename}' AS t, count(*) AS n FROM "${tablename}"`)
      .join(" UNION ALL "),
  );
  return Object.fromEntries(rows.map(({ t, n }) => [t, Number(n)]));
}

/** Sends probes a few at a time; returns the ones answered with a 5xx (or not at all). */
async function send(probes: Probe[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    for (let probe = probes[next++]; probe; probe = probes[next++]) {
      const { method, path, options, label } = probe;
      try {
        const response = await h.call(method, path, { ...options, unchecked: true });
        if (response.status >= 500)
          failures.push(`${response.status} ${label}: ${response.text.slice(0, 160)}`);
        else if (response.status >= 400 && response.status !== 431) {
          const body = response.body as { code?: unknown; message?: unknown };
          if (typeof body.code !== "string" || typeof body.message !== "string")
            failures.push(`${response.status} without a Logto error body: ${label}`);
        }
      } catch (error) {
        failures.push(`no answer to ${label}: ${String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return failures;
}

describe("fuzzing every route of the OpenAPI document", () => {
  it(
    "answers bad paths, queries and bodies with a 4xx, writes nothing, and logs no unexpected error",
    { timeout: 120_000 },
    async () => {
      const organization = await h.ok<{ id: string }>("POST", "/api/organizations", 201, {
        name: unique("Fuzz org"),
      });
      const user = await h.ok<{ id: string }>("POST", "/api/users", 200, {
        primaryEmail: `${unique("fuzz")}@example.com`,
      });
      const organizationRole = await h.ok<{ id: string }>("POST", "/api/organization-roles", 201, {
        name: unique("fuzz-role"),
      });
      const organizationScope = await h.ok<{ id: string }>(
        "POST",
        "/api/organization-scopes",
        201,
        { name: unique("fuzz:scope") },
      );
      const application = await h.ok<{ id: string }>("POST", "/api/applications", 200, {
        name: unique("Fuzz app"),
        type: "MachineToMachine",
      });
      const resource = await h.ok<{ id: string }>("POST", "/api/resources", 201, {
        name: unique("Fuzz API"),
        indicator: `https://${unique("fuzz")}.example.com`,
      });
      const apiScope = await h.ok<{ id: string }>(
        "POST",
        `/api/resources/${resource.id}/scopes`,
        201,
        { name: unique("fuzz:read") },
      );
      const role = await h.ok<{ id: string }>("POST", "/api/roles", 200, {
        name: unique("Fuzz role"),
      });
      const invitation = await h.ok<{ id: string }>("POST", "/api/organization-invitations", 201, {
        organizationId: organization.id,
        invitee: `${unique("fuzz")}@example.com`,
        messagePayload: false,
      });
      // The organization API's callers: a member holding every built-in permission, by
      // organization token, and a user by access token, so its routes are fuzzed past auth.
      await ensureBuiltInPermissions(h.db);
      const builtIn = await h.db.organizationPermission.findMany({
        where: { name: { in: [...BUILT_IN_PERMISSION_NAMES] } },
        select: { id: true },
      });
      const owner = await h.ok<{ id: string }>("POST", "/api/organization-roles", 201, {
        name: unique("fuzz-owner"),
        organizationScopeIds: builtIn.map((p) => p.id),
      });
      await addMembers(systemContext(h.db), {
        organizationId: organization.id,
        userIds: [user.id],
      });
      await assignMemberRoles(systemContext(h.db), {
        organizationId: organization.id,
        userId: user.id,
        organizationRoleIds: [owner.id],
      });
      const memberTokens: Record<string, string> = {
        organizationToken: await h.organizationToken({
          userId: user.id,
          organizationId: organization.id,
          scopes: [...BUILT_IN_PERMISSION_NAMES],
        }),
        userAccessToken: unique("fuzz-access-token"),
      };
      h.accessTokens.set(memberTokens.userAccessToken ?? "", {
        userId: user.id,
        clientId: "fuzz-app",
        scopes: ["openid", "urn:guildhall:scope:organizations"],
      });
      const ids: Ids = {
        organization: organization.id,
        user: user.id,
        organizationRole: organizationRole.id,
        organizationScope: organizationScope.id,
        application: application.id,
        resource: resource.id,
        apiScope: apiScope.id,
        role: role.id,
        invitation: invitation.id,
      };

      const document = h.api.document();
      const operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
        Object.entries(byMethod).map(([method, operation]) => ({
          path,
          method: method.toUpperCase(),
          operation: operation,
        })),
      );
      expect(operations.length).toBe(h.api.routes.length);

      const probes: Probe[] = [];
      for (const { path, method, operation: op } of operations) {
        // Each probe carries the credential its operation takes (the organization API's too).
        const scheme = Object.keys(op.security[0] ?? {})[0] ?? "";
        const credential: CallOptions = memberTokens[scheme] ? { token: memberTokens[scheme] } : {};
        const operation = op;
        const pathParams = operation.parameters
          .filter((p) => p.in === "path")
          .map((p) => String(p.name));
        const queryParams = operation.parameters
          .filter((p) => p.in === "query")
          .map((p) => String(p.name));
        // Paths and queries: the other parameters name nothing, so no valid request can write.
        const missing = Object.fromEntries(pathParams.map((name) => [name, "fuzz-missing"]));
        // Some writes are valid with an empty body (Logto's POST /users takes `{}`), so these
        // probes send a body that is not an object: the handler reads it only after the path
        // and the query, which stay what is tested. (GET requests carry no body.)
        const noWrite: CallOptions =
          method === "GET"
            ? {}
            : { rawBody: "[]", headers: { "content-type": "application/json" } };
        for (const param of pathParams) {
          for (const value of BAD_URL_VALUES) {
            probes.push({
              method,
              path: fillPath(path, { ...missing, [param]: value }),
              options: { ...noWrite, ...credential },
              label: `${method} ${path} {${param}}=${value.slice(0, 30)}`,
            });
          }
        }
        const url = fillPath(path, missing);
        for (const param of [...queryParams, "unknown"]) {
          for (const value of BAD_URL_VALUES) {
            probes.push({
              method,
              path: `${url}?${param}=${value}`,
              options: { ...noWrite, ...credential },
              label: `${method} ${path}?${param}=${value.slice(0, 30)}`,
            });
          }
        }
        probes.push({
          method,
          path: `${url}?%ZZ=1`,
          options: { ...noWrite, ...credential },
          label: `${method} ${path} with a malformed query name`,
        });
        probes.push({
          method,
          path: `${url}?q=%E0%A4%A`,
          options: { ...noWrite, ...credential },
          label: `${method} ${path} with a cut escape`,
        });

        // Bodies: sent to entities that exist, so the only thing wrong is the body.
        const schema = (
          operation.requestBody?.content as { "application/json"?: { schema?: Json } } | undefined
        )?.["application/json"]?.schema;
        if (!schema) continue;
        const real = Object.fromEntries(pathParams.map((name) => [name, realId(ids, path, name)]));
        const target = fillPath(path, real);
        const base = baseBody(schema, ids);
        for (const field of fieldPaths(schema)) {
          for (const value of badFieldValues(field.schema)) {
            probes.push({
              method,
              path: target,
              options: {
                ...credential,
                rawBody: serialize(withField(base, field.path, value)),
                headers: { "content-type": "application/json" },
              },
              label: `${method} ${path} body.${field.path.join(".")}`,
            });
          }
        }
        for (const { name, body, contentType } of BAD_BODIES) {
          probes.push({
            method,
            path: target,
            options: {
              ...credential,
              rawBody: body,
              headers: { "content-type": contentType ?? "application/json" },
            },
            label: `${method} ${path} body: ${name}`,
          });
        }
      }

      const before = await countRows();
      const started = Date.now();
      const failures = await send(probes);
      expect(failures, failures.slice(0, 20).join("\n")).toEqual([]);
      expect(unexpected.map(String)).toEqual([]);
      expect(await countRows(), "no fuzzed request wrote anything").toEqual(before);
      expect(probes.length).toBeGreaterThan(2_000);
      expect(Date.now() - started).toBeLessThan(90_000);

      // CR/LF (header injection, `Location` crashes) may be valid text in a name, so these may
      // write; they must never be a 5xx. Redirect URIs refuse them (next test).
      const crlf: Probe[] = [];
      for (const { path, method, operation } of operations) {
        const schema = (
          operation.requestBody?.content as { "application/json"?: { schema?: Json } } | undefined
        )?.["application/json"]?.schema;
        if (!schema) continue;
        const pathParams = operation.parameters
          .filter((p) => p.in === "path")
          .map((p) => String(p.name));
        const target = fillPath(
          path,
          Object.fromEntries(pathParams.map((name) => [name, realId(ids, path, name)])),
        );
        const base = baseBody(schema, ids);
        for (const field of fieldPaths(schema)) {
          for (const value of [CRLF, [CRLF], { k: CRLF }]) {
            crlf.push({
              method,
              path: target,
              options: { body: withField(base, field.path, value) },
              label: `${method} ${path} body.${field.path.join(".")} with CR/LF`,
            });
          }
        }
      }
      const crlfFailures = await send(crlf);
      expect(crlfFailures, crlfFailures.slice(0, 20).join("\n")).toEqual([]);
      expect(unexpected.map(String)).toEqual([]);
    },
  );

  it("says what to fix: the field for NUL and surrogates, the nesting limit, the escape", async () => {
    const nul = await h.call("POST", "/api/organizations", { body: { name: "a\u0000b" } });
    expect(nul.status).toBe(400);
    expect(nul.body).toMatchObject({
      code: "guard.invalid_input",
      data: { type: "body", issues: [{ path: ["name"] }] },
    });
    expect((nul.body as { message: string }).message).toContain("NUL");

    const surrogate = await h.call("POST", "/api/organizations", {
      body: { name: "ok", customData: { nested: ["x", "\uD800"] } },
    });
    expect(surrogate.status).toBe(400);
    expect((surrogate.body as { message: string }).message).toMatch(
      /customData\.nested\.1: .*surrogate/,
    );

    const tooDeep = await h.call("POST", "/api/organizations", {
      body: { name: "ok", customData: deep(100) },
    });
    expect(tooDeep.status).toBe(400);
    expect((tooDeep.body as { message: string }).message).toContain("at most 64 levels");

    const encoding = await h.call("GET", "/api/organizations/%ZZ");
    expect(encoding.status).toBe(400);
    expect(encoding.body).toMatchObject({ code: "guard.invalid_input", data: { type: "params" } });
    expect((encoding.body as { message: string }).message).toContain("`%ZZ`");

    const query = await h.call("GET", "/api/users?q=%00");
    expect(query.status).toBe(400);
    expect((query.body as { message: string }).message).toContain("NUL");
  });

  it("refuses CR/LF and other control characters in redirect URIs, never 500s on them anywhere", async () => {
    for (const uri of [
      "https://app.example.com/cb\r\nSet-Cookie: x=1",
      "https://app.example.com/\tcb",
      "https://app.example.com/c b",
    ]) {
      const response = await h.call("POST", "/api/applications", {
        body: { name: "CRLF", type: "SPA", oidcClientMetadata: { redirectUris: [uri] } },
      });
      expect(response.status, uri).toBe(400);
      expect((response.body as { message: string }).message).toContain("control characters");
    }
  });
});
