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

/**
 * Something an activity entry names (who did it, what it changed): its kind, id and what to
 * call it. `name` is null when it no longer exists (deleted since), or has no name to show.
 */
export const activityRef = z.object({
  type: z.string(),
  id: z.string(),
  name: z.string().nullable(),
});
export type ActivityRef = z.infer<typeof activityRef>;

/** One recent-activity line: the audit entry with who, what and where resolved to names. */
export const activityEntry = auditEntry.extend({
  /** Null for the system itself (bootstrap, provisioning) or an actor that left no id. */
  actor: activityRef.nullable(),
  /** Null when the entry has no single target (or a kind the overview does not name). */
  target: activityRef.nullable(),
  organization: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  /** How many users or roles a bulk change touched, when it names several. */
  count: z.number().int().nullable(),
});
export type ActivityEntry = z.infer<typeof activityEntry>;

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
  recentActivity: z.array(activityEntry),
});
export type Overview = z.infer<typeof overview>;
