import { escapeHtml } from "./html.ts";
import {
  getApplicationResourceScopes,
  getUserOrganizationClaims,
  getUserResourceScopes,
  managementApiIndicator,
  verifyApplicationSecret,
} from "@guildhall/core";
import type { Db } from "@guildhall/db";
import type { JWK } from "jose";
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { createAdapterClass } from "./adapter.ts";
import { registerOrganizationGrants } from "./organization-grants.ts";
import { claimsByScope, supportedScopes } from "./scopes.ts";

export interface ProviderOptions {
  db: Db;
  /** Public base URL, e.g. http://localhost:3000; the issuer is `${baseUrl}/oidc`. */
  baseUrl: string;
  /** Private JWKs, the signing key first (see loadSigningKeys). */
  keys: (JWK & { kid: string })[];
  /** Secrets for the provider's signed cookies. */
  cookieKeys: string[];
  /** The storage adapter class (createAdapterClass); one is made when left out. */
  adapter?: ReturnType<typeof createAdapterClass>;
}

const esc = escapeHtml;

/** Guildhall-styled pages for the provider's own screens (no external assets). */
function page(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#111}@media(prefers-color-scheme:dark){body{background:#0b0b0f;color:#eee}}
button{font:inherit;padding:.6rem 1rem;border-radius:.5rem;border:1px solid #888;cursor:pointer;margin-right:.5rem}button.primary{background:#4f46e5;color:#fff;border-color:#4f46e5}button:focus-visible{outline:3px solid #818cf8;outline-offset:2px}</style></head>
<body><main>${body}</main></body></html>`;
}

function clientTtl(client: unknown, name: string, fallback: number) {
  const value = (client as Record<string, unknown> | undefined)?.[name];
  return typeof value === "number" && value > 0 ? value : fallback;
}

/** Builds the OpenID Connect provider (panva/oidc-provider) configured for Guildhall. */
export function createProvider(options: ProviderOptions): Provider {
  const { db, baseUrl, keys } = options;
  const issuer = `${baseUrl.replace(/\/$/, "")}/oidc`;
  const managementApi = managementApiIndicator(baseUrl);
  const adapter = options.adapter ?? createAdapterClass(db);

  /**
   * What an access token for an API may carry. While the user signs in (authorization),
   * everything the API offers, so the grant records what the app asked for; when a token
   * is issued, only what the user's global roles hold at that moment (or the
   * machine-to-machine app's roles), so a role change shows in the next token.
   */
  async function resourceScopesFor(ctx: KoaContextWithOIDC, resource: { indicator: string; scopes: { name: string }[] }, clientId: string) {
    const issuing = ctx.oidc.route === "token";
    const machine = issuing && ctx.oidc.params?.grant_type === "client_credentials";
    if (resource.indicator === managementApi) {
      // Only machine-to-machine apps holding the Management API role call the Management API.
      const scopes = machine ? await getApplicationResourceScopes(db, { applicationId: clientId, indicator: resource.indicator }) : [];
      if (scopes.length === 0) throw new errors.InvalidTarget("This application is not allowed to call the Management API.");
      return scopes;
    }
    if (!issuing) return resource.scopes.map((x) => x.name);
    if (machine) return getApplicationResourceScopes(db, { applicationId: clientId, indicator: resource.indicator });
    const accountId = ctx.oidc.entities.Grant?.accountId ?? ctx.oidc.account?.accountId;
    return accountId ? getUserResourceScopes(db, { userId: accountId, indicator: resource.indicator }) : [];
  }

  const configuration: Configuration = {
    adapter,
    clients: [],
    jwks: { keys: keys as unknown as NonNullable<Configuration["jwks"]>["keys"] },
    cookies: { keys: options.cookieKeys },
    scopes: supportedScopes,
    // organization_id on the authorization request: the sign-in page shows its branding.
    extraParams: ["organization_id"],
    claims: claimsByScope,
    // ID tokens carry the claims of the granted scopes (organizations etc.).
    conformIdTokenClaims: false,
    extraClientMetadata: {
      properties: ["urn:guildhall:first_party", "urn:guildhall:access_token_ttl", "urn:guildhall:refresh_token_ttl"],
    },
    async findAccount(_ctx, id) {
      const user = await db.user.findUnique({ where: { id } });
      if (!user || user.suspendedAt) return undefined;
      return {
        accountId: user.id,
        async claims(_use, scope) {
          const scopes = new Set((scope ?? "").split(" "));
          const claims: Record<string, unknown> = {
            sub: user.id,
            email: user.email,
            email_verified: Boolean(user.emailVerifiedAt),
            name: user.name ?? undefined,
            picture: user.avatarUrl ?? undefined,
            updated_at: Math.floor(user.updatedAt.getTime() / 1000),
          };
          if (scopes.has("urn:guildhall:scope:organizations") || scopes.has("urn:guildhall:scope:organization_roles")) {
            const orgs = await getUserOrganizationClaims(db, user.id);
            claims.organizations = orgs.organizations;
            claims.organization_roles = orgs.organizationRoles;
          }
          return claims as { sub: string };
        },
      };
    },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          ctx.type = "html";
          ctx.body = page(
            "Sign out",
            `<h1>Sign out of Guildhall?</h1><p>You will be signed out of this application and of Guildhall.</p>${form}
            <button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
            <button type="submit" form="op.logoutForm">Stay signed in</button>`,
          );
        },
        postLogoutSuccessSource(ctx) {
          ctx.type = "html";
          ctx.body = page("Signed out", `<h1>You are signed out</h1><p>You can close this window.</p>`);
        },
      },
      resourceIndicators: {
        enabled: true,
        // Without a resource, tokens are for userinfo only (opaque).
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        async getResourceServerInfo(ctx, resourceIndicator, client) {
          const resource = await db.apiResource.findUnique({ where: { indicator: resourceIndicator }, include: { scopes: { select: { name: true } } } });
          if (!resource) throw new errors.InvalidTarget(`Unknown resource ${resourceIndicator}.`);
          const scopes = await resourceScopesFor(ctx, resource, client.clientId);
          return {
            scope: scopes.join(" "),
            audience: resourceIndicator,
            accessTokenTTL: resource.accessTokenTtl,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: "ES256" } },
          };
        },
      },
    },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    ttl: {
      // A token for an API lives as long as that API says; otherwise as the application says.
      AccessToken: (_ctx, token, client) => token.resourceServer?.accessTokenTTL ?? clientTtl(client, "urn:guildhall:access_token_ttl", 3600),
      ClientCredentials: (_ctx, token, client) => token.resourceServer?.accessTokenTTL ?? clientTtl(client, "urn:guildhall:access_token_ttl", 3600),
      IdToken: 3600,
      AuthorizationCode: 60,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      RefreshToken: (_ctx, _token, client) => clientTtl(client, "urn:guildhall:refresh_token_ttl", 14 * 24 * 3600),
    },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? "");
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = page("Sign-in error", `<h1>Something went wrong</h1><p><strong>${esc(out.error)}</strong></p><p>${esc(out.error_description)}</p>`);
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.proxy = true;
  // One session: signing out of an application through Guildhall also ends the Guildhall
  // (console) session, so the next sign-in asks who you are.
  provider.on("end_session.success", (ctx: KoaContextWithOIDC) => {
    for (const name of ["next-auth.session-token", "__Secure-next-auth.session-token"]) {
      ctx.cookies.set(name, null, { path: "/", signed: false });
    }
  });

  // Secrets are stored hashed; check the presented one against the hashes.
  const ClientClass = provider.Client as unknown as { prototype: { compareClientSecret(actual: string): Promise<boolean>; clientId: string } };
  ClientClass.prototype.compareClientSecret = function compareClientSecret(this: { clientId: string }, actual: string) {
    return verifyApplicationSecret(db, { applicationId: this.clientId, secret: actual });
  };

  const signingKey = keys[0];
  if (!signingKey) throw new Error("No signing key: run ensureSigningKey first.");
  registerOrganizationGrants(provider, { db, adapter, issuer, signingKey: async () => signingKey });
  return provider;
}
