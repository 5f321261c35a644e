import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/** Someone who can sign in at the test IdP. */
export interface TestIdpAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestOidcIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the next interaction signs in ("deny" answers `access_denied`). */
  signInAs(account: TestIdpAccount | "deny"): void;
  close(): Promise<void>;
}

/**
 * A real upstream OpenID Provider (oidc-provider) on its own port, with one confidential
 * client. Its interaction signs in whichever account the test chose, without a form, and
 * grants the scopes asked for; or refuses with `access_denied`.
 */
export async function startTestOidcIdp(
  redirectUris: string[],
  { port: listenPort = 0, host = "127.0.0.1" }: { port?: number; host?: string } = {},
): Promise<TestOidcIdp> {
  let current: TestIdpAccount | "deny" = "deny";
  const accounts = new Map<string, TestIdpAccount>();
  const clientId = "guildhall-sso-test";
  const clientSecret = "test-client-secret-0123456789abcdef";

  const server = createServer((req, res) => void route(req, res));
  await new Promise<void>((resolve) => server.listen(listenPort, host, resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host === "127.0.0.1" ? "127.0.0.1" : "localhost"}:${port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    cookies: { keys: ["test-idp-cookie-key-0123456789"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    findAccount(_ctx: unknown, id: string) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => Promise.resolve({ ...account }),
      };
    },
  });
  const callback = provider.callback();

  async function route(req: IncomingMessage, res: ServerResponse) {
    try {
      if (!req.url?.startsWith("/interaction/")) {
        void callback(req, res);
        return;
      }
      const details = await provider.interactionDetails(req, res);
      if (current === "deny") {
        await provider.interactionFinished(req, res, {
          error: "access_denied",
          error_description: "The test user declined",
        });
        return;
      }
      if (details.prompt.name === "login") {
        accounts.set(current.sub, current);
        await provider.interactionFinished(req, res, { login: { accountId: current.sub } });
        return;
      }
      const grant = new provider.Grant({
        accountId: details.session?.accountId ?? current.sub,
        clientId,
      });
      grant.addOIDCScope(String(details.params.scope));
      grant.addOIDCClaims(["email", "email_verified", "name"]);
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  }

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(account) {
      current = account;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Follows redirects like a browser with a cookie jar, from `start` until one leads to
 * `stopAt` (our redirect URI), and returns that URL.
 */
export async function browse(start: string, stopAt: string): Promise<URL> {
  const jar = new Map<string, string>();
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
