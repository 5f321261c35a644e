import { publicBaseUrl } from "@/env";
import { kickOutbox } from "./outbox-worker";

/** What the tRPC context needs to send invitation emails: the public origin and the worker's kick. */
export function emailContext(): { baseUrl: string; onEmailQueued: () => void } {
  return { baseUrl: publicBaseUrl(), onEmailQueued: kickOutbox };
}
