import { escapeHtml } from "./html.ts";
import { cspNonceOf, nonceAttribute } from "./security-headers.ts";
import {
  clientIp,
  endConsoleSession,
  getUserOrganizationClaims,
  isDomainError,
  mfaEnrollmentRequired,
  resolveResourceAccess,
  verifyClientSecret,
  type ResourceAccessRequest,
} from "@guildhall/core";
import type { Db } from "@guildhall/db";
import type { JWK } from "jose";
import Provider, {
  errors,
  interactionPolicy,
  type Configuration,
  type KoaContextWithOIDC,
} from "oidc-provider";
import { createAdapterClass } from "./adapter.ts";
import {
  readConsoleSessionToken,
  readSignedInUserId,
  SESSION_COOKIE_NAMES,
} from "./console-session.ts";
import { registerOrganizationGrants } from "./organization-grants.ts";
import { requestedOrganizationId } from "./requested-organization.ts";
import { isSafeLookup } from "./safe-input.ts";
import {
  claimsByScope,
  ORGANIZATION_ROLES_SCOPE,
  ORGANIZATIONS_SCOPE,
  supportedScopes,
} from "./scopes.ts";

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
  /** next-auth secret: signing out through the provider ends the console session too. */
  sessionSecret?: string;
}

/**
 * A throttled client authentication's delay, per request. Client authentication reaches its
 * request through the provider's own AsyncLocalStorage (`Provider.ctx`): a second storage
 * of ours would add its own work to every promise of every request.
 */
const retryAfterOf = new WeakMap<object, number>();

/**
 * Client authentication refused by the brute-force throttle: still `invalid_client` (the
 * OAuth error for failed client authentication), but HTTP 429 with a Retry-After header,
 * so clients and their operators can tell "wait" from "wrong secret".
 */
class ClientAuthThrottled extends errors.InvalidClientAuth {
  constructor(description: string) {
    super();
    Object.assign(this, { status: 429, statusCode: 429, error_description: description });
  }
}

const esc = escapeHtml;

/**
 * Guildhall-styled pages for the provider's own screens (no external assets); the inline
 * style carries the response's CSP nonce.
 */
function page(ctx: KoaContextWithOIDC, title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>
<style${nonceAttribute(cspNonceOf(ctx.res))}>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#111}@media(prefers-color-scheme:dark){body{background:#0b0b0f;color:#eee}}
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
  const adapter = options.adapter ?? createAdapterClass(db);

  /** Who asks for an API, in core's terms (core decides what they get: resolveResourceAccess). */
  function resourceAccessRequest(ctx: KoaContextWithOIDC, clientId: string): ResourceAccessRequest {
    if (ctx.oidc.route !== "token") return { stage: "authorization", clientId };
    if (ctx.oidc.params?.grant_type === "client_credentials")
      return { stage: "token", subject: { type: "application", applicationId: clientId } };
    const userId = ctx.oidc.entities.Grant?.accountId ?? ctx.oidc.account?.accountId;
    return { stage: "token", subject: { type: "user", userId } };
  }

  /**
   * The provider keeps its own session cookie once a user has signed in through it. That
   * session only stands while the console session it was made from does: every
   * authorization request checks the console session (one primary-key read), so a sign-out,
   * password change, suspension or role change elsewhere also ends silent sign-ins to apps.
   */
  function loginPolicy() {
    const policy = interactionPolicy.base();
    const secret = options.sessionSecret;
    if (secret) {
      policy.get("login")?.checks.add(
        new interactionPolicy.Check(
          "console_session_ended",
          "The Guildhall session has ended",
          async (ctx) => {
            const accountId = ctx.oidc.session?.accountId;
            if (!accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT; // no_session asks already
            const userId = await readSignedInUserId(ctx.req, { db, secret });
            return userId === accountId
              ? interactionPolicy.Check.NO_NEED_TO_PROMPT
              : interactionPolicy.Check.REQUEST_PROMPT;
          },
        ),
      );
    }
    // An app that signed the user in before may now ask for an organization requiring MFA
    // (or the policy became "required"): ask again, so the interaction offers enrolment.
    policy.get("login")?.checks.add(
      new interactionPolicy.Check(
        "mfa_enrollment_required",
        "A second factor must be enrolled first",
        async (ctx) => {
          const userId = ctx.oidc.session?.accountId;
          if (!userId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
          const organizationId = requestedOrganizationId(ctx.oidc.params ?? {});
          return (await mfaEnrollmentRequired(db, { userId, organizationId }))
            ? interactionPolicy.Check.REQUEST_PROMPT
            : interactionPolicy.Check.NO_NEED_TO_PROMPT;
        },
      ),
    );
    return policy;
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
      properties: [
        "urn:guildhall:first_party",
        "urn:guildhall:access_token_ttl",
        "urn:guildhall:refresh_token_ttl",
      ],
    },
    async findAccount(_ctx, id) {
      const user = await db.user.findUnique({ where: { id } });
      if (!user || user.suspendedAt) return undefined;
      return {
        accountId: user.id,
        async claims(_use, scope) {
          const scopes = new Set(scope.split(" "));
          const claims: Record<string, unknown> = {
            sub: user.id,
            // A user without an email (username only) gets no email claim, not a null one.
            email: user.email ?? undefined,
            email_verified: Boolean(user.emailVerifiedAt),
            name: user.name ?? undefined,
            picture: user.avatarUrl ?? undefined,
            username: user.username ?? undefined,
            phone_number: user.primaryPhone ?? undefined,
            // Phone numbers are only set by administrators (Management API, console, import),
            // which Logto also treats as verified.
            phone_number_verified: Boolean(user.primaryPhone),
            updated_at: Math.floor(user.updatedAt.getTime() / 1000),
          };
          if (scopes.has(ORGANIZATIONS_SCOPE) || scopes.has(ORGANIZATION_ROLES_SCOPE)) {
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
      policy: loginPolicy(),
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
            ctx,
            "Sign out",
            `<h1>Sign out of Guildhall?</h1><p>You will be signed out of this application and of Guildhall.</p>${form}
            <button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
            <button type="submit" form="op.logoutForm">Stay signed in</button>`,
          );
        },
        postLogoutSuccessSource(ctx) {
          ctx.type = "html";
          ctx.body = page(
            ctx,
            "Signed out",
            `<h1>You are signed out</h1><p>You can close this window.</p>`,
          );
        },
      },
      resourceIndicators: {
        enabled: true,
        // Without a resource, tokens are for userinfo only (opaque).
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        async getResourceServerInfo(ctx, resourceIndicator, client) {
          // The indicator is a request parameter: text PostgreSQL cannot hold names no API.
          if (!isSafeLookup(resourceIndicator)) throw new errors.InvalidTarget("Unknown resource.");
          const access = await resolveResourceAccess(db, {
            indicator: resourceIndicator,
            baseUrl,
            request: resourceAccessRequest(ctx, client.clientId),
          }).catch((error: unknown) => {
            if (isDomainError(error)) throw new errors.InvalidTarget(error.message);
            throw error;
          });
          return {
            scope: access.scopes.join(" "),
            audience: resourceIndicator,
            accessTokenTTL: access.accessTokenTtl,
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
      AccessToken: (_ctx, token, client) =>
        token.resourceServer?.accessTokenTTL ??
        clientTtl(client, "urn:guildhall:access_token_ttl", 3600),
      ClientCredentials: (_ctx, token, client) =>
        token.resourceServer?.accessTokenTTL ??
        clientTtl(client, "urn:guildhall:access_token_ttl", 3600),
      IdToken: 3600,
      AuthorizationCode: 60,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      RefreshToken: (_ctx, _token, client) =>
        clientTtl(client, "urn:guildhall:refresh_token_ttl", 14 * 24 * 3600),
    },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const grantId =
        ctx.oidc.result?.consent?.grantId ??
        ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? "");
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = page(
        ctx,
        "Sign-in error",
        `<h1>Something went wrong</h1><p><strong>${esc(out.error)}</strong></p><p>${esc(out.error_description)}</p>`,
      );
    },
  };

  const provider = new Provider(issuer, configuration);
  // Forwarding headers are believed here; the service replaces them with BASE_URL's unless
  // the request came through a proxy TRUST_PROXY names (see service.ts `pinOrigin`).
  provider.proxy = true;
  // One session: signing out of an application through Guildhall also ends the Guildhall
  // (console) session, so the next sign-in asks who you are. The cookie is cleared here; the
  // session row is deleted by the middleware below before the answer goes out.
  provider.on("end_session.success", (ctx: KoaContextWithOIDC) => {
    (ctx.state as { endConsoleSession?: boolean }).endConsoleSession = true;
    for (const name of SESSION_COOKIE_NAMES) {
      ctx.cookies.set(name, null, { path: "/", signed: false });
    }
  });

  provider.use(async (ctx, next) => {
    await next();
    const retryAfterSeconds = retryAfterOf.get(ctx);
    if (ctx.status === 429 && retryAfterSeconds !== undefined)
      ctx.set("Retry-After", String(retryAfterSeconds));
    if ((ctx.state as { endConsoleSession?: boolean }).endConsoleSession && options.sessionSecret) {
      // Awaited: if it fails, Koa answers 500 and drops the cleared cookie, rather than
      // saying "signed out" while a copy of the cookie still works.
      await endConsoleSession(db, {
        token: await readConsoleSessionToken(ctx.req, options.sessionSecret),
      });
    }
  });

  // Secrets are stored hashed; check the presented one against the hashes, throttled per
  // client and per IP against guessing.
  const ClientClass = provider.Client as unknown as {
    prototype: { compareClientSecret(actual: string): Promise<boolean>; clientId: string };
  };
  ClientClass.prototype.compareClientSecret = async function compareClientSecret(
    this: { clientId: string },
    actual: string,
  ) {
    // The request being served: every route that authenticates clients runs inside it.
    const ctx = Provider.ctx;
    try {
      return await verifyClientSecret(db, {
        applicationId: this.clientId,
        secret: actual,
        ip: ctx ? clientIp(ctx.req) : undefined,
      });
    } catch (error) {
      if (!isDomainError(error) || error.code !== "rate_limited") throw error;
      const retryAfterSeconds = Number(error.data?.retryAfterSeconds ?? 1);
      if (ctx) retryAfterOf.set(ctx, retryAfterSeconds);
      throw new ClientAuthThrottled(
        `Too many failed client authentication attempts. Try again in ${retryAfterSeconds} s.`,
      );
    }
  };

  const signingKey = keys[0];
  if (!signingKey) throw new Error("No signing key: run ensureSigningKey first.");
  registerOrganizationGrants(provider, {
    db,
    adapter,
    issuer,
    baseUrl,
    signingKey: () => signingKey,
  });
  return provider;
}
