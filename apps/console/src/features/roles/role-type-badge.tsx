import { Badge } from "@/components/ui/badge";
import { ROLE_TYPE_LABELS, type RoleTypeValue } from "../template/role-type";

/** User roles are held by users, machine-to-machine roles by machine-to-machine applications. */
export function RoleTypeBadge({ type }: { type: RoleTypeValue }) {
  return <Badge tone={type === "User" ? "primary" : "neutral"}>{ROLE_TYPE_LABELS[type]}</Badge>;
}
