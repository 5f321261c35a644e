import type { Prisma } from "@guildhall/db";
import type { Invitation, InvitationStatus } from "@guildhall/validators";
import type { Actor, ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { jsonObjectOf } from "../users/select.ts";

/** The columns every invitation read selects. Never `tokenHash`. */
export const invitationSelect = {
  id: true,
  organizationId: true,
  consoleRole: true,
  inviterId: true,
  invitee: true,
  status: true,
  expiresAt: true,
  acceptedUserId: true,
  messagePayload: true,
  createdAt: true,
  updatedAt: true,
  organization: { select: { id: true, name: true } },
  inviter: { select: { id: true, name: true, email: true } },
  roles: {
    select: { role: { select: { id: true, name: true } } },
    orderBy: { role: { name: "asc" } },
  },
} satisfies Prisma.OrganizationInvitationSelect;

export type InvitationRow = Prisma.OrganizationInvitationGetPayload<{
  select: typeof invitationSelect;
}>;

/**
 * The status as of `at`: a Pending row past its expiry is Expired, whether or not anything
 * has marked it yet. Every read and every transition goes through this.
 */
export function effectiveStatus(
  row: { status: InvitationStatus; expiresAt: Date },
  at: Date,
): InvitationStatus {
  return row.status === "Pending" && row.expiresAt.getTime() <= at.getTime()
    ? "Expired"
    : row.status;
}

export function toInvitation(row: InvitationRow, at: Date): Invitation {
  const payload = row.messagePayload;
  return {
    id: row.id,
    kind: row.organizationId === null ? "console" : "organization",
    organizationId: row.organizationId,
    organization: row.organization,
    consoleRole: row.consoleRole,
    inviterId: row.inviterId,
    inviter: row.inviter,
    invitee: row.invitee,
    organizationRoles: row.roles.map((r) => r.role),
    status: effectiveStatus(row, at),
    expiresAt: row.expiresAt,
    acceptedUserId: row.acceptedUserId,
    messagePayload: payload === null ? null : jsonObjectOf(payload),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The unique key that allows one pending invitation per (organization or console, invitee). */
export function pendingKeyOf(organizationId: string | null, invitee: string): string {
  return `${organizationId ?? "console"}:${invitee}`;
}

export function invitationNotFound(id?: string) {
  return id
    ? new DomainError("invitation.not_found", `No invitation has id "${id}".`, { id })
    : new DomainError("invitation.not_found", "This invitation link is not valid.");
}

const endedMessages = {
  Accepted: "This invitation has already been accepted.",
  Declined: "This invitation was declined.",
  Revoked: "This invitation was revoked.",
} as const;

/** The error for a transition out of a status that is not (or no longer) Pending. */
export function notPending(status: InvitationStatus): DomainError {
  switch (status) {
    case "Expired":
      return new DomainError(
        "invitation.expired",
        "This invitation has expired. Ask for a new one.",
        { status },
      );
    case "Accepted":
    case "Declined":
    case "Revoked":
      return new DomainError(
        "invitation.already_ended",
        `${endedMessages[status]} It cannot change any more.`,
        { status },
      );
    case "Pending":
      return new DomainError(
        "invitation.already_ended",
        "The invitation changed meanwhile. Reload and try again.",
        { status },
      );
  }
}

/** The signed-in person behind the actor, if any. */
export function actorUserId(actor: Actor): string | null {
  return actor.type === "console" || actor.type === "user" ? actor.userId : null;
}

/** A context for services that queue emails: a service context, the instance secret and a hook. */
export type InvitationContext = ServiceContext & {
  /**
   * The instance secret (GUILDHALL_SECRET): emails carrying a link are sealed with it in the
   * outbox. Services that queue such an email refuse to run without it.
   */
  instanceSecret?: string | undefined;
  /** E.g. the outbox worker's `kick()`, so the email goes out now rather than at the next poll. */
  onEmailQueued?: (() => void) | undefined;
};
