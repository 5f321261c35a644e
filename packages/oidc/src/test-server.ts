import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { createConsoleSession } from "@guildhall/core";
import { encode } from "next-auth/jwt";
import { createOidcService, type OidcService, type OidcServiceOptions } from "./service.ts";

export const TEST_SECRET = "test-instance-secret-0123456789abcdef";
export const TEST_SESSION_SECRET = "test-session-secret-0123456789abcdef";

export interface TestOidcServer {
  t: TestDatabase;
  baseUrl: string;
  issuer: string;
  oidc: OidcService;
  /** A next-auth session cookie for this user, with its console session, as the sign-in page would set. */
  sessionCookie(userId: string, options?: { amr?: string[] }): Promise<string>;
  close(): Promise<void>;
}

/** A real HTTP server with the OIDC service on a fresh database. */
export async function startTestOidcServer(
  options: Pick<OidcServiceOptions, "trustProxy"> = {},
): Promise<TestOidcServer> {
  const t = await createTestDatabase();
  const holder: { oidc?: OidcService } = {};
  const server: Server = createServer((req, res) => {
    if (!holder.oidc?.handle(req, res)) {
      res.statusCode = 404;
      res.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const service = await createOidcService({
    db: t.db,
    baseUrl,
    secret: TEST_SECRET,
    sessionSecret: TEST_SESSION_SECRET,
    ...options,
  });
  holder.oidc = service;
  return {
    t,
    baseUrl,
    issuer: `${baseUrl}/oidc`,
    oidc: service,
    async sessionCookie(userId, { amr } = {}) {
      const session = await createConsoleSession(t.db, { userId, amr });
      const token = await encode({
        token: { sub: userId, sid: session.token },
        secret: TEST_SESSION_SECRET,
      });
      return `next-auth.session-token=${token}`;
    },
    async close() {
      service.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

/**
 * Follows redirects by hand with a cookie jar, the way a browser would, until the
 * response redirects to `stopAt` (the client's redirect URI). Returns that URL.
 */
export async function browse(start: string, cookie: string, stopAt: string): Promise<URL> {
  const jar = new Map<string, string>();
  const [name, value] = cookie.split("=", 2);
  if (name && value) jar.set(name, value);
  let url = start;
  for (let i = 0; i < 20; i++) {
    const res = await fetch(url, {
      redirect: "manual",
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = res.headers.get("location");
    if (!location) throw new Error(`No redirect from ${url}: ${res.status} ${await res.text()}`);
    const next = new URL(location, url);
    if (next.href.startsWith(stopAt)) return next;
    url = next.href;
  }
  throw new Error("Too many redirects");
}
