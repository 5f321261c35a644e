import { updateOwnProfileInput, type UpdateOwnProfileInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { userNotFound } from "../users/get-user.ts";
import { selfUserId } from "./self.ts";

/**
 * The account page's profile: name and avatar URL. Omitted fields are kept, null clears.
 * Email and password have their own flows (they need proof).
 * @throws user.not_found, guard.invalid_input, auth.forbidden
 */
export async function updateOwnProfile(
  ctx: ServiceContext,
  input: UpdateOwnProfileInput,
): Promise<void> {
  const userId = selfUserId(ctx);
  const { name, avatarUrl } = parseInput(updateOwnProfileInput, input);
  await translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: userId }, data: { name, avatarUrl } });
        await recordAudit(tx, ctx, {
          action: "user.profile_updated",
          targetType: "user",
          targetId: userId,
          data: {
            fields: Object.entries({ name, avatarUrl })
              .filter(([, v]) => v !== undefined)
              .map(([k]) => k),
          },
        });
      }),
    { notFound: () => userNotFound(userId) },
  );
}
