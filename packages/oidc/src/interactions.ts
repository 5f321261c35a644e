import type { IncomingMessage, ServerResponse } from "node:http";
import { CROSS_SITE_REQUEST_MESSAGE, isSameOriginRequest } from "@guildhall/core/web-security";
import type { Db } from "@guildhall/db";
import type Provider from "oidc-provider";
import { mfaEnrollmentRequired } from "@guildhall/core";
import { readSignedInSession } from "./console-session.ts";
import { requestedOrganizationId } from "./requested-organization.ts";
import { renderConsentPage } from "./consent-page.ts";
import { cspNonceOf } from "./security-headers.ts";

export interface InteractionOptions {
  db: Db;
  provider: () => Provider;
  /** Public base URL: form posts must come from its origin. */
  baseUrl: string;
  sessionSecret: string;
}

function redirect(res: ServerResponse, location: string) {
  res.statusCode = 303;
  res.setHeader("Location", location);
  res.end();
}

async function grantConsent(
  provider: Provider,
  details: Awaited<ReturnType<Provider["interactionDetails"]>>,
) {
  const { prompt, params, session } = details;
  const promptDetails = prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  const existingId = details.grantId;
  const grant =
    (existingId ? await provider.Grant.find(existingId) : undefined) ??
    new provider.Grant({ accountId: session?.accountId, clientId: String(params.client_id) });
  if (promptDetails.missingOIDCScope) grant.addOIDCScope(promptDetails.missingOIDCScope.join(" "));
  if (promptDetails.missingOIDCClaims) grant.addOIDCClaims(promptDetails.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(promptDetails.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(" "));
  }
  return grant.save();
}

/**
 * Sign-in and consent for OIDC authorization requests, at /interaction/<uid>.
 * Sign-in is Guildhall's own sign-in page (same account and session as the console);
 * first-party applications skip consent.
 */
export function createInteractionHandler({
  db,
  provider,
  baseUrl,
  sessionSecret,
}: InteractionOptions) {
  return async function handleInteraction(req: IncomingMessage, res: ServerResponse, path: string) {
    // Allow and Deny are form posts riding on the interaction cookie: from this site only (CSRF).
    const origin = req.headers.origin;
    const secFetchSite = req.headers["sec-fetch-site"];
    if (
      !isSameOriginRequest(
        {
          method: req.method ?? "GET",
          origin,
          secFetchSite: typeof secFetchSite === "string" ? secFetchSite : undefined,
        },
        baseUrl,
      )
    ) {
      res.statusCode = 403;
      res.setHeader("Content-Type", "text/plain; charset=utf-8");
      res.end(CROSS_SITE_REQUEST_MESSAGE);
      return;
    }
    const [uid, action] = path.split("/").filter(Boolean);
    if (!uid) return redirect(res, "/");
    const p = provider();
    const details = await p.interactionDetails(req, res);
    if (details.uid !== uid) return redirect(res, `/interaction/${details.uid}`);

    if (req.method === "POST" && action === "abort") {
      return p.interactionFinished(
        req,
        res,
        { error: "access_denied", error_description: "The user declined." },
        { mergeWithLastSubmission: false },
      );
    }

    if (details.prompt.name === "login") {
      // Null unless the console session is live and its user is not suspended.
      const session = await readSignedInSession(req, { db, secret: sessionSecret });
      const organizationId = requestedOrganizationId(details.params);
      if (!session) {
        const query = new URLSearchParams({ callbackUrl: `/interaction/${uid}` });
        if (organizationId) query.set("organization_id", organizationId);
        return redirect(res, `/sign-in?${query.toString()}`);
      }
      // The MFA policy, or the organization the app asked for, wants a second factor the
      // user does not have: enrol first, then come back here (organization tokens for an
      // organization that requires MFA are refused without one).
      if (await mfaEnrollmentRequired(db, { userId: session.userId, organizationId })) {
        const query = new URLSearchParams({ callbackUrl: `/interaction/${uid}` });
        if (organizationId) query.set("organization_id", organizationId);
        return redirect(res, `/account/mfa-setup?${query.toString()}`);
      }
      return p.interactionFinished(
        req,
        res,
        {
          login: {
            accountId: session.userId,
            ...(session.amr.length > 0 ? { amr: session.amr } : {}),
          },
        },
        { mergeWithLastSubmission: false },
      );
    }

    if (details.prompt.name === "consent") {
      const client = await p.Client.find(String(details.params.client_id));
      const firstParty =
        (client as unknown as Record<string, unknown> | undefined)?.[
          "urn:guildhall:first_party"
        ] === true;
      if (firstParty || (req.method === "POST" && action === "confirm")) {
        const grantId = await grantConsent(p, details);
        return p.interactionFinished(
          req,
          res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
      }
      res.statusCode = 200;
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(
        renderConsentPage({
          nonce: cspNonceOf(res),
          uid,
          clientName: client?.clientName ?? String(details.params.client_id),
          scopes: (typeof details.params.scope === "string" ? details.params.scope : "")
            .split(" ")
            .filter(Boolean),
        }),
      );
      return;
    }
    res.statusCode = 400;
    res.end(`Unsupported interaction prompt: ${details.prompt.name}`);
  };
}
