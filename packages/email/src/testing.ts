import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerError } from "smtp-server";
import type { OutboxSealer } from "./outbox.ts";

// Test helpers: an in-process SMTP sink that keeps what it receives. Not for production.

/**
 * An AES-256-GCM sealer with a random key, for this package's tests (which cannot use
 * @guildhall/core's `outboxSealer`: core depends on this package). Two calls give two keys,
 * so one cannot open what the other sealed.
 */
export function testSealer(): OutboxSealer {
  const key = randomBytes(32);
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
    },
    open(sealed) {
      const [iv, tag, body] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
      if (!iv || !tag || !body) throw new Error("Unrecognised sealed value.");
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
    },
  };
}

export interface ReceivedEmail {
  /** MAIL FROM and RCPT TO of the SMTP session. */
  envelope: { from: string; to: string[] };
  /** Header names lowercased; folded lines unfolded; encoded words decoded. */
  headers: Record<string, string>;
  subject: string;
  messageId: string | undefined;
  text: string | undefined;
  html: string | undefined;
  raw: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, the value to give SMTP_URL / `createTransport`. */
  url: string;
  port: number;
  received: ReceivedEmail[];
  /** Refuse every recipient with `code` (default 451, a temporary failure) until `accept()`. */
  refuse(code?: number, message?: string): void;
  accept(): void;
  /** Resolves once `count` messages have arrived in total. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedEmail[]>;
  close(): Promise<void>;
}

/**
 * Starts an SMTP server on 127.0.0.1 (a free port), plain SMTP without STARTTLS or
 * authentication, that records and parses every message.
 *
 * @example
 * const sink = await startSmtpSink();
 * const transport = createTransport({ smtpUrl: sink.url, from: "Test <t@example.com>" });
 * // ... send ...
 * const [email] = await sink.waitFor(1);
 * await sink.close();
 */
export async function startSmtpSink(options: { dataDelayMs?: number } = {}): Promise<SmtpSink> {
  const received: ReceivedEmail[] = [];
  let refusal: { code: number; message: string } | undefined;
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!refusal) return callback();
      const error: SMTPServerError = new Error(refusal.message);
      error.responseCode = refusal.code;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const finish = () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
          received.push({
            ...parseMessage(raw),
            envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) },
            raw,
          });
          for (const wake of waiters) wake();
          callback();
        };
        if (options.dataDelayMs) setTimeout(finish, options.dataDelayMs);
        else finish();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    refuse(code = 451, message = "Mailbox temporarily unavailable") {
      refusal = { code, message };
    },
    accept() {
      refusal = undefined;
    },
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(received.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP sink: expected ${count} messages, got ${received.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface MimePart {
  headers: Record<string, string>;
  body: string;
}

function splitHeaders(raw: string): MimePart {
  const end = raw.indexOf("\r\n\r\n");
  const head = end === -1 ? raw : raw.slice(0, end);
  const body = end === -1 ? "" : raw.slice(end + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(
      /=\?([^?]+)\?([bq])\?([^?]*)\?=/gi,
      (_m, _charset: string, enc: string, data: string) =>
        enc.toLowerCase() === "b"
          ? Buffer.from(data, "base64").toString("utf8")
          : decodeQuotedPrintable(data.replace(/_/g, " ")),
    );
}

function decodeQuotedPrintable(input: string): string {
  const bytes: number[] = [];
  const s = input.replace(/=\r?\n/g, "");
  for (let i = 0; i < s.length; i++) {
    const hex = s.slice(i + 1, i + 3);
    if (s[i] === "=" && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(s[i] ?? "", "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function decodeBody(part: MimePart): string {
  const encoding = (part.headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const decoded =
    encoding === "base64"
      ? Buffer.from(part.body.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? decodeQuotedPrintable(part.body)
        : part.body;
  return decoded.replace(/\r\n/g, "\n");
}

function leafParts(part: MimePart): MimePart[] {
  const type = part.headers["content-type"] ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!/^multipart\//i.test(type) || !boundary) return [part];
  const sections = part.body.split(`--${boundary}`).slice(1);
  return sections
    .filter((s) => !s.startsWith("--"))
    .flatMap((s) => leafParts(splitHeaders(s.replace(/^\r\n/, "").replace(/\r\n$/, ""))));
}

function parseMessage(raw: string): Omit<ReceivedEmail, "envelope" | "raw"> {
  const message = splitHeaders(raw);
  const headers = Object.fromEntries(
    Object.entries(message.headers).map(([k, v]) => [k, decodeWords(v)]),
  );
  const parts = leafParts(message);
  const find = (type: string) => {
    const part = parts.find((p) =>
      (p.headers["content-type"] ?? "text/plain").toLowerCase().startsWith(type),
    );
    return part ? decodeBody(part) : undefined;
  };
  return {
    headers,
    subject: headers.subject ?? "",
    messageId: headers["message-id"],
    text: find("text/plain"),
    html: find("text/html"),
  };
}
