import type { Prisma } from "@guildhall/db";
import type { SignedInUser } from "@guildhall/validators";

/**
 * The columns a sign-in or a session check reads about its user: who they are, their console
 * role, and whether they are suspended (which every caller refuses).
 */
export const signedInUserSelect = {
  id: true,
  email: true,
  username: true,
  name: true,
  suspendedAt: true,
  consoleMember: { select: { role: true } },
} satisfies Prisma.UserSelect;

type SignedInUserRow = Prisma.UserGetPayload<{ select: typeof signedInUserSelect }>;

export function toSignedInUser(row: SignedInUserRow): SignedInUser {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    name: row.name,
    consoleRole: row.consoleMember?.role ?? null,
  };
}
