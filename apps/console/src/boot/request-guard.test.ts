import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejectMalformedRequest } from "./request-guard.ts";

let server: Server;
let port: number;

beforeAll(async () => {
  // As in server.ts: the guard first, then whatever routes the request (here: a stand-in that
  // decodes the path the way Next and the OIDC provider do, and crashes on %ZZ).
  server = createServer((req, res) => {
    if (rejectMalformedRequest(req, res)) return;
    try {
      decodeURIComponent(req.url ?? "/");
      res.end("ok");
    } catch {
      res.writeHead(500).end("crashed");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  ({ port } = server.address() as AddressInfo);
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A raw request: fetch would normalize the target first. */
function send(
  path: string,
  method = "GET",
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("edge request guard", () => {
  it("answers 400 for malformed percent-encoding on any route, pages included, saying what to fix", async () => {
    for (const path of [
      "/%ZZ",
      "/organizations?q=%ZZ",
      "/sign-in?callbackUrl=%",
      "/invite/%E2%82",
      "/users/%ED%A0%80",
      "/x?%00=1",
      "/interaction/abc%ZZ",
      "/_next/static/%ZZ",
    ]) {
      const response = await send(path);
      expect(response.status, path).toBe(400);
      expect(response.type, path).toContain("text/plain");
      expect(response.body, path).toContain("The request URL is invalid");
    }
    expect((await send("/%ZZ")).body).toContain("`%ZZ`");
  });

  it("answers in Logto's shape on /api and OAuth's on /oidc", async () => {
    const api = await send("/api/users/%ZZ");
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body)).toMatchObject({
      code: "guard.invalid_input",
      message: expect.stringContaining("%ZZ") as unknown,
    });
    const trpc = await send("/api/trpc/user.list?input=%7B%22q%22%3A%22%00%22%7D");
    expect(JSON.parse(trpc.body)).toMatchObject({
      code: "guard.invalid_input",
      message: expect.stringContaining("NUL") as unknown,
    });
    const oidc = await send("/oidc/auth?client_id=%ZZ");
    expect(oidc.status).toBe(400);
    expect(JSON.parse(oidc.body)).toMatchObject({ error: "invalid_request" });
    expect((await send("/oidc/auth?x=%ZZ", "HEAD")).status).toBe(400);
  });

  it("lets well-formed requests through, encoded text and CR/LF escapes included", async () => {
    for (const path of [
      "/",
      "/organizations?q=caf%C3%A9",
      "/sign-in?callbackUrl=%2Forganizations%3Fa%3D1",
      "/x?emoji=%F0%9F%98%80",
      "/x?a=%0D%0A",
      "/x?literal=100%25",
      "/api/users?q=a+b",
    ]) {
      const response = await send(path);
      expect(response.status, path).toBe(200);
    }
  });
});
