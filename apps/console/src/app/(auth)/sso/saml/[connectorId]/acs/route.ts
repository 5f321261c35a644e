import { finishSamlSsoSignIn } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import { NextResponse, type NextRequest } from "next/server";
import { accountFlowOptions } from "@/auth/account-flow";
import { errorResponse, finishedResponse } from "@/features/sso/handoff";

/**
 * POST /sso/saml/{connectorId}/acs: the IdP's SAMLResponse, form-posted from the IdP's site
 * (cross-site by nature; no session cookie is read here, the RelayState names the sign-in).
 * Only form bodies: anything else is not the HTTP-POST binding.
 */
export async function POST(
  request: NextRequest,
  { params }: { params: Promise<{ connectorId: string }> },
) {
  const { connectorId } = await params;
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return NextResponse.json(
      { message: "The ACS accepts the SAML HTTP-POST binding (a form post) only." },
      { status: 415 },
    );
  }
  try {
    const form = await request.formData();
    const samlResponse = form.get("SAMLResponse");
    const relayState = form.get("RelayState");
    const result = await finishSamlSsoSignIn(
      getDb(),
      {
        connectorId,
        samlResponse: typeof samlResponse === "string" ? samlResponse : "",
        relayState: typeof relayState === "string" ? relayState : "",
      },
      await accountFlowOptions(),
    );
    return finishedResponse(result, typeof relayState === "string" ? relayState : "");
  } catch (error) {
    return errorResponse(error);
  }
}
