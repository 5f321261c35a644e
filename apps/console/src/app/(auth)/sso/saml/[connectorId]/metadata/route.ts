import { isDomainError, samlServiceProviderMetadata } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { NextRequest } from "next/server";
import { publicBaseUrl } from "@/env";

/** GET /sso/saml/{connectorId}/metadata: the SP metadata an IdP admin imports (XML). */
export async function GET(
  _request: NextRequest,
  { params }: { params: Promise<{ connectorId: string }> },
) {
  const { connectorId } = await params;
  try {
    const xml = await samlServiceProviderMetadata(getDb(), {
      connectorId,
      baseUrl: publicBaseUrl(),
    });
    return new Response(xml, {
      headers: { "content-type": "application/samlmetadata+xml; charset=utf-8" },
    });
  } catch (error) {
    if (isDomainError(error)) return new Response(error.message, { status: 404 });
    throw error;
  }
}
