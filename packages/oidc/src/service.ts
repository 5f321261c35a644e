import { findUserAccessToken, type UserAccessToken } from "./access-tokens.ts";
import { hkdfSync } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  deleteExpiredAuthChallenges,
  deleteExpiredConsoleSessions,
  deleteExpiredSsoStates,
  ensureManagementApi,
  ensureSigningKey,
  loadSigningKeys,
  onApplicationChanged,
} from "@guildhall/core";
import { isFromTrustedProxy, trustNoProxy, type ProxyTrust } from "@guildhall/core/proxy-trust";
import type { Db } from "@guildhall/db";
import type Provider from "oidc-provider";
import { createAdapterClass, sweepExpiredOidcState } from "./adapter.ts";
import { createInteractionHandler } from "./interactions.ts";
import { createProvider } from "./provider.ts";
import { setSecurityHeaders } from "./security-headers.ts";

export interface OidcServiceOptions {
  db: Db;
  baseUrl: string;
  /** Instance secret: decrypts signing keys, derives cookie keys. */
  secret: string;
  /** next-auth secret, to recognise a user already signed in to Guildhall. */
  sessionSecret: string;
  /** How often to look for rotated signing keys (ms). */
  keyRefreshMs?: number;
  /**
   * Proxies whose X-Forwarded-Host/-Proto are believed (`parseTrustProxy(TRUST_PROXY)`).
   * Default none: every request is answered for `baseUrl`, whatever its headers say.
   */
  trustProxy?: ProxyTrust;
}

export interface OidcService {
  /** Handles /oidc/* and /interaction/*; returns false for anything else. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  provider(): Provider;
  /** Re-reads signing keys now (after a rotation). */
  reloadKeys(): Promise<void>;
  /** A user's opaque access token, if the provider issued it and it is still good (organization API). */
  findAccessToken(token: string): Promise<UserAccessToken | undefined>;
  close(): void;
}

/**
 * The OIDC side of Guildhall: the provider at /oidc and the interaction routes. Signing
 * keys are re-read periodically, so a rotation made by any process is picked up by all.
 */
export async function createOidcService(options: OidcServiceOptions): Promise<OidcService> {
  const { db, baseUrl, secret } = options;
  await ensureSigningKey(db, { secret });
  await ensureManagementApi(db, { baseUrl });
  const cookieKeys = [
    Buffer.from(hkdfSync("sha256", secret, "guildhall", "oidc-cookies", 32)).toString("base64url"),
  ];
  const trustProxy = options.trustProxy ?? trustNoProxy;
  const publicOrigin = new URL(baseUrl);

  // One adapter for every provider built here (they are rebuilt when keys rotate), so an
  // application changed in this process is forgotten at once.
  const adapter = createAdapterClass(db);
  const stopListening = onApplicationChanged((applicationId) =>
    adapter.forgetClient(applicationId),
  );

  let keyFingerprint = "";
  let current: Provider | undefined;
  let callback: ((req: IncomingMessage, res: ServerResponse) => unknown) | undefined;

  async function reloadKeys() {
    const keys = await loadSigningKeys(db, { secret });
    const fingerprint = keys.map((k) => k.kid).join(",");
    if (fingerprint === keyFingerprint && current) return;
    current = createProvider({
      db,
      baseUrl,
      keys,
      cookieKeys,
      adapter,
      sessionSecret: options.sessionSecret,
    });
    callback = current.callback();
    keyFingerprint = fingerprint;
  }
  await reloadKeys();

  const provider = () => {
    if (!current) throw new Error("OIDC provider not ready");
    return current;
  };
  const interactions = createInteractionHandler({
    db,
    provider,
    baseUrl,
    sessionSecret: options.sessionSecret,
  });
  const timer = setInterval(() => {
    reloadKeys().catch((e: unknown) => console.error("[oidc] key refresh failed", e));
    sweepExpiredOidcState(db).catch(() => undefined);
    deleteExpiredConsoleSessions(db).catch(() => undefined);
    deleteExpiredAuthChallenges(db).catch(() => undefined);
    deleteExpiredSsoStates(db).catch(() => undefined);
  }, options.keyRefreshMs ?? 60_000);
  timer.unref();

  /**
   * The provider runs with `proxy = true`, so it builds its endpoint URLs from
   * X-Forwarded-Host/-Proto. From anyone but a trusted proxy those headers are replaced by
   * BASE_URL's, so discovery and redirects always name Guildhall's own origin.
   */
  function pinOrigin(req: IncomingMessage) {
    if (isFromTrustedProxy(req, trustProxy)) return;
    req.headers["x-forwarded-host"] = publicOrigin.host;
    req.headers["x-forwarded-proto"] = publicOrigin.protocol.replace(/:$/, "");
    delete req.headers["x-forwarded-for"];
    delete req.headers.forwarded;
  }

  return {
    findAccessToken: (token) => findUserAccessToken(provider(), token),
    handle(req, res) {
      const url = req.url ?? "/";
      if (url.startsWith("/oidc") || url.startsWith("/interaction/")) pinOrigin(req);
      if (url === "/oidc" || url.startsWith("/oidc/") || url.startsWith("/oidc?")) {
        // Mounted under /oidc: the provider derives its mount path from originalUrl.
        (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
        req.url = url.slice("/oidc".length) || "/";
        setSecurityHeaders(res, baseUrl);
        void callback?.(req, res);
        return true;
      }
      if (url.startsWith("/interaction/")) {
        setSecurityHeaders(res, baseUrl);
        interactions(req, res, url.slice("/interaction/".length).split("?")[0] ?? "").catch(
          (error: unknown) => {
            console.error("[oidc] interaction failed", error);
            if (!res.headersSent) {
              res.statusCode = 400;
              res.setHeader("Content-Type", "text/plain; charset=utf-8");
              res.end(
                "This sign-in link has expired or is invalid. Go back to the application and try again.",
              );
            }
          },
        );
        return true;
      }
      return false;
    },
    provider,
    reloadKeys,
    close: () => {
      clearInterval(timer);
      stopListening();
    },
  };
}
