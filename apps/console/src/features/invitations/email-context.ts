import type { EmailTransportInfo } from "@guildhall/validators";
import { describeEmailTransport, readEmailEnv } from "@guildhall/email";
import { publicBaseUrl } from "@/env";
import { kickOutbox } from "./outbox-worker";

/**
 * What the tRPC context needs to send emails: the public origin, the worker's kick, and how
 * email leaves this server (SMTP or the local outbox), for the Email settings page.
 */
export function emailContext(): {
  baseUrl: string;
  onEmailQueued: () => void;
  emailTransport: EmailTransportInfo;
} {
  return {
    baseUrl: publicBaseUrl(),
    onEmailQueued: kickOutbox,
    emailTransport: describeEmailTransport(readEmailEnv()),
  };
}
