import {
  renderEmail,
  type EmailKind,
  type OutboxSealer,
  type RenderedEmail,
} from "@guildhall/email";
import type { Db, Prisma } from "@guildhall/db";
import { storedBranding, storedColor } from "@guildhall/validators";
import { outboxSealer } from "../crypto/outbox-sealer.ts";
import { DomainError } from "../errors.ts";
import type { InvitationContext } from "./select.ts";

type Client = Db | Prisma.TransactionClient;

/** At most this many emails to one invitee per window (creates and resends together). */
export const INVITATION_EMAIL_LIMIT = 10;
export const INVITATION_EMAIL_WINDOW_MS = 10 * 60_000;

/** @throws rate_limited when the invitee got INVITATION_EMAIL_LIMIT emails in the window */
export async function assertEmailAllowed(db: Client, invitee: string, at: Date): Promise<void> {
  const since = new Date(at.getTime() - INVITATION_EMAIL_WINDOW_MS);
  const sent = await db.emailOutbox.count({ where: { to: invitee, createdAt: { gte: since } } });
  assertEmailsBelowLimit(invitee, sent);
}

/** `assertEmailAllowed` once the emails `sent` in the window are counted. @throws rate_limited */
export function assertEmailsBelowLimit(invitee: string, sent: number): void {
  if (sent >= INVITATION_EMAIL_LIMIT) {
    throw new DomainError(
      "rate_limited",
      `${invitee} already got ${INVITATION_EMAIL_LIMIT} emails in the last 10 minutes. Try again later.`,
      { invitee, limit: INVITATION_EMAIL_LIMIT, windowSeconds: INVITATION_EMAIL_WINDOW_MS / 1000 },
    );
  }
}

/**
 * The sealer for emails that carry a link: an invitation link must never be stored
 * readable, so without the instance secret nothing is queued (a server misconfiguration,
 * answered as a 500, rather than a plaintext link in the database).
 */
export function emailSealer(ctx: InvitationContext): OutboxSealer {
  if (!ctx.instanceSecret) {
    throw new Error(
      "The instance secret (GUILDHALL_SECRET) is not configured: emails with links cannot be queued.",
    );
  }
  return outboxSealer(ctx.instanceSecret);
}

export interface InvitationEmailData {
  invitee: string;
  link: string;
  expiresAt: Date;
  inviter: { name: string | null; email: string | null } | null;
  /** `branding` and `color` as stored: read through today's rules here. */
  organization: { name: string; branding: Prisma.JsonValue; color: Prisma.JsonValue } | null;
  consoleRole: "admin" | "collaborator" | null;
  roles: string[];
}

/** Renders the invitation email (call before opening the transaction). */
export async function renderInvitationEmail(
  data: InvitationEmailData,
): Promise<{ kind: EmailKind; email: RenderedEmail }> {
  // An inviter with neither name nor email (a username-only user) stays unnamed.
  const inviterName = (data.inviter?.name ?? data.inviter?.email) || undefined;
  if (data.organization) {
    // Emails are read in light mode by most clients: the light logo and primary color.
    const { logoUrl } = storedBranding.safeParse(data.organization.branding).data ?? {};
    const brandColor = storedColor.safeParse(data.organization.color).data?.primaryColor;
    const email = await renderEmail("organization-invitation", {
      organization: { name: data.organization.name, logoUrl, brandColor },
      inviterName,
      roles: data.roles,
      expiresAt: data.expiresAt,
      link: data.link,
      inviteeEmail: data.invitee,
    });
    return { kind: "organization-invitation", email };
  }
  const email = await renderEmail("console-invitation", {
    instanceName: "Guildhall",
    role: data.consoleRole ?? "collaborator",
    inviterName,
    expiresAt: data.expiresAt,
    link: data.link,
    inviteeEmail: data.invitee,
  });
  return { kind: "console-invitation", email };
}
