import { sqlPool } from "@guildhall/db/client";
import { id as idSchema, type OrganizationWithCounts } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { ORGANIZATION_COLUMNS, organizationTable } from "./list-organizations.ts";
import { organizationNotFound, toOrganization, type OrganizationRow } from "./select.ts";

/** @throws organization.not_found */
export async function getOrganization(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<OrganizationWithCounts> {
  assertCanManageTenant(ctx);
  const organizationId = parseInput(idSchema, id);
  const { rows } = await sqlPool(ctx.db).query<OrganizationRow & { memberCount: number }>(
    `SELECT ${ORGANIZATION_COLUMNS} FROM ${organizationTable.ref} WHERE ${organizationTable.col.id} = $1`,
    [organizationId],
  );
  const row = rows[0];
  if (!row) throw organizationNotFound(organizationId);
  const { memberCount, ...rest } = row;
  return { ...toOrganization(rest), memberCount };
}
