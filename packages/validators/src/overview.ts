import { z } from "zod";

export const auditEntry = z.object({
  id: z.string(),
  action: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  organizationId: z.string().nullable(),
  createdAt: z.date(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const overview = z.object({
  counts: z.object({
    organizations: z.number().int(),
    users: z.number().int(),
    members: z.number().int(),
    pendingInvitations: z.number().int(),
    roles: z.number().int(),
    applications: z.number().int(),
  }),
  checklist: z.object({
    templateDefined: z.boolean(),
    organizationCreated: z.boolean(),
    memberAdded: z.boolean(),
    appConnected: z.boolean(),
  }),
  recentActivity: z.array(auditEntry),
});
export type Overview = z.infer<typeof overview>;
