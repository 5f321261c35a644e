// The Management API reference: the OpenAPI document the API serves at /api/openapi.json,
// rendered on the server by features/api-reference.
import { getManagementApiDocument } from "@guildhall/api/rest";
import type { Metadata } from "next";
import { publicBaseUrl } from "@/env";
import { ApiReference } from "@/features/api-reference/api-reference";

export const metadata: Metadata = { title: "Management API reference" };
export const dynamic = "force-dynamic";

export default function ApiReferencePage() {
  return <ApiReference doc={getManagementApiDocument({ baseUrl: publicBaseUrl() })} />;
}
