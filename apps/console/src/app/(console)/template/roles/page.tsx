import type { Metadata } from "next";
import { RolesPanel } from "@/features/template/roles-panel";

export const metadata: Metadata = { title: "Roles · Organization template" };

export default function RolesPage() {
  return <RolesPanel />;
}
