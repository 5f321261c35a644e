import type { Prisma } from "@guildhall/db";
import {
  updateOrganizationInput,
  type Organization,
  type UpdateOrganizationInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { assertValidCustomCss } from "./custom-css.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { organizationNotFound, organizationSelect, toOrganization } from "./select.ts";

/**
 * Updates the fields given; `customData`, `branding` and `color` are replaced as a whole,
 * `customCss: null` removes the custom CSS. @throws organization.not_found, guard.invalid_input
 */
export async function updateOrganization(
  ctx: ServiceContext,
  input: UpdateOrganizationInput,
): Promise<Organization> {
  assertCanManageTenant(ctx);
  const { id, ...data } = parseInput(updateOrganizationInput, input);
  if (data.customCss) assertValidCustomCss(data.customCss);
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const row = await tx.organization.update({
          where: { id },
          data: {
            name: data.name,
            description: data.description,
            isMfaRequired: data.isMfaRequired,
            isSsoOnly: data.isSsoOnly,
            customData: data.customData as Prisma.InputJsonObject | undefined,
            branding: data.branding,
            color: data.color,
            customCss: data.customCss,
          },
          select: organizationSelect,
        });
        await recordAudit(tx, ctx, {
          action: "organization.updated",
          targetType: "organization",
          targetId: id,
          organizationId: id,
          data: {
            fields: Object.keys(data).filter((k) => data[k as keyof typeof data] !== undefined),
          },
        });
        return toOrganization(row);
      }),
    { notFound: () => organizationNotFound(id) },
  );
}
