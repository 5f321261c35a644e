import type { ConsoleMember } from "@guildhall/validators";
import { assertAdminOrManagementApi, type ServiceContext } from "../context.ts";
import { consoleMemberSelect, toConsoleMember } from "./select.ts";

/** The vendor's console team (admins and collaborators), oldest first. */
export async function listConsoleMembers(ctx: ServiceContext): Promise<ConsoleMember[]> {
  assertAdminOrManagementApi(ctx);
  const rows = await ctx.db.consoleMember.findMany({
    select: consoleMemberSelect,
    orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
  });
  return rows.map(toConsoleMember);
}
