import type { EmailTransportInfo } from "@guildhall/validators";
import { z } from "zod";

/** An unset variable and an empty one (`SMTP_URL=` in a .env file) mean the same. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    schema.optional(),
  );

// The only place this package reads process.env.
const emailEnv = z.object({
  SMTP_URL: optional(
    z
      .string()
      .trim()
      .refine(
        (s) => /^smtps?:\/\//i.test(s) && URL.canParse(s),
        "SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465",
      ),
  ),
  EMAIL_FROM: optional(
    z
      .string()
      .trim()
      .regex(
        /^[^\r\n]*@[^\r\n]+$/,
        "EMAIL_FROM must be an address, e.g. Guildhall <no-reply@example.com>",
      ),
  ),
});

export interface EmailEnv {
  /** Unset: emails are only stored in the outbox (and logged), never sent. */
  smtpUrl: string | undefined;
  from: string;
}

export const DEFAULT_EMAIL_FROM = "Guildhall <no-reply@localhost>";

/**
 * Reads SMTP_URL and EMAIL_FROM (default `Guildhall <no-reply@localhost>`); throws with the
 * variable's name when one is malformed. The result is what `createTransport` takes.
 *
 * @example
 * const transport = createTransport({ ...readEmailEnv(), logger });
 */
export function readEmailEnv(source: Record<string, string | undefined> = process.env): EmailEnv {
  const parsed = emailEnv.safeParse(source);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid email configuration: ${details}`);
  }
  return { smtpUrl: parsed.data.SMTP_URL, from: parsed.data.EMAIL_FROM ?? DEFAULT_EMAIL_FROM };
}

/**
 * What the console may show of the email configuration: the SMTP host and port (never the
 * user name or password in SMTP_URL), or the local outbox when SMTP_URL is not set.
 *
 * @example
 * describeEmailTransport(readEmailEnv()); // { kind: "smtp", host: "smtp.example.com", port: 587, ... }
 */
export function describeEmailTransport(env: EmailEnv): EmailTransportInfo {
  if (!env.smtpUrl) return { kind: "local", from: env.from };
  const url = new URL(env.smtpUrl);
  const secure = url.protocol === "smtps:";
  return {
    kind: "smtp",
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    from: env.from,
  };
}
