import { startSsoSignIn } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import { NextResponse, type NextRequest } from "next/server";
import { accountFlowOptions } from "@/auth/account-flow";
import { getSessionUser } from "@/auth/session";
import { publicBaseUrl } from "@/env";
import { errorResponse, withStateCookie } from "@/features/sso/handoff";
import { postFormPage } from "@/features/sso/post-form";
import { safeCallbackUrl } from "@/lib/urls";

/**
 * GET /sso/{connectorId}/start?callbackUrl=…[&test=1]: off to the connector's IdP.
 * `test=1` (the console's "test connection") is for console members only.
 */
export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ connectorId: string }> },
) {
  const { connectorId } = await params;
  const query = request.nextUrl.searchParams;
  const callbackUrl = safeCallbackUrl(query.get("callbackUrl"), publicBaseUrl());
  const test = query.get("test") === "1";
  try {
    if (test && !(await getSessionUser())?.consoleRole) {
      return errorResponse(
        new Error("Testing a connector needs a console session: sign in to the console first."),
        "Testing a connector needs a console session: sign in to the console first.",
      );
    }
    const start = await startSsoSignIn(
      getDb(),
      { connectorId, callbackUrl, test },
      await accountFlowOptions(),
    );
    const response =
      "redirectUrl" in start
        ? NextResponse.redirect(start.redirectUrl, 303)
        : postFormPage(start.form, request.headers.get("content-security-policy"));
    return withStateCookie(response, start.stateToken);
  } catch (error) {
    return errorResponse(error);
  }
}
