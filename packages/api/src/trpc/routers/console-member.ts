import { listConsoleMembers, removeConsoleMember, setConsoleMemberRole } from "@guildhall/core";
import { consoleMember, consoleMemberRef, setConsoleMemberInput } from "@guildhall/validators";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";

/** Console members: admins only (the service checks too). */
export const consoleMemberRouter = router({
  list: consoleProcedure("admin")
    .input(z.void())
    .output(z.array(consoleMember))
    .query(({ ctx }) => listConsoleMembers(ctx.service)),
  setRole: consoleProcedure("admin")
    .input(setConsoleMemberInput)
    .output(consoleMember)
    .mutation(({ ctx, input }) => setConsoleMemberRole(ctx.service, input)),
  remove: consoleProcedure("admin")
    .input(consoleMemberRef)
    .output(z.void())
    .mutation(({ ctx, input }) => removeConsoleMember(ctx.service, input)),
});
