import type { Db } from "@guildhall/db";
import {
  completeSignInInput,
  type CompleteSignInInput,
  type SignedInUser,
} from "@guildhall/validators";
import { userSuspended } from "../auth/check-credentials.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { parseInput } from "../parse.ts";
import { authChallengeId, challengeInvalid } from "./challenge.ts";
import { signedInUserSelect, toSignedInUser } from "../auth/signed-in-user.ts";

/**
 * Ends a sign-in: consumes the challenge (once: of two concurrent calls with one token,
 * exactly one succeeds), records the sign-in and returns who signed in and how (`amr`, for
 * the session and the ID token). Refused while a second factor is owed, for a decoy, and
 * for a suspended user; the caller then opens the session.
 * @throws sign_in.challenge_invalid, user.suspended
 * @example const { user, amr } = await completeSignIn(db, { challengeToken });
 */
export async function completeSignIn(
  db: Db,
  input: CompleteSignInInput,
  options: { now?: () => Date } = {},
): Promise<{ user: SignedInUser; amr: string[] }> {
  const { challengeToken } = parseInput(completeSignInInput, input);
  const now = options.now?.() ?? new Date();
  const id = authChallengeId(challengeToken);
  return db.$transaction(async (tx) => {
    const { count } = await tx.authChallenge.updateMany({
      where: {
        id,
        purpose: "sign_in",
        consumedAt: null,
        expiresAt: { gt: now },
        mfaPending: false,
        userId: { not: null },
      },
      data: { consumedAt: now },
    });
    if (count !== 1) throw challengeInvalid();
    const challenge = await tx.authChallenge.findUniqueOrThrow({
      where: { id },
      select: { userId: true, amr: true },
    });
    const user = await tx.user.findUnique({
      where: { id: challenge.userId ?? "" },
      select: signedInUserSelect,
    });
    // Deleted since the challenge began: as unknown as any other dead challenge.
    if (!user) throw challengeInvalid();
    if (user.suspendedAt) throw userSuspended();
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
    await recordAudit(
      tx,
      { db, actor: { type: "user", userId: user.id } },
      {
        action: "user.signed_in",
        targetType: "user",
        targetId: user.id,
        data: { amr: challenge.amr },
      },
    );
    return {
      user: toSignedInUser(user),
      amr: challenge.amr,
    };
  });
}
