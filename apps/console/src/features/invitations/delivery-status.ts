import type { deliveryStatus } from "@guildhall/validators";
import type { z } from "zod";

type Status = z.infer<typeof deliveryStatus>;

/** How this server delivers email: SMTP, or the local outbox (nothing leaves the server). */
export type TransportKind = "smtp" | "local";

/**
 * An outbox status as the console names it. Without SMTP the outbox marks an email Sent once
 * it is logged, though it went nowhere: say so instead.
 */
export function deliveryStatusLabel(status: Status, transport: TransportKind): string {
  return status === "Sent" && transport === "local" ? "Local outbox (not sent)" : status;
}
