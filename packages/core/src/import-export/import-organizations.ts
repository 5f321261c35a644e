import { createOrganizationInput, email, id as idSchema, roleName } from "@guildhall/validators";
import { z } from "zod";
import { recordAudits, type AuditEntry } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { memberRoles, organizationMembers } from "../members/relations.ts";
import { isForeignKeyViolation, isUniqueViolation } from "../prisma-errors.ts";
import type { SourceRecord } from "./records.ts";
import {
  chunks,
  describeIssues,
  IMPORT_TRANSACTION,
  Refusals,
  withoutNulls,
  type ImportReport,
} from "./report.ts";

const memberEntry = z.strictObject({
  email,
  roles: z.array(roleName).max(100, "At most 100 roles per member").default([]),
});

/**
 * One organization of an organizations file. `id` is optional: with it, the organization
 * with that id is the one meant (created with that id if there is none, so an export
 * imported into another instance keeps its ids); without it, the one with that name.
 */
const organizationEntry = z.strictObject({
  id: idSchema.optional(),
  name: createOrganizationInput.shape.name,
  description: createOrganizationInput.shape.description,
  members: z.array(memberEntry).default([]),
});
type OrganizationEntry = z.output<typeof organizationEntry> & { line: number };

/** What an organizations import did: `ImportReport`, and what it added to existing ones. */
export interface OrganizationImportReport extends ImportReport {
  /** Existing organizations that got members or roles. */
  updated: number;
  membersAdded: number;
  /** Member-role pairs added. */
  rolesAssigned: number;
}

/**
 * Imports organizations with their members and their members' roles from the records of a
 * JSON file (`readRecords`): `[{ id?, name, description?, members: [{ email, roles: [roleName] }] }]`.
 * Members are users matched by email, roles organization roles matched by name: both must
 * exist (import users and set up the organization template first). Additive and
 * idempotent: missing organizations are created, missing memberships and roles added;
 * nothing is renamed or removed, so running the same file twice changes nothing. As for
 * users, every entry is checked first; if any is refused nothing is written, otherwise
 * everything is written in one transaction with the usual audit entries.
 */
export async function importOrganizations(
  ctx: ServiceContext,
  { records }: { records: AsyncIterable<SourceRecord> },
): Promise<OrganizationImportReport> {
  assertCanManageTenant(ctx);
  const refusals = new Refusals();
  const entries: OrganizationEntry[] = [];
  const lineOfKey = new Map<string, number>();
  let total = 0;

  for await (const record of records) {
    total += 1;
    if ("refused" in record) {
      refusals.add(record.line, record.refused);
      continue;
    }
    const { line } = record;
    const parsed = organizationEntry.safeParse(withoutNulls(record.fields));
    if (!parsed.success) {
      refusals.add(line, describeIssues(parsed.error));
      continue;
    }
    const entry = { ...parsed.data, line };
    const key = entryKey(entry);
    const earlier = lineOfKey.get(key);
    if (earlier !== undefined) {
      refusals.add(line, `the same organization is also on line ${earlier}`);
      continue;
    }
    const repeated = entry.members.find((m, i) =>
      entry.members.some((other, j) => j < i && other.email === m.email),
    );
    if (repeated) {
      refusals.add(line, `member "${repeated.email}" is listed twice`);
      continue;
    }
    lineOfKey.set(key, line);
    entries.push(entry);
  }

  const resolved = await resolveReferences(ctx, entries, refusals);
  if (refusals.count > 0) {
    return {
      written: false,
      total,
      created: 0,
      updated: 0,
      unchanged: 0,
      membersAdded: 0,
      rolesAssigned: 0,
      refused: refusals.sorted(),
      refusedCount: refusals.count,
    };
  }

  try {
    const counts = await ctx.db.$transaction(async (tx) => {
      const result = { created: 0, updated: 0, unchanged: 0, membersAdded: 0, rolesAssigned: 0 };
      const audit: AuditEntry[] = [];
      for (const entry of entries) {
        let organizationId = resolved.organizationIds.get(entry);
        if (organizationId === undefined) {
          const row = await tx.organization.create({
            data: {
              ...(entry.id !== undefined && { id: entry.id }),
              name: entry.name,
              description: entry.description ?? null,
            },
            select: { id: true, name: true },
          });
          organizationId = row.id;
          result.created += 1;
          audit.push({
            action: "organization.created",
            targetType: "organization",
            targetId: row.id,
            organizationId: row.id,
            data: { name: row.name, via: "import" },
          });
        }
        const userIdOf = (address: string) => resolved.userIds.get(address) ?? "";
        const { added } = await organizationMembers.assign(
          tx,
          { organizationId },
          entry.members.map((m) => userIdOf(m.email)),
        );
        if (added.length)
          audit.push(organizationAudit(organizationId, "member.added", { userIds: added }));

        // Members with the same roles are given them in one statement.
        const byRoles = new Map<string, { roleIds: string[]; userIds: string[] }>();
        for (const member of entry.members) {
          if (member.roles.length === 0) continue;
          const roleIds = [
            ...new Set(member.roles.map((name) => resolved.roleIds.get(name) ?? "")),
          ];
          const key = [...roleIds].sort().join(",");
          const group = byRoles.get(key) ?? { roleIds, userIds: [] };
          group.userIds.push(userIdOf(member.email));
          byRoles.set(key, group);
        }
        let rolesAdded = 0;
        for (const { roleIds, userIds } of byRoles.values()) {
          const rows = await memberRoles.assignEach(
            tx,
            userIds.map((userId) => ({ organizationId, userId })),
            roleIds,
          );
          if (rows.length === 0) continue;
          rolesAdded += rows.length;
          audit.push(
            organizationAudit(organizationId, "member.roles_assigned", {
              userIds: [...new Set(rows.map((r) => r.userId))],
              organizationRoleIds: roleIds,
              added: rows.length,
            }),
          );
        }
        result.membersAdded += added.length;
        result.rolesAssigned += rolesAdded;
        if (resolved.organizationIds.has(entry)) {
          if (added.length || rolesAdded) result.updated += 1;
          else result.unchanged += 1;
        }
      }
      await recordAudits(tx, ctx, audit);
      return result;
    }, IMPORT_TRANSACTION);
    return { written: true, total, ...counts, refused: [], refusedCount: 0 };
  } catch (error) {
    // Rows checked above changed meanwhile; the transaction rolled back, nothing was written.
    if (isForeignKeyViolation(error) || isUniqueViolation(error))
      throw new DomainError(
        "guard.invalid_input",
        "An organization, user or role named in the file was created or deleted during the import, so nothing was imported. Run the import again.",
      );
    throw error;
  }
}

function entryKey(entry: { id?: string; name: string }): string {
  return entry.id !== undefined ? `id:${entry.id}` : `name:${entry.name}`;
}

function organizationAudit(
  organizationId: string,
  action: string,
  data: Record<string, unknown>,
): AuditEntry {
  return { action, targetType: "organization", targetId: organizationId, organizationId, data };
}

/**
 * The database side of validation: which entries are existing organizations, and the ids
 * of the users and roles the file names. Refuses entries naming what does not exist, and
 * entries without an id whose name is ambiguous.
 */
async function resolveReferences(
  ctx: ServiceContext,
  entries: readonly OrganizationEntry[],
  refusals: Refusals,
) {
  const organizationIds = new Map<OrganizationEntry, string>();
  const withId = entries.filter((e) => e.id !== undefined).map((e) => e.id ?? "");
  const byName = entries.filter((e) => e.id === undefined).map((e) => e.name);
  const existingIds = new Set<string>();
  const idsByName = new Map<string, string[]>();
  for (const slice of chunks(withId, 1000)) {
    const rows = await ctx.db.organization.findMany({
      where: { id: { in: slice } },
      select: { id: true },
    });
    for (const row of rows) existingIds.add(row.id);
  }
  for (const slice of chunks([...new Set(byName)], 1000)) {
    const rows = await ctx.db.organization.findMany({
      where: { name: { in: slice } },
      select: { id: true, name: true },
    });
    for (const row of rows) idsByName.set(row.name, [...(idsByName.get(row.name) ?? []), row.id]);
  }

  const emails = [...new Set(entries.flatMap((e) => e.members.map((m) => m.email)))];
  const userIds = new Map<string, string>();
  for (const slice of chunks(emails, 1000)) {
    const rows = await ctx.db.user.findMany({
      where: { email: { in: slice } },
      select: { id: true, email: true },
    });
    for (const row of rows) if (row.email !== null) userIds.set(row.email, row.id);
  }

  const names = [...new Set(entries.flatMap((e) => e.members.flatMap((m) => m.roles)))];
  const roles = await ctx.db.organizationRole.findMany({
    where: { name: { in: names } },
    select: { id: true, name: true, type: true },
  });
  const roleIds = new Map(roles.filter((r) => r.type === "User").map((r) => [r.name, r.id]));
  const machineRoles = new Set(roles.filter((r) => r.type !== "User").map((r) => r.name));

  for (const entry of entries) {
    const problems: string[] = [];
    if (entry.id !== undefined) {
      if (existingIds.has(entry.id)) organizationIds.set(entry, entry.id);
    } else {
      const matches = idsByName.get(entry.name) ?? [];
      const [only] = matches;
      if (matches.length > 1)
        problems.push(
          `${matches.length} organizations are named "${entry.name}": add the "id" of the one you mean`,
        );
      else if (only !== undefined) organizationIds.set(entry, only);
    }
    entry.members.forEach((member, i) => {
      if (!userIds.has(member.email))
        problems.push(
          `members[${i}]: no user has the email "${member.email}" (import users first)`,
        );
      for (const name of member.roles) {
        if (machineRoles.has(name))
          problems.push(
            `members[${i}]: "${name}" is a machine-to-machine role: only applications can hold it`,
          );
        else if (!roleIds.has(name))
          problems.push(
            `members[${i}]: no organization role is named "${name}" (set up the organization template first)`,
          );
      }
    });
    if (problems.length) refusals.add(entry.line, problems.join("; "));
  }
  return { organizationIds, userIds, roleIds };
}
