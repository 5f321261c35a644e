import type { Prisma } from "@guildhall/db";
import {
  createOrganizationInput,
  type CreateOrganizationInput,
  type Organization,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { assertValidCustomCss } from "./custom-css.ts";
import { organizationSelect, toOrganization } from "./select.ts";

/**
 * Creates an organization. It follows the template at once: no roles are copied into it.
 * @throws guard.invalid_input (custom CSS that does not parse)
 */
export async function createOrganization(
  ctx: ServiceContext,
  input: CreateOrganizationInput,
): Promise<Organization> {
  assertCanManageTenant(ctx);
  const data = parseInput(createOrganizationInput, input);
  if (data.customCss) assertValidCustomCss(data.customCss);
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.organization.create({
      data: {
        name: data.name,
        description: data.description ?? null,
        customData: data.customData as Prisma.InputJsonObject,
        isMfaRequired: data.isMfaRequired,
        isSsoOnly: data.isSsoOnly,
        branding: data.branding,
        color: data.color,
        customCss: data.customCss ?? null,
      },
      select: organizationSelect,
    });
    await recordAudit(tx, ctx, {
      action: "organization.created",
      targetType: "organization",
      targetId: row.id,
      organizationId: row.id,
      data: { name: row.name },
    });
    return toOrganization(row);
  });
}
