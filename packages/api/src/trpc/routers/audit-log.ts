import { getAuditLog, listAuditLogs } from "@guildhall/core";
import {
  auditLogEntry,
  auditLogPage,
  getAuditLogInput,
  listAuditLogsInput,
} from "@guildhall/validators";
import { consoleProcedure, router } from "../trpc.ts";

/** auditLog.*: the Audit log page and an organization's Audit tab (every console member reads). */
export const auditLogRouter = router({
  list: consoleProcedure()
    .input(listAuditLogsInput)
    .output(auditLogPage)
    .query(({ ctx, input }) => listAuditLogs(ctx.service, input)),
  get: consoleProcedure()
    .input(getAuditLogInput)
    .output(auditLogEntry)
    .query(({ ctx, input }) => getAuditLog(ctx.service, input)),
});
