import type { ConsoleRole } from "@guildhall/validators";

/** What invitations lead into: one organization, or the console itself (admins only). */
export type InvitationScope =
  { kind: "organization"; organization: { id: string; name: string } } | { kind: "console" };

export const CONSOLE_ROLE_LABELS: Record<ConsoleRole, string> = {
  admin: "Admin",
  collaborator: "Collaborator",
};

/** "Acme" or "the console", as it reads in a sentence. */
export function scopeName(scope: InvitationScope): string {
  return scope.kind === "organization" ? scope.organization.name : "the console";
}
