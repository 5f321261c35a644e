import nodemailer from "nodemailer";
import { consoleLogger, type EmailLogger } from "./logger.ts";

/** One message as the outbox hands it to a transport. */
export interface OutgoingEmail {
  /** The outbox row id: becomes the Message-ID, so a retried send carries the same one. */
  id?: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The copy with its secrets replaced, when the email carries one: what logs may show. */
  redacted?: { html: string; text: string } | undefined;
}

export interface EmailTransport {
  /** `smtp`: really sends. `local`: SMTP is not configured; emails stay in the outbox. */
  readonly kind: "smtp" | "local";
  /** Resolves once the message is accepted for delivery; rejects otherwise. */
  send(email: OutgoingEmail): Promise<void>;
  /** Releases connections. */
  close(): void;
}

export interface TransportConfig {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://...:465` (TLS). */
  smtpUrl?: string | undefined;
  /** The From header, e.g. `Guildhall <no-reply@example.com>`. */
  from: string;
  logger?: EmailLogger | undefined;
  /**
   * Local transport only: log the working link of an email that carries a secret (an
   * invitation link). For development without SMTP; otherwise the log shows the link with
   * its secret replaced by "…", since logs are read more widely than the console.
   */
  logSecrets?: boolean | undefined;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The domain of the From address, for Message-IDs. */
function fromDomain(from: string): string {
  return /@([^\s>@]+)>?\s*$/.exec(from)?.[1] ?? "guildhall.invalid";
}

/** The first http(s) link of a text part: what the local transport prints. */
export function firstLink(text: string): string | undefined {
  return /https?:\/\/[^\s<>"]+/.exec(text)?.[0];
}

function createSmtpTransport(smtpUrl: string, from: string): EmailTransport {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error("SMTP_URL is not a valid URL (expected smtp://host:port or smtps://host:port)");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  }
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    // A local sink (tests, Mailpit, a relay on the same host) speaks plain SMTP; skipping
    // STARTTLS there avoids self-signed certificate failures. Remote smtp:// hosts still
    // upgrade with STARTTLS when they offer it. Query parameters in the URL win over these.
    ignoreTLS: url.protocol === "smtp:" && LOOPBACK_HOSTS.has(url.hostname),
    // Bounded, so one send cannot outlive the outbox's 5-minute claim on its row.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  const domain = fromDomain(from);
  return {
    kind: "smtp",
    async send(email) {
      const info = await transporter.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        ...(email.id
          ? { messageId: `<${email.id}@${domain}>`, headers: { "X-Guildhall-Email-Id": email.id } }
          : {}),
      });
      if (info.rejected.length > 0) {
        throw new Error(`SMTP server rejected ${info.rejected.join(", ")}: ${info.response}`);
      }
    },
    close: () => transporter.close(),
  };
}

function createLocalTransport(logger: EmailLogger, logSecrets: boolean): EmailTransport {
  return {
    kind: "local",
    async send(email) {
      const hide = email.redacted !== undefined && !logSecrets;
      const link = firstLink(hide ? (email.redacted?.text ?? "") : email.text) ?? "-";
      const hint = hide
        ? " (link hidden: set SMTP_URL to send emails, or copy the link in the console right after inviting or resending)"
        : "";
      logger.info(
        `[email] to=${email.to} subject=${JSON.stringify(email.subject)} link=${link}${hint}`,
      );
    },
    close() {},
  };
}

/**
 * With `smtpUrl`, an SMTP transport (nodemailer). Without, a local-outbox transport: it
 * sends nothing, only logs `[email] to=... subject=... link=...`, and the outbox marks the
 * email Sent, so invitations work on a fresh machine and the console shows every email. A
 * secret link is logged in full only with `logSecrets` (development); otherwise as
 * `https://.../invite/…`, and the console's copy-link after inviting is the way to get it.
 *
 * @example
 * const transport = createTransport({ ...readEmailEnv(), logger });
 * await transport.send({ to: "bob@example.com", subject, html, text });
 */
export function createTransport(config: TransportConfig): EmailTransport {
  return config.smtpUrl
    ? createSmtpTransport(config.smtpUrl, config.from)
    : createLocalTransport(config.logger ?? consoleLogger, config.logSecrets ?? false);
}
