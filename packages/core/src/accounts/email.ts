import {
  enqueueEmail,
  renderEmail,
  type EmailData,
  type EmailKind,
  type RenderedEmail,
} from "@guildhall/email";
import type { Prisma } from "@guildhall/db";
import { outboxSealer } from "../crypto/outbox-sealer.ts";
import type { AccountFlowOptions } from "./options.ts";

type AccountEmailKind = "email-verification" | "password-reset" | "account-exists" | "email-change";

/** The name above every account email, as in the console invitation. */
const INSTANCE_NAME = "Guildhall";

export interface AccountEmail {
  kind: AccountEmailKind;
  to: string;
  email: RenderedEmail;
}

/** Renders an account email. Call before opening the transaction (MJML is slow to load). */
export async function renderAccountEmail<K extends AccountEmailKind>(
  kind: K,
  to: string,
  data: Omit<EmailData<K>, "instanceName">,
): Promise<AccountEmail> {
  const email = await renderEmail(
    kind as EmailKind,
    {
      instanceName: INSTANCE_NAME,
      ...data,
    } as EmailData<K>,
  );
  return { kind, to, email };
}

/**
 * Queues it in the caller's transaction. Sealed with the instance secret: the codes and
 * links it carries are readable nowhere else (the outbox keeps only the redacted copy).
 */
export async function queueAccountEmail(
  tx: Prisma.TransactionClient,
  mail: AccountEmail,
  opts: AccountFlowOptions,
): Promise<void> {
  await enqueueEmail(
    tx,
    { kind: mail.kind, to: mail.to, ...mail.email },
    outboxSealer(opts.instanceSecret),
  );
}

/** `${baseUrl}/<path>`, with `?token=` when given. The token travels in the query. */
export function accountLink(baseUrl: string, path: string, token?: string): string {
  const base = `${baseUrl.replace(/\/+$/, "")}/${path}`;
  return token ? `${base}?token=${encodeURIComponent(token)}` : base;
}

/** Paths of the hosted pages the emails link to. */
export const ACCOUNT_PAGES = {
  verifyEmail: "verify-email",
  resetPassword: "reset-password",
  forgotPassword: "forgot-password",
  signIn: "sign-in",
} as const;
