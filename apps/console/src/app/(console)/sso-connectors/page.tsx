import type { Metadata } from "next";
import { SsoConnectorsList } from "@/features/sso-connectors/sso-connectors-list";

export const metadata: Metadata = { title: "Enterprise SSO" };

export default function SsoConnectorsPage() {
  return <SsoConnectorsList />;
}
