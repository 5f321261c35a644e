import type { Prisma } from "@guildhall/db";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import type { USER_COLUMNS } from "./import-users.ts";

/** One user as a users file holds it: what `importUsers` reads back. */
export type ExportedUser = Partial<Record<(typeof USER_COLUMNS)[number], string>> & {
  email: string;
};

const exportSelect = {
  id: true,
  createdAt: true,
  email: true,
  name: true,
  username: true,
  primaryPhone: true,
} satisfies Prisma.UserSelect;

/** Users read per query while exporting. */
const EXPORT_PAGE_SIZE = 1000;

/**
 * How many users an export will write, and how many it leaves out: a users file matches
 * users by email, so users without one cannot be exported.
 */
export async function countExportableUsers(
  ctx: ServiceContext,
): Promise<{ exportable: number; withoutEmail: number }> {
  assertCanManageTenant(ctx);
  const [exportable, all] = await Promise.all([
    ctx.db.user.count({ where: { email: { not: null } } }),
    ctx.db.user.count(),
  ]);
  return { exportable, withoutEmail: all - exportable };
}

/**
 * Every user with an email, oldest first, read a page at a time (keyset pagination on
 * `createdAt, id`, so memory stays flat and users added meanwhile do not shift pages).
 * Absent values are left out of each entry. Never includes password hashes.
 * @example for await (const user of exportUsers(ctx)) write(user);
 */
export async function* exportUsers(ctx: ServiceContext): AsyncGenerator<ExportedUser> {
  assertCanManageTenant(ctx);
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    // Typed here: `after` makes the inference circular.
    const page: Prisma.UserGetPayload<{ select: typeof exportSelect }>[] =
      await ctx.db.user.findMany({
        where: {
          email: { not: null },
          ...(after && {
            OR: [
              { createdAt: { gt: after.createdAt } },
              { createdAt: after.createdAt, id: { gt: after.id } },
            ],
          }),
        },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: exportSelect,
        take: EXPORT_PAGE_SIZE,
      });
    for (const { email, name, username, primaryPhone } of page) {
      if (email === null) continue;
      yield {
        email,
        ...(name !== null && { name }),
        ...(username !== null && { username }),
        ...(primaryPhone !== null && { primaryPhone }),
      };
    }
    const last = page.at(-1);
    if (!last || page.length < EXPORT_PAGE_SIZE) return;
    after = { createdAt: last.createdAt, id: last.id };
  }
}
