import { assertCanManageTenant, type ServiceContext } from "../context.ts";

/** One organization as an organizations file holds it: what `importOrganizations` reads back. */
export interface ExportedOrganization {
  id: string;
  name: string;
  description?: string;
  members: { email: string; roles: string[] }[];
}

/** Organizations read per query while exporting. */
const EXPORT_PAGE_SIZE = 200;

/**
 * How many organizations an export will write, and how many memberships it leaves out:
 * members are matched by email, so members without one cannot be exported.
 */
export async function countExportableOrganizations(
  ctx: ServiceContext,
): Promise<{ organizations: number; membersWithoutEmail: number }> {
  assertCanManageTenant(ctx);
  const [organizations, membersWithoutEmail] = await Promise.all([
    ctx.db.organization.count(),
    ctx.db.organizationMember.count({ where: { user: { email: null } } }),
  ]);
  return { organizations, membersWithoutEmail };
}

/**
 * Every organization, oldest first, with its members (by email, in the order they joined)
 * and each member's organization roles (by name). Read a page of organizations at a time.
 * The id is included, so importing the file into another instance keeps it.
 * @example for await (const organization of exportOrganizations(ctx)) write(organization);
 */
export async function* exportOrganizations(
  ctx: ServiceContext,
): AsyncGenerator<ExportedOrganization> {
  assertCanManageTenant(ctx);
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const page: { id: string; createdAt: Date; name: string; description: string | null }[] =
      await ctx.db.organization.findMany({
        where: after
          ? {
              OR: [
                { createdAt: { gt: after.createdAt } },
                { createdAt: after.createdAt, id: { gt: after.id } },
              ],
            }
          : {},
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, createdAt: true, name: true, description: true },
        take: EXPORT_PAGE_SIZE,
      });
    for (const organization of page) {
      const members = await ctx.db.organizationMember.findMany({
        where: { organizationId: organization.id, user: { email: { not: null } } },
        orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
        select: {
          user: { select: { email: true } },
          roles: {
            select: { role: { select: { name: true } } },
            orderBy: { role: { name: "asc" } },
          },
        },
      });
      yield {
        id: organization.id,
        name: organization.name,
        ...(organization.description !== null && { description: organization.description }),
        members: members.map((m) => ({
          email: m.user.email ?? "",
          roles: m.roles.map((r) => r.role.name),
        })),
      };
    }
    const last = page.at(-1);
    if (!last || page.length < EXPORT_PAGE_SIZE) return;
    after = { createdAt: last.createdAt, id: last.id };
  }
}
