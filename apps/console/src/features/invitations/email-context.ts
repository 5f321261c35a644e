import { readEnv } from "@/env";
import { kickOutbox } from "./outbox-worker";

/** What the tRPC context needs to send invitation emails: the public origin and the worker's kick. */
export function emailContext(): { baseUrl: string; onEmailQueued: () => void } {
  const env = readEnv();
  const baseUrl = (env.BASE_URL ?? env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  return { baseUrl, onEmailQueued: kickOutbox };
}
