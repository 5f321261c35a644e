import type { Metadata } from "next";
import { ApiResourcesList } from "@/features/api-resources/api-resources-list";

export const metadata: Metadata = { title: "API resources" };

export default function ApiResourcesPage() {
  return <ApiResourcesList />;
}
