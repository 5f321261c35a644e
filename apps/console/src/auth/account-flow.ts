import "server-only";
import { clientIp, type AccountFlowOptions, type WebAuthnRp } from "@guildhall/core";
import { headers } from "next/headers";
import { publicBaseUrl, readEnv, type Env } from "@/env";
import { kickOutbox } from "@/features/invitations/outbox-worker";
import { webAuthnRp } from "@/lib/webauthn-rp";

/** GUILDHALL_SECRET: server.ts generates or loads it at boot, so it is missing only when misconfigured. */
export function instanceSecret(env: Env = readEnv()): string {
  if (!env.GUILDHALL_SECRET)
    throw new Error("GUILDHALL_SECRET is not set (server.ts sets it at boot).");
  return env.GUILDHALL_SECRET;
}

/**
 * What core's account flows need for this request: links' base URL, the instance secret,
 * the caller's address, the outbox worker's kick, and this instance as a WebAuthn RP.
 */
export async function accountFlowOptions(): Promise<AccountFlowOptions & WebAuthnRp> {
  const env = readEnv();
  const baseUrl = publicBaseUrl(env);
  return {
    baseUrl,
    instanceSecret: instanceSecret(env),
    ip: clientIp({ headers: await headers() }),
    onEmailQueued: kickOutbox,
    ...webAuthnRp(baseUrl),
  };
}
