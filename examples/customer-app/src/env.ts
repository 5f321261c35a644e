import { randomBytes } from "node:crypto";

export interface CustomerAppEnv {
  issuer: string;
  clientId: string;
  clientSecret: string;
  port: number;
  baseUrl: string;
  sessionSecret: string;
  /** True when SESSION_SECRET was not set and a random one is used for this process. */
  generatedSessionSecret: boolean;
  /**
   * The machine-to-machine application that removes members through Guildhall's Management
   * API (MANAGEMENT_CLIENT_ID/SECRET); undefined when not set.
   */
  management?: { clientId: string; clientSecret: string; resource: string };
}

export class EnvError extends Error {
  override readonly name = "EnvError";
}

function url(name: string, value: string): string {
  try {
    return new URL(value).href.replace(/\/+$/, "");
  } catch {
    throw new EnvError(`${name} must be a full URL, got ${JSON.stringify(value)}`);
  }
}

/** The one place that reads `process.env` (the app itself takes options). */
export function readEnv(env: NodeJS.ProcessEnv = process.env): CustomerAppEnv {
  const missing = (["CLIENT_ID", "CLIENT_SECRET"] as const).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new EnvError(
      `Set ${missing.join(" and ")}: register a Traditional application in the Guildhall console (see examples/customer-app/README.md).`,
    );
  }
  const port = Number(env.PORT ?? "4000");
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new EnvError(`PORT must be a port number, got ${JSON.stringify(env.PORT)}`);
  const secret = env.SESSION_SECRET;
  if (secret !== undefined && secret.length < 32)
    throw new EnvError("SESSION_SECRET must be at least 32 characters long.");
  const issuer = url("GUILDHALL_ISSUER", env.GUILDHALL_ISSUER ?? "http://localhost:3000/oidc");
  const managementVars = ["MANAGEMENT_CLIENT_ID", "MANAGEMENT_CLIENT_SECRET"] as const;
  const managementSet = managementVars.filter((name) => env[name]);
  if (managementSet.length === 1)
    throw new EnvError(
      `Set both ${managementVars.join(" and ")} (a machine-to-machine application with Management API access), or neither.`,
    );
  return {
    issuer,
    clientId: env.CLIENT_ID ?? "",
    clientSecret: env.CLIENT_SECRET ?? "",
    port,
    baseUrl: url("APP_BASE_URL", env.APP_BASE_URL ?? `http://localhost:${port}`),
    sessionSecret: secret ?? randomBytes(32).toString("base64url"),
    generatedSessionSecret: secret === undefined,
    ...(managementSet.length === 2
      ? {
          management: {
            clientId: env.MANAGEMENT_CLIENT_ID ?? "",
            clientSecret: env.MANAGEMENT_CLIENT_SECRET ?? "",
            // Guildhall's issuer is $BASE_URL/oidc; the Management API is $BASE_URL/api.
            resource: url(
              "MANAGEMENT_API_RESOURCE",
              env.MANAGEMENT_API_RESOURCE ?? `${issuer.replace(/\/oidc$/, "")}/api`,
            ),
          },
        }
      : {}),
  };
}
