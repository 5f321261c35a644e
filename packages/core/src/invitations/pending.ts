import type { Prisma } from "@guildhall/db";
import { sqlTable } from "@guildhall/db/sql";
import { sqlRunner, type SqlRunner, preparedSql } from "@guildhall/db/sql-runner";
import type { InvitationStatus } from "@guildhall/validators";
import type { DomainError } from "../errors.ts";
import { effectiveStatus, invitationNotFound, notPending } from "./select.ts";

/**
 * Only a Pending, unexpired invitation can be accepted, declined, revoked or resent: the
 * check made before any work (rendering an email, creating a user) is done.
 * @throws invitation.expired, invitation.already_ended
 */
export function assertPending(row: { status: InvitationStatus; expiresAt: Date }, at: Date): void {
  const status = effectiveStatus(row, at);
  if (status !== "Pending") throw notPending(status);
}

/**
 * Writes `data` to the invitation only while it is still Pending and unexpired at `at`.
 * The conditional update is the guard against races: a concurrent accept, decline, revoke
 * or resend waits on the row lock and then matches nothing, and is told why.
 * @throws invitation.not_found (deleted meanwhile), invitation.expired, invitation.already_ended
 */
export async function updateWhilePending(
  tx: Prisma.TransactionClient,
  id: string,
  at: Date,
  data: Prisma.OrganizationInvitationUpdateManyArgs["data"],
): Promise<void> {
  const moved = await tx.organizationInvitation.updateMany({
    where: { id, status: "Pending", expiresAt: { gt: at } },
    data,
  });
  if (moved.count > 0) return;
  throw await whyNotPending(tx, id, at);
}

/**
 * Why a write guarded by "still Pending and unexpired" matched nothing: read once more
 * (after the row lock, so the answer is what the other transaction committed).
 */
export async function whyNotPending(
  tx: Prisma.TransactionClient | SqlRunner,
  id: string,
  at: Date,
): Promise<DomainError> {
  const [again] = await sqlRunner(tx).rows<{ status: InvitationStatus; expiresAt: Date }>(
    STATE_SQL,
    [id],
  );
  return again ? notPending(effectiveStatus(again, at)) : invitationNotFound(id);
}

const i = sqlTable("OrganizationInvitation");
const STATE_SQL = preparedSql(
  `SELECT ${i.col.status}::text AS status, ${i.col.expiresAt} AS "expiresAt" FROM ${i.ref} WHERE ${i.col.id} = $1`,
);
