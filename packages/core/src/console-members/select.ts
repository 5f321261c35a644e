import type { Prisma } from "@guildhall/db";
import type { ConsoleMember } from "@guildhall/validators";

export const consoleMemberSelect = {
  userId: true,
  role: true,
  createdAt: true,
  user: { select: { email: true, username: true, name: true } },
} satisfies Prisma.ConsoleMemberSelect;

type ConsoleMemberRow = Prisma.ConsoleMemberGetPayload<{ select: typeof consoleMemberSelect }>;

export function toConsoleMember(row: ConsoleMemberRow): ConsoleMember {
  return {
    userId: row.userId,
    email: row.user.email,
    username: row.user.username,
    name: row.user.name,
    role: row.role,
    createdAt: row.createdAt,
  };
}
