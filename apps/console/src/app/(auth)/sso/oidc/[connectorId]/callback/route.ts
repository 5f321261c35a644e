import { finishOidcSsoSignIn } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { NextRequest } from "next/server";
import { accountFlowOptions } from "@/auth/account-flow";
import { errorResponse, finishedResponse } from "@/features/sso/handoff";

/** GET /sso/oidc/{connectorId}/callback: the OIDC IdP's answer (code or error, and state). */
export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ connectorId: string }> },
) {
  const { connectorId } = await params;
  try {
    const result = await finishOidcSsoSignIn(
      getDb(),
      { connectorId, callbackUrlWithParams: request.nextUrl.href },
      await accountFlowOptions(),
    );
    return finishedResponse(result, request.nextUrl.searchParams.get("state") ?? "");
  } catch (error) {
    return errorResponse(error);
  }
}
