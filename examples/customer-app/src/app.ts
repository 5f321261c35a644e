import { randomBytes, timingSafeEqual } from "node:crypto";
import { createMembershipFreshness } from "@guildhall/org-token/freshness";
import {
  createOrganizationTokenVerifier,
  type OrganizationTokenVerifier,
} from "@guildhall/org-token/verify";
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type Response,
} from "express";
import * as client from "openid-client";
import {
  decodeJwtPayload,
  organizationsOf,
  sessionUserFromClaims,
  type SessionUser,
} from "./claims.ts";
import {
  createGuildhallClient,
  oauthErrorOf,
  SIGN_IN_SCOPES,
  type OAuthError,
} from "./guildhall-client.ts";
import {
  createMembersApi,
  REMOVE_MEMBER_PERMISSION,
  TOKEN_STALE_ERROR,
  type RemoveMemberResult,
} from "./members-api.ts";
import {
  createManagementApiClient,
  type ManagementApiOptions,
  type MemberDirectory,
} from "./management-api.ts";
import {
  createMembershipEventStream,
  type MembershipEventStream,
  type MembershipRolesChange,
} from "./membership-events.ts";
import { createRefreshRotations } from "./refresh-rotation.ts";
import { createCookieSealer, parseCookieHeader } from "./session.ts";
import { createTeamBundle } from "./team/bundle.ts";
import {
  confirmRemovePage,
  DASHBOARD_SCRIPT,
  dashboardLiveSections,
  dashboardPage,
  errorPage,
  homePage,
  STYLES,
  teamPage,
  type DashboardView,
  type Flash,
  type MembersView,
  type OrganizationTokenView,
} from "./views.ts";

export interface CustomerAppOptions {
  /** Guildhall's issuer, e.g. http://localhost:3000/oidc. */
  issuer: string;
  /** Client id and secret of the app's "Traditional" application in Guildhall. */
  clientId: string;
  clientSecret: string;
  /** Where this app is reachable, e.g. http://localhost:4000 (redirect URIs derive from it). */
  baseUrl: string;
  /** Encrypts the session cookie; at least 32 characters. */
  sessionSecret: string;
  /**
   * Guildhall's base URL as the browser reaches it: the Team page calls its organization API
   * (`/api/my`) from there. Default: the issuer without `/oidc`.
   */
  guildhallUrl?: string;
  /**
   * Verifies organization tokens at /api. Default: Guildhall's JWKS at `${issuer}/jwks` and,
   * with `management`, a membership freshness monitor on Guildhall's event stream, so a token
   * issued before its holder's roles changed is refused (`token_stale`).
   */
  verifier?: OrganizationTokenVerifier;
  /**
   * A machine-to-machine application with Management API access, which removes members in
   * Guildhall once a user's organization token allows it. Without it, removing is refused
   * with a message saying what to configure.
   */
  management?: Omit<ManagementApiOptions, "issuer">;
  /** Stands in for the Management API client (tests). */
  directory?: MemberDirectory;
  /**
   * Guildhall's event stream, relayed to open pages at `GET /events`. Default, with
   * `management`: `$MANAGEMENT_API/events/stream`, authenticated as that application.
   */
  membershipEvents?: MembershipEventStream;
}

/** The Express app, plus `shutdown()`, which closes its connections to Guildhall's event stream. */
export type CustomerApp = Express & { shutdown(): void };

/** What `GET /events` sends a page: one of the signed-in user's role changes. */
export interface RolesChangedMessage {
  organizationId: string;
  /** The organization's name when the Management API gave it, else its id. */
  organization: string;
  before: string[];
  after: string[];
  removed: boolean;
}

/** What the encrypted session cookie holds. */
interface Session {
  user: SessionUser;
  refreshToken: string;
  /** For `id_token_hint` at sign-out; dropped if the cookie would grow too large. */
  idToken?: string;
  /**
   * The user's (opaque) OIDC access token, for the Team page's calls to Guildhall's user
   * routes; kept so that most of its requests need no refresh (each refresh rotates the
   * refresh token). `expiresAt` in milliseconds.
   */
  accessToken?: { value: string; expiresAt: number };
  csrf: string;
  organizationId?: string;
  flash?: Flash;
}

/** The authorization request in flight, between /login and /callback. */
interface AuthTransaction {
  state: string;
  codeVerifier: string;
  /** Signing in again for one organization (e.g. to enrol the MFA it requires): select it after. */
  organizationId?: string;
}

/** Guildhall ids are cuid-like; anything else is not passed on to the authorization request. */
const ORGANIZATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

const SESSION_MAX_AGE = 14 * 24 * 3600; // Guildhall's default refresh token lifetime
/** An access token handed to the page lives at least this long; otherwise the app gets a new one. */
const ACCESS_TOKEN_MIN_REMAINING_MS = 60_000;
const TRANSACTION_MAX_AGE = 10 * 60;
const MAX_COOKIE_LENGTH = 3800; // browsers keep about 4 KB per cookie, name and attributes included

const NOTICES = new Map([
  ["expired", "Your Guildhall session ended. Sign in again to continue."],
  ["signed-out", "You are signed out."],
]);

function formValue(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value.trim() : "";
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function refusal(oauth: OAuthError, organizationId: string, permission?: string): string {
  const detail = oauth.description ? ` Guildhall said: ${oauth.description}` : "";
  switch (oauth.error) {
    case "access_denied":
      if (/multi-factor/i.test(oauth.description ?? ""))
        return `${organizationId} requires two-step verification, and your account has no second factor yet. Sign in again for this organization: Guildhall will help you set one up.`;
      return permission
        ? `You don't have ${permission} in organization ${organizationId}.${detail}`
        : `Guildhall refused an organization token for ${organizationId}: you may no longer be a member.${detail}`;
    case "insufficient_scope":
      return `This sign-in was not granted access to your organizations. Sign out and sign in again.${detail}`;
    default:
      return `Guildhall refused an organization token for ${organizationId} (${oauth.error}).${detail}`;
  }
}

/** What the session keeps of a token response's access token. */
function accessTokenOf(tokens: { access_token: string; expires_in?: number | undefined }): {
  accessToken?: { value: string; expiresAt: number };
} {
  if (!tokens.access_token) return {};
  return {
    accessToken: {
      value: tokens.access_token,
      expiresAt: Date.now() + (tokens.expires_in ?? 0) * 1000,
    },
  };
}

/**
 * The example customer app: a server-rendered "Traditional" web app that signs users in with
 * Guildhall (openid-client: discovery, authorization code + PKCE + state, client_secret_basic),
 * shows their organizations from the ID token, gets organization tokens, and serves an API
 * (`POST /api/members/remove`) that verifies them with `@guildhall/org-token`.
 */
export function createCustomerApp(options: CustomerAppOptions): CustomerApp {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const issuer = options.issuer.replace(/\/+$/, "");
  const redirectUri = `${baseUrl}/callback`;
  const postLogoutRedirectUri = `${baseUrl}/`;
  const secure = baseUrl.startsWith("https:");
  // Browsers share cookies across ports of one host: the names must not clash with Guildhall's.
  const prefix = secure ? "__Host-" : "";
  const SESSION_COOKIE = `${prefix}customer_app_session`;
  const TRANSACTION_COOKIE = `${prefix}customer_app_auth`;

  const guildhallUrl = (options.guildhallUrl ?? issuer.replace(/\/oidc$/, "")).replace(/\/+$/, "");
  const sealer = createCookieSealer(options.sessionSecret);
  const rotations = createRefreshRotations();
  const teamBundle = createTeamBundle();
  const guildhall = createGuildhallClient({
    issuer,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
  });
  const management = options.management
    ? createManagementApiClient({ issuer, ...options.management })
    : undefined;
  const directory = options.directory ?? management;
  const managementUrl = options.management
    ? (options.management.url ?? options.management.resource).replace(/\/+$/, "")
    : undefined;
  const streamUrl = managementUrl && `${managementUrl}/events/stream`;
  const membershipEvents =
    options.membershipEvents ??
    (management && streamUrl
      ? createMembershipEventStream({
          streamUrl,
          getAccessToken: (renew) => management.accessToken(renew),
        })
      : undefined);
  // The verifier's own subscription: it must follow every change, whether or not a page is open.
  const freshness =
    !options.verifier && management && streamUrl
      ? createMembershipFreshness({ streamUrl, getAccessToken: () => management.accessToken() })
      : undefined;
  const verifier =
    options.verifier ??
    createOrganizationTokenVerifier({
      issuer,
      jwksUri: `${issuer}/jwks`,
      ...(freshness ? { freshness } : {}),
    });

  const cookieOptions = (maxAgeSeconds: number) =>
    ({ httpOnly: true, secure, sameSite: "lax", path: "/", maxAge: maxAgeSeconds * 1000 }) as const;

  function readSession(req: Request): Session | undefined {
    return sealer.open<Session>(
      SESSION_COOKIE,
      parseCookieHeader(req.headers.cookie).get(SESSION_COOKIE),
    );
  }
  function writeSession(res: Response, session: Session) {
    let sealed = sealer.seal(SESSION_COOKIE, session, SESSION_MAX_AGE);
    if (sealed.length > MAX_COOKIE_LENGTH && session.idToken) {
      // Users in very many organizations: sign-out then identifies the app by client_id only.
      delete session.idToken;
      sealed = sealer.seal(SESSION_COOKIE, session, SESSION_MAX_AGE);
    }
    if (sealed.length > MAX_COOKIE_LENGTH && session.accessToken) {
      // Then the Team page refreshes for each access token it needs.
      delete session.accessToken;
      sealed = sealer.seal(SESSION_COOKIE, session, SESSION_MAX_AGE);
    }
    res.cookie(SESSION_COOKIE, sealed, cookieOptions(SESSION_MAX_AGE));
  }
  function clearSession(res: Response) {
    res.clearCookie(SESSION_COOKIE, { path: "/", secure, httpOnly: true, sameSite: "lax" });
  }
  function csrfOk(session: Session, req: Request): boolean {
    return sameSecret(formValue(req, "_csrf"), session.csrf);
  }
  function sendHtml(res: Response, status: number, body: string) {
    res.status(status).type("html").send(body);
  }
  function forbidden(res: Response, session?: Session) {
    sendHtml(
      res,
      403,
      errorPage({
        title: "Request refused",
        message: "This form has expired. Go back, reload the page and try again.",
        user: session?.user,
        csrf: session?.csrf,
      }),
    );
  }

  /** Pages may connect to the app itself; the Team page also to Guildhall's organization API. */
  const contentSecurityPolicy = (connectSrc: string) =>
    `default-src 'none'; style-src 'self'; script-src 'self'; connect-src ${connectSrc}; form-action 'self' ${new URL(issuer).origin}; frame-ancestors 'none'; base-uri 'none'`;

  const app = express();
  app.disable("x-powered-by");
  app.use((_req, res, next) => {
    res.set({
      "Content-Security-Policy": contentSecurityPolicy("'self'"),
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
    });
    next();
  });

  // The app's own API: Bearer organization tokens only, no cookies.
  app.use("/api", createMembersApi(verifier, directory));

  app.use(express.urlencoded({ extended: false, limit: "16kb" }));

  app.get("/styles.css", (_req, res) => {
    res.set("Cache-Control", "public, max-age=300").type("css").send(STYLES);
  });
  // A file, not an inline script: the Content-Security-Policy allows scripts from 'self' only.
  app.get("/dashboard.js", (_req, res) => {
    res.set("Cache-Control", "public, max-age=300").type("js").send(DASHBOARD_SCRIPT);
  });

  app.get("/", (req, res) => {
    const session = readSession(req);
    const notice = typeof req.query.notice === "string" ? NOTICES.get(req.query.notice) : undefined;
    sendHtml(res, 200, homePage({ user: session?.user, csrf: session?.csrf, notice }));
  });

  app.get("/login", async (req, res) => {
    let config: client.Configuration;
    try {
      config = await guildhall.configuration();
    } catch (error) {
      console.error("[customer-app] OIDC discovery failed", error);
      sendHtml(
        res,
        502,
        errorPage({
          title: "Guildhall is unreachable",
          message: `Could not load the OpenID configuration of ${issuer}. Is Guildhall running?`,
        }),
      );
      return;
    }
    const organizationId =
      typeof req.query.organization_id === "string" &&
      ORGANIZATION_ID.test(req.query.organization_id)
        ? req.query.organization_id
        : undefined;
    const transaction: AuthTransaction = {
      state: client.randomState(),
      codeVerifier: client.randomPKCECodeVerifier(),
      ...(organizationId ? { organizationId } : {}),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: SIGN_IN_SCOPES,
      code_challenge: await client.calculatePKCECodeChallenge(transaction.codeVerifier),
      code_challenge_method: "S256",
      state: transaction.state,
      // Refresh tokens (offline_access) are only issued with prompt=consent (OIDC Core 11);
      // Guildhall skips the consent screen for first-party apps.
      prompt: "consent",
      // For one organization: Guildhall shows its branding and, when it requires MFA and the
      // user has no second factor yet, has them enrol one before coming back.
      ...(organizationId ? { organization_id: organizationId } : {}),
    });
    res.cookie(
      TRANSACTION_COOKIE,
      sealer.seal(TRANSACTION_COOKIE, transaction, TRANSACTION_MAX_AGE),
      cookieOptions(TRANSACTION_MAX_AGE),
    );
    res.redirect(303, url.href);
  });

  app.get("/callback", async (req, res) => {
    const transaction = sealer.open<AuthTransaction>(
      TRANSACTION_COOKIE,
      parseCookieHeader(req.headers.cookie).get(TRANSACTION_COOKIE),
    );
    res.clearCookie(TRANSACTION_COOKIE, { path: "/", secure, httpOnly: true, sameSite: "lax" });
    if (!transaction) {
      sendHtml(
        res,
        400,
        errorPage({
          title: "Sign-in expired",
          message:
            "This sign-in took too long or was started in another browser. Please sign in again.",
        }),
      );
      return;
    }
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(
        await guildhall.configuration(),
        new URL(req.originalUrl, baseUrl),
        {
          pkceCodeVerifier: transaction.codeVerifier,
          expectedState: transaction.state,
          idTokenExpected: true,
        },
      );
    } catch (error) {
      const oauth = oauthErrorOf(error);
      if (!oauth) throw error;
      const message =
        oauth.error === "access_denied"
          ? "Sign-in was cancelled or not allowed."
          : `Guildhall could not sign you in (${oauth.error}${oauth.description ? `: ${oauth.description}` : ""}).`;
      sendHtml(res, 400, errorPage({ title: "Sign-in failed", message }));
      return;
    }
    const claims = tokens.claims();
    if (!claims || !tokens.refresh_token) {
      sendHtml(
        res,
        502,
        errorPage({
          title: "Sign-in failed",
          message: "Guildhall did not return an ID token and a refresh token.",
        }),
      );
      return;
    }
    const session: Session = {
      user: sessionUserFromClaims(claims),
      refreshToken: tokens.refresh_token,
      csrf: randomBytes(32).toString("base64url"),
      ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
      ...(transaction.organizationId ? { organizationId: transaction.organizationId } : {}),
      ...accessTokenOf(tokens),
    };
    writeSession(res, session);
    res.redirect(303, "/dashboard");
  });

  /**
   * Everything the dashboard shows for a session: its organizations, a fresh organization token
   * for the selected one (with its raw value, which the page's script sends to the API) and,
   * when that token allows removing members, the members. `expired` when Guildhall no longer
   * honours the refresh token.
   */
  async function dashboardView(session: Session): Promise<DashboardView | "expired"> {
    const organizations = organizationsOf(session.user);
    const selected = organizations.find((o) => o.id === session.organizationId);
    let token: OrganizationTokenView | undefined;
    let members: MembersView | undefined;
    if (selected) {
      try {
        // No scope: the token carries every permission the user holds in the organization.
        const { value: issued } = await rotations.use(session.refreshToken, (token) =>
          guildhall.organizationToken(token, selected.id),
        );
        const claims = decodeJwtPayload(issued.accessToken) ?? {};
        const scopes = issued.scope.split(" ").filter(Boolean);
        token = {
          organizationId: selected.id,
          result: { ok: true, claims, scopes, accessToken: issued.accessToken },
        };
        if (scopes.includes(REMOVE_MEMBER_PERMISSION) && management) {
          members = await management
            .listMembers(selected.id)
            .then((list): MembersView => ({ ok: true, members: list }))
            .catch((error: unknown): MembersView => {
              console.error("[customer-app] listing members failed", error);
              return { ok: false };
            });
        }
      } catch (error) {
        const oauth = oauthErrorOf(error);
        if (!oauth) throw error;
        // The refresh token expired or was revoked (e.g. signed out in Guildhall).
        if (oauth.error === "invalid_grant") return "expired";
        token = {
          organizationId: selected.id,
          result: {
            ok: false,
            message: refusal(oauth, selected.id),
            // Signing in again for this organization is how a user satisfies its MFA
            // requirement: Guildhall asks them to enrol a second factor on the way.
            ...(oauth.error === "access_denied"
              ? { retryHref: `/login?organization_id=${encodeURIComponent(selected.id)}` }
              : {}),
          },
        };
      }
    }
    return {
      user: session.user,
      csrf: session.csrf,
      organizations,
      selected,
      token,
      members,
      canRemoveMembers: directory !== undefined,
      liveUpdates: membershipEvents !== undefined,
    };
  }

  app.get("/dashboard", async (req, res) => {
    const session = readSession(req);
    if (!session) {
      res.redirect(303, "/");
      return;
    }
    const view = await dashboardView(session);
    if (view === "expired") {
      clearSession(res);
      res.redirect(303, "/?notice=expired");
      return;
    }
    const { flash } = session;
    if (flash) {
      delete session.flash;
      writeSession(res, session);
    }
    sendHtml(res, 200, dashboardPage({ ...view, flash }));
  });

  /**
   * The page's silent refresh, after Guildhall reported a change of the user's roles or the API
   * refused a token as stale: a new ID token (current organizations and roles; Guildhall
   * rotates the refresh token) and a new organization token, as the dashboard's live sections.
   * A fetch from the page's script, so the CSRF token comes in a header.
   */
  app.post("/dashboard/refresh", async (req, res) => {
    const session = readSession(req);
    if (!session) {
      res.status(401).json({ error: "signed_out" });
      return;
    }
    if (!sameSecret(req.get("x-csrf-token") ?? "", session.csrf)) {
      res.status(403).json({ error: "invalid_csrf_token" });
      return;
    }
    try {
      await refreshIdentity(session);
    } catch (error) {
      if (!oauthErrorOf(error)) throw error;
      clearSession(res);
      res.status(401).json({ error: "session_expired" });
      return;
    }
    const view = await dashboardView(session);
    if (view === "expired") {
      clearSession(res);
      res.status(401).json({ error: "session_expired" });
      return;
    }
    writeSession(res, session);
    res.json({ html: dashboardLiveSections(view).value });
  });

  /**
   * Server-Sent Events for the signed-in user's open pages: each change of their roles that
   * Guildhall's event stream reports (one upstream subscription for the whole app), and
   * nothing about anyone else. 204 (browsers then stop retrying) when the app has no
   * Management API client to subscribe with.
   */
  const organizationNames = new Map<string, string>();
  async function organizationName(organizationId: string): Promise<string> {
    const known = organizationNames.get(organizationId);
    if (known !== undefined || !management) return known ?? organizationId;
    try {
      const name = await management.organizationName(organizationId);
      organizationNames.set(organizationId, name);
      return name;
    } catch {
      return organizationId; // a name is a nicety: the change is worth telling without it
    }
  }

  app.get("/events", (req, res) => {
    const session = readSession(req);
    if (!session) {
      res.status(401).json({ error: "signed_out" });
      return;
    }
    if (!membershipEvents) {
      res.status(204).end();
      return;
    }
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      // Proxies such as nginx would otherwise hold the frames back.
      "X-Accel-Buffering": "no",
    });
    res.write("retry: 5000\n\n");
    // Names are looked up per change; the chain keeps the frames in the order of the changes.
    let sent = Promise.resolve();
    const unsubscribe = membershipEvents.subscribe(
      session.user.sub,
      (change: MembershipRolesChange) => {
        sent = sent.then(async () => {
          const message: RolesChangedMessage = {
            organizationId: change.organizationId,
            organization: await organizationName(change.organizationId),
            before: change.before.map((r) => r.name),
            after: change.after.map((r) => r.name),
            removed: change.removed,
          };
          res.write(`event: roles-changed\ndata: ${JSON.stringify(message)}\n\n`);
        });
      },
    );
    // A comment now and then keeps idle proxies from closing the connection.
    const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), 20_000);
    heartbeat.unref();
    req.on("close", () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  app.post("/organization", (req, res) => {
    const session = readSession(req);
    if (!session) return res.redirect(303, "/");
    if (!csrfOk(session, req)) return forbidden(res, session);
    const organizationId = formValue(req, "organizationId");
    if (organizationsOf(session.user).some((o) => o.id === organizationId)) {
      session.organizationId = organizationId;
    } else {
      session.flash = { kind: "error", message: "You are not a member of that organization." };
    }
    writeSession(res, session);
    res.redirect(303, "/dashboard");
  });

  app.post("/refresh", async (req, res) => {
    const session = readSession(req);
    if (!session) return res.redirect(303, "/");
    if (!csrfOk(session, req)) return forbidden(res, session);
    try {
      await refreshIdentity(session);
      session.flash = { kind: "success", message: "Organizations reloaded." };
    } catch (error) {
      const oauth = oauthErrorOf(error);
      if (!oauth) throw error;
      clearSession(res);
      return res.redirect(303, "/?notice=expired");
    }
    writeSession(res, session);
    res.redirect(303, "/dashboard");
  });

  /**
   * A plain refresh (no organization_id): a new ID token with the user's current organizations
   * and roles, and a new access token. Guildhall rotates the refresh token, so the session must
   * be written after; requests racing with the same refresh token share one refresh.
   */
  async function refreshIdentity(session: Session): Promise<void> {
    const refreshed = await rotations.rotate(session.refreshToken, async (refreshToken) => {
      const tokens = await client.refreshTokenGrant(await guildhall.configuration(), refreshToken);
      return {
        refreshToken: tokens.refresh_token,
        idToken: tokens.id_token,
        claims: tokens.claims(),
        ...accessTokenOf(tokens),
      };
    });
    if (refreshed.claims) session.user = sessionUserFromClaims(refreshed.claims);
    if (refreshed.refreshToken) session.refreshToken = refreshed.refreshToken;
    if (refreshed.idToken) session.idToken = refreshed.idToken;
    if (refreshed.accessToken) session.accessToken = refreshed.accessToken;
  }

  /**
   * The session of a token request from the Team page's script (a fetch: the CSRF token comes
   * in a header), or undefined once refused with a JSON error.
   */
  function tokenRequestSession(req: Request, res: Response): Session | undefined {
    const session = readSession(req);
    if (!session) {
      res.status(401).json({ error: "signed_out", error_description: "Sign in to the app first." });
      return undefined;
    }
    if (!sameSecret(req.get("x-csrf-token") ?? "", session.csrf)) {
      res.status(403).json({
        error: "invalid_csrf_token",
        error_description:
          "Send the page's CSRF token in X-CSRF-Token; reload the page if it expired.",
      });
      return undefined;
    }
    return session;
  }

  /** Why Guildhall gave no token, as JSON for the page (which shows `error_description`). */
  function tokenRefusal(res: Response, error: unknown): void {
    const oauth = oauthErrorOf(error);
    if (!oauth) {
      console.error("[customer-app] token request to Guildhall failed", error);
      res.status(502).json({
        error: "guildhall_unavailable",
        error_description: "Guildhall could not be reached. Try again in a moment.",
      });
      return;
    }
    if (oauth.error === "invalid_grant") {
      // The refresh token expired or was revoked (e.g. signed out in Guildhall).
      clearSession(res);
      res.status(401).json({
        error: "session_expired",
        error_description: "Your Guildhall session ended. Sign in again.",
      });
      return;
    }
    const refused = oauth.error === "access_denied" || oauth.error === "insufficient_scope";
    res.status(refused ? 403 : 502).json({
      error: oauth.error,
      error_description: oauth.description ?? `Guildhall refused the token (${oauth.error}).`,
    });
  }

  /**
   * The Team page's organization token: the refresh token grant with `organization_id` (all
   * the permissions the user's roles give them there). Guildhall refuses non-members (403).
   */
  app.get("/session/organization-token", async (req, res) => {
    const session = tokenRequestSession(req, res);
    if (!session) return;
    const organizationId =
      typeof req.query.organization_id === "string" ? req.query.organization_id : "";
    if (!ORGANIZATION_ID.test(organizationId)) {
      res.status(400).json({
        error: "invalid_request",
        error_description: "Give organization_id, the id of one of your organizations.",
      });
      return;
    }
    try {
      const { value: issued, refreshToken } = await rotations.use(session.refreshToken, (token) =>
        guildhall.organizationToken(token, organizationId),
      );
      // Sent before the browser saw a rotated refresh token: the session gets the newest one.
      if (refreshToken !== session.refreshToken) {
        session.refreshToken = refreshToken;
        writeSession(res, session);
      }
      res.json({
        access_token: issued.accessToken,
        token_type: "Bearer",
        scope: issued.scope,
        ...(issued.expiresIn === undefined ? {} : { expires_in: issued.expiresIn }),
      });
    } catch (error) {
      tokenRefusal(res, error);
    }
  });

  /**
   * The Team page's access token for Guildhall's user routes (the user's organizations,
   * creating one): the session's while it lives a while yet, else a plain refresh's, with the
   * scopes the user granted at sign-in.
   */
  app.get("/session/access-token", async (req, res) => {
    const session = tokenRequestSession(req, res);
    if (!session) return;
    const remaining = (session.accessToken?.expiresAt ?? 0) - Date.now();
    if (remaining < ACCESS_TOKEN_MIN_REMAINING_MS) {
      try {
        await refreshIdentity(session);
      } catch (error) {
        tokenRefusal(res, error);
        return;
      }
      writeSession(res, session);
    }
    const token = session.accessToken;
    if (!token) {
      res.status(502).json({
        error: "no_access_token",
        error_description: "Guildhall issued no access token. Sign in again.",
      });
      return;
    }
    res.json({
      access_token: token.value,
      token_type: "Bearer",
      expires_in: Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000)),
    });
  });

  /**
   * Members, invitations and new organizations, run by the user in the browser with
   * `@guildhall/react`: Guildhall's organization API answers, the template's built-in
   * permissions decide. This app holds no Management API credential for it.
   */
  app.get("/team", (req, res) => {
    const session = readSession(req);
    if (!session) return res.redirect(303, "/");
    const requested =
      typeof req.query.organization_id === "string" &&
      ORGANIZATION_ID.test(req.query.organization_id)
        ? req.query.organization_id
        : session.organizationId;
    res.set(
      "Content-Security-Policy",
      contentSecurityPolicy(`'self' ${new URL(guildhallUrl).origin}`),
    );
    sendHtml(
      res,
      200,
      teamPage({ user: session.user, csrf: session.csrf, guildhallUrl, organizationId: requested }),
    );
  });

  app.get("/team.js", async (_req, res) => {
    let script: string;
    try {
      script = await teamBundle.script();
    } catch (error) {
      console.error("[customer-app] bundling the Team page failed", error);
      res.status(500).type("text/plain").send("The Team page's script could not be built.");
      return;
    }
    res.set("Cache-Control", "no-cache").type("js").send(script);
  });

  app.get("/remove-member", (req, res) => {
    const session = readSession(req);
    if (!session) return res.redirect(303, "/");
    const userId = typeof req.query.userId === "string" ? req.query.userId.trim() : "";
    const organizationId = session.organizationId;
    if (!userId || !organizationId) return res.redirect(303, "/dashboard");
    sendHtml(
      res,
      200,
      confirmRemovePage({ user: session.user, csrf: session.csrf, organizationId, userId }),
    );
  });

  app.post("/remove-member", async (req, res) => {
    const session = readSession(req);
    if (!session) return res.redirect(303, "/");
    if (!csrfOk(session, req)) return forbidden(res, session);
    const userId = formValue(req, "userId");
    const organizationId = session.organizationId;
    if (!organizationId || !userId) {
      session.flash = {
        kind: "error",
        message: "Choose an organization and enter the member's user id.",
      };
    } else {
      session.flash = await removeMember(session, organizationId, userId);
    }
    writeSession(res, session);
    res.redirect(303, "/dashboard");
  });

  /**
   * Gets a token narrowed to remove:member, then calls the app's own API with it. When the API
   * answers `token_stale` (the user's roles changed between the two), once more with a new token.
   */
  async function removeMember(
    session: Session,
    organizationId: string,
    userId: string,
  ): Promise<Flash> {
    /** One call of the API with a new token, or why Guildhall issued none. */
    async function call(): Promise<globalThis.Response | Flash> {
      let accessToken: string;
      try {
        ({
          value: { accessToken },
        } = await rotations.use(session.refreshToken, (token) =>
          guildhall.organizationToken(token, organizationId, REMOVE_MEMBER_PERMISSION),
        ));
      } catch (error) {
        const oauth = oauthErrorOf(error);
        if (!oauth) throw error;
        return {
          kind: "error",
          message: refusal(oauth, organizationId, REMOVE_MEMBER_PERMISSION),
        };
      }
      return fetch(`${baseUrl}/api/members/remove`, {
        method: "POST",
        headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
        body: JSON.stringify({ organizationId, userId }),
      });
    }
    let response = await call();
    if (response instanceof globalThis.Response && (await isStale(response)))
      response = await call();
    if (!(response instanceof globalThis.Response)) return response;
    if (response.ok) {
      const result = (await response.json()) as RemoveMemberResult;
      return {
        kind: "success",
        message: `Removed ${result.userId} from organization ${result.organizationId} in Guildhall. The API verified the organization token of ${result.removedBy}.`,
      };
    }
    const body = (await response.json().catch(() => ({}))) as {
      error?: string;
      error_description?: string;
    };
    return {
      kind: "error",
      message: `The API refused the removal (${response.status} ${body.error ?? "error"}): ${body.error_description ?? response.statusText}.`,
    };
  }

  /** A 401 `token_stale` from the app's API (read from a clone, so the body stays readable). */
  async function isStale(response: globalThis.Response): Promise<boolean> {
    if (response.status !== 401) return false;
    const body = (await response
      .clone()
      .json()
      .catch(() => ({}))) as { error?: unknown };
    return body.error === TOKEN_STALE_ERROR;
  }

  app.post("/logout", async (req, res) => {
    const session = readSession(req);
    if (session && !csrfOk(session, req)) return forbidden(res, session);
    clearSession(res);
    let config: client.Configuration;
    try {
      config = await guildhall.configuration();
    } catch {
      return res.redirect(303, "/?notice=signed-out");
    }
    // RP-initiated logout: Guildhall ends its session, then sends the browser back here.
    const url = client.buildEndSessionUrl(config, {
      post_logout_redirect_uri: postLogoutRedirectUri,
      ...(session?.idToken ? { id_token_hint: session.idToken } : {}),
    });
    res.redirect(303, url.href);
  });

  app.use((req, res) => {
    const session = readSession(req);
    sendHtml(
      res,
      404,
      errorPage({
        title: "Page not found",
        message: "There is nothing at this address.",
        user: session?.user,
        csrf: session?.csrf,
      }),
    );
  });

  const onError: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    console.error("[customer-app]", error);
    if (res.headersSent) return next(error);
    sendHtml(
      res,
      500,
      errorPage({
        title: "Something went wrong",
        message: "The app could not complete this request. Try again in a moment.",
      }),
    );
  };
  app.use(onError);
  return Object.assign(app, {
    shutdown() {
      membershipEvents?.close();
      freshness?.close();
    },
  });
}
