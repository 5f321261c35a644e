import { describe, expect, it } from "vitest";
import { HTTP_METHODS } from "./router.ts";
import { useManagementApi } from "./test/harness.ts";

const h = useManagementApi();

describe("request parsing never answers 500 for bad input", () => {
  it("400 guard.invalid_input for malformed JSON, with the parser's message in details", async () => {
    const response = await h.call("POST", "/api/organizations", {
      rawBody: '{"name": "x",',
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: "guard.invalid_input",
      message: "The request body is not valid JSON.",
      data: { type: "body" },
    });
    expect((response.body as { details?: string }).details).toBeTruthy();
  });

  it("400 for a body sent with another content type", async () => {
    const response = await h.call("POST", "/api/organizations", {
      rawBody: "name=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "guard.invalid_input" });
    expect((response.body as { message: string }).message).toContain(
      "Content-Type: application/json",
    );
  });

  it("accepts JSON without a content type, and an empty body as {}", async () => {
    // Bytes: fetch adds no Content-Type (a string would be sent as text/plain).
    expect(
      (
        await h.call("POST", "/api/organizations", {
          rawBody: new TextEncoder().encode('{"name":"No type"}'),
        })
      ).status,
    ).toBe(201);
    const empty = await h.call("POST", "/api/organizations", { rawBody: "" });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ data: { type: "body" } });
  });

  it("400 for JSON that is not an object, and for invalid UTF-8", async () => {
    for (const rawBody of ["[]", '"x"', "null", "42"]) {
      const response = await h.call("POST", "/api/organizations", {
        rawBody,
        headers: { "content-type": "application/json" },
      });
      expect(response.status, rawBody).toBe(400);
    }
    const bad = await h.call("POST", "/api/organizations", {
      rawBody: new Uint8Array([0x7b, 0xff, 0x7d]),
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(400);
  });

  it("413 for a body over 1 MB", async () => {
    const response = await h.call("POST", "/api/organizations", {
      body: { name: "x", description: "y".repeat(1024 * 1024 + 10) },
    });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: "request.payload_too_large" });
  });

  it("400 for malformed percent-encoding and over-long ids in the path", async () => {
    const malformed = await h.call("GET", "/api/organizations/%E0%A4%A");
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: "guard.invalid_input", data: { type: "params" } });
    const long = await h.call("GET", `/api/organizations/${"x".repeat(65)}`);
    expect(long.status).toBe(400);
  });

  it("answers every route with 4xx (never 5xx) for hostile input", async () => {
    const bodies = [
      "[]",
      "{",
      '{"name":{"$gt":""},"userIds":"x","organizationRoleIds":[1],"organizationScopeIds":{}}',
      '{"__proto__":{"x":1}}',
    ];
    for (const route of h.api.routes) {
      const path = route.path.replace(/\{[^}]+\}/g, "%00%ff");
      for (const rawBody of route.body ? bodies : [undefined]) {
        const response = await h.call(
          route.method,
          `${path}?page=-5&page_size=1e9&q=${"%".repeat(3)}`,
          {
            ...(rawBody === undefined
              ? {}
              : { rawBody, headers: { "content-type": "application/json" } }),
          },
        );
        expect(
          response.status,
          `${route.method} ${route.path} ${rawBody ?? ""}: ${response.text.slice(0, 200)}`,
        ).toBeLessThan(500);
      }
    }
  });
});

describe("routing", () => {
  it("404 request.not_found for an unknown path, 405 with Allow for a known path and another method", async () => {
    const unknown = await h.call("GET", "/api/nothing-here", { unchecked: true });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: "request.not_found" });
    const method = await h.call("PUT", "/api/organizations", { unchecked: true, body: {} });
    expect(method.status).toBe(405);
    expect(method.body).toMatchObject({ code: "request.method_not_allowed" });
    expect(method.headers.get("allow")).toBe("GET, POST");
  });

  it("prefers literal segments: POST /users/roles is not POST /users/{userId}", async () => {
    const org = await h.ok<{ id: string }>("POST", "/api/organizations", 201, { name: "Routing" });
    const response = await h.call("POST", `/api/organizations/${org.id}/users/roles`, {
      body: { userIds: [], organizationRoleIds: [] },
    });
    expect(response.status).toBe(400); // the bulk-assign body guard, not a 405
  });

  it("tolerates a trailing slash", async () => {
    expect((await h.call("GET", "/api/organizations/")).status).toBe(200);
  });

  it("answers camelCase JSON with no-store caching", async () => {
    const org = await h.call<Record<string, unknown>>("POST", "/api/organizations", {
      body: { name: "Camel" },
    });
    for (const key of Object.keys(org.body)) expect(key).toMatch(/^[a-z][a-zA-Z]*$/);
    expect(org.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(org.headers.get("cache-control")).toBe("no-store");
  });
});

describe("OpenAPI document", () => {
  it("lists every registered route, and nothing else", async () => {
    const doc = await h.ok<{ paths: Record<string, Record<string, { operationId: string }>> }>(
      "GET",
      "/api/openapi.json",
      200,
    );
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const registered = h.api.routes.map((r) => `${r.method} ${r.path}`);
    expect([...documented].sort()).toEqual([...registered].sort());
    const operationIds = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).map((o) => o.operationId),
    );
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it("describes parameters, bodies, responses, errors and security for each operation", async () => {
    const doc = h.api.document();
    expect(doc.components.securitySchemes).toHaveProperty("managementApiToken.scheme", "bearer");
    expect(doc.components.securitySchemes).toHaveProperty("organizationToken.scheme", "bearer");
    expect(doc.components.securitySchemes).toHaveProperty("userAccessToken.scheme", "bearer");
    expect(doc.components.schemas).toHaveProperty("Error");
    for (const route of h.api.routes) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      const where = `${route.method} ${route.path}`;
      expect(op, where).toBeDefined();
      if (!op) continue;
      const pathParams = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect(
        op.parameters.filter((p) => p.in === "path").map((p) => p.name),
        where,
      ).toEqual(pathParams);
      expect(Boolean(op.requestBody), where).toBe(Boolean(route.body));
      expect(op.responses, where).toHaveProperty(String(route.status));
      expect(op.responses, where).toHaveProperty("400");
      const scheme =
        route.auth === "organization"
          ? "organizationToken"
          : route.auth === "user"
            ? "userAccessToken"
            : "managementApiToken";
      expect(op.security, where).toEqual(route.public ? [] : [{ [scheme]: [] }]);
      if (!route.public)
        for (const status of ["401", "403", "429"])
          expect(op.responses, where).toHaveProperty(status);
      if (route.kind === "list") {
        expect(
          op.parameters.map((p) => p.name),
          where,
        ).toEqual(expect.arrayContaining(["page", "page_size"]));
        expect(op.responses[String(route.status)]?.headers, where).toHaveProperty("Total-Number");
      }
      for (const { status, code } of route.errors)
        expect(op.responses[String(status)]?.["x-error-codes"], where).toContain(code);
    }
    // Every $ref resolves.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/(\w+)\/([^"]+)"/g)];
    for (const [, kind, name] of refs) {
      expect(
        (doc.components as Record<string, Record<string, unknown>>)[kind ?? ""],
        `${kind}/${name}`,
      ).toHaveProperty(name ?? "");
    }
    expect(HTTP_METHODS).toContain("PATCH");
  });
});
