import { MANAGEMENT_API_SCOPE, type ApplicationType } from "@guildhall/validators";

export const APPLICATION_TYPES: { type: ApplicationType; label: string; explanation: string }[] = [
  {
    type: "SPA",
    label: "Single-page app",
    explanation:
      "Runs in the browser (React, Vue, Angular). A public client: signs users in with PKCE, no secret.",
  },
  {
    type: "Traditional",
    label: "Traditional web",
    explanation:
      "Renders pages on a server (Next.js, Rails, Express). Keeps a client secret on the server.",
  },
  {
    type: "Native",
    label: "Native",
    explanation:
      "A mobile or desktop app. A public client: signs users in with PKCE through the system browser.",
  },
  {
    type: "MachineToMachine",
    label: "Machine-to-machine",
    explanation:
      "A service, script or job with no user. Gets tokens with its secret (client credentials); can be an organization member.",
  },
];

export function applicationTypeLabel(type: ApplicationType): string {
  return APPLICATION_TYPES.find((t) => t.type === type)?.label ?? type;
}

/** SPA and Native apps are public clients; the others hold secrets. */
export function hasSecrets(type: ApplicationType): boolean {
  return type === "Traditional" || type === "MachineToMachine";
}

/** The exact command that gets a Management API token for an M2M app. */
export function managementTokenCurl(
  baseUrl: string,
  clientId: string,
  secret = "<secret>",
): string {
  return `curl -u ${clientId}:${secret} -d grant_type=client_credentials -d resource=${baseUrl}/api -d scope=${MANAGEMENT_API_SCOPE} ${baseUrl}/oidc/token`;
}
