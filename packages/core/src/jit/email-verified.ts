import type { Prisma } from "@guildhall/db";
import type { ServiceContext } from "../context.ts";
import { provisionJustInTime } from "./provision-just-in-time.ts";

/**
 * The user proved they hold `email` (a code, a link, a password reset): mark it verified if
 * it is still theirs and unverified, and run just-in-time provisioning by email domain
 * (which runs once per user). Call it in the transaction that consumed the proof.
 * @returns whether the address was unverified until now
 */
export async function recordEmailVerified(
  tx: Prisma.TransactionClient,
  { userId, email, at }: { userId: string; email: string; at: Date },
  ctx: ServiceContext,
): Promise<boolean> {
  const { count } = await tx.user.updateMany({
    where: { id: userId, email, emailVerifiedAt: null },
    data: { emailVerifiedAt: at },
  });
  await provisionJustInTime(
    tx,
    { userId, email, emailVerified: true, reason: "email_verified", now: at },
    ctx,
  );
  return count > 0;
}
