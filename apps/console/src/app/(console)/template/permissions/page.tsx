import type { Metadata } from "next";
import { PermissionsPanel } from "@/features/template/permissions-panel";

export const metadata: Metadata = { title: "Permissions · Organization template" };

export default function PermissionsPage() {
  return <PermissionsPanel />;
}
