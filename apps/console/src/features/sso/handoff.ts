import "server-only";
import { isDomainError, open, seal, type SsoFinish } from "@guildhall/core";
import type { SignInStep } from "@guildhall/validators";
import { NextResponse } from "next/server";
import { instanceSecret } from "@/auth/account-flow";
import { publicBaseUrl } from "@/env";

/**
 * The browser that started an SSO sign-in keeps its state token in this cookie; the result
 * of the IdP's answer is sealed under that token, so only that browser can finish the
 * sign-in (no login CSRF: a victim sent an attacker's callback URL or SAML form holds another
 * token, or none). SameSite=Lax: it reaches the top-level GET of /sso/complete even after
 * the IdP's cross-site form post to the ACS.
 */
export const SSO_STATE_COOKIE = "guildhall.sso-state";
const COMPLETION = "sso-completion";
const TEST_RESULT = "sso-test-result";
const ERROR = "sso-error";

export interface SsoCompletion {
  step: SignInStep;
  callbackUrl: string;
}

export interface SsoTestResult {
  subject: string;
  claims: Record<string, unknown>;
}

function redirectTo(path: string, sealed: string): NextResponse {
  const url = new URL(path, publicBaseUrl());
  url.searchParams.set("r", sealed);
  // 303: after the ACS's POST the browser follows with a GET.
  return NextResponse.redirect(url, 303);
}

/** Sets the cookie naming the sign-in this browser started. */
export function withStateCookie(response: NextResponse, stateToken: string): NextResponse {
  response.cookies.set(SSO_STATE_COOKIE, stateToken, {
    httpOnly: true,
    sameSite: "lax",
    secure: publicBaseUrl().startsWith("https:"),
    path: "/sso",
    maxAge: 10 * 60,
  });
  return response;
}

/** Where the browser goes once core has handled the IdP's answer. */
export function finishedResponse(result: SsoFinish, stateToken: string): NextResponse {
  if (result.test) {
    const payload: SsoTestResult = { subject: result.subject, claims: result.claims };
    return redirectTo(
      "/sso/test-result",
      seal(JSON.stringify(payload), instanceSecret(), TEST_RESULT),
    );
  }
  const payload: SsoCompletion = { step: result.step, callbackUrl: result.callbackUrl };
  return redirectTo(
    "/sso/complete",
    seal(JSON.stringify(payload), `${instanceSecret()}:${stateToken}`, COMPLETION),
  );
}

/** The error page, with core's message (no stack, no secret: DomainError messages only). */
export function errorResponse(error: unknown, userMessage?: string): NextResponse {
  let message = userMessage ?? "Single sign-on failed. Try again in a moment.";
  if (isDomainError(error)) message = error.message;
  else if (!userMessage) console.error(error);
  return redirectTo("/sso/error", seal(message, instanceSecret(), ERROR));
}

/** Opens a completion with this browser's state token; null when it is not this browser's. */
export function openCompletion(
  sealed: unknown,
  stateToken: string | undefined,
): SsoCompletion | null {
  if (typeof sealed !== "string" || !stateToken) return null;
  try {
    return JSON.parse(
      open(sealed, `${instanceSecret()}:${stateToken}`, COMPLETION),
    ) as SsoCompletion;
  } catch {
    return null;
  }
}

export function openTestResult(sealed: unknown): SsoTestResult | null {
  if (typeof sealed !== "string") return null;
  try {
    return JSON.parse(open(sealed, instanceSecret(), TEST_RESULT)) as SsoTestResult;
  } catch {
    return null;
  }
}

export function openErrorMessage(sealed: unknown): string | null {
  if (typeof sealed !== "string") return null;
  try {
    return open(sealed, instanceSecret(), ERROR);
  } catch {
    return null;
  }
}
