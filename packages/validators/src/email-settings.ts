import { z } from "zod";
import { email } from "./common.ts";

/**
 * How this instance delivers email, as the console may show it: the SMTP server's host and
 * port (never its user name or password), or the local outbox when SMTP_URL is not set.
 */
export const emailTransportInfo = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("smtp"),
    host: z.string(),
    port: z.number().int(),
    /** `smtps://`: TLS from the first byte; otherwise STARTTLS when the server offers it. */
    secure: z.boolean(),
    from: z.string(),
  }),
  z.object({ kind: z.literal("local"), from: z.string() }),
]);
export type EmailTransportInfo = z.infer<typeof emailTransportInfo>;

export const sendTestEmailInput = z.object({ to: email });
export type SendTestEmailInput = z.input<typeof sendTestEmailInput>;

/** The queued test email: follow its delivery with `email.get({ id })`. */
export const sendTestEmailResult = z.object({
  id: z.string(),
  to: z.string(),
  transport: z.enum(["smtp", "local"]),
});
export type SendTestEmailResult = z.infer<typeof sendTestEmailResult>;
