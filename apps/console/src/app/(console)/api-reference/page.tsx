import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { ApiReference } from "@/features/api-reference/api-reference";
import { OPENAPI_DOCUMENT_PATH } from "@/features/api-reference/scalar-configuration";

export const metadata: Metadata = { title: "API reference" };

export default function ApiReferencePage() {
  return (
    <>
      <PageHeader
        title="Management API reference"
        description={
          <>
            Every REST endpoint of this instance, with examples. To send requests from here, paste
            an access token of a machine-to-machine application with Management API access (see{" "}
            <Link href="/applications" className="text-primary underline">
              Applications
            </Link>
            ) under Authentication, then use Test Request. The document itself:{" "}
            <a href={OPENAPI_DOCUMENT_PATH} className="text-primary underline">
              {OPENAPI_DOCUMENT_PATH}
            </a>
            .
          </>
        }
      />
      <ApiReference />
    </>
  );
}
