import type { Prisma } from "@guildhall/db";
import {
  BUILT_IN_PERMISSIONS,
  SELF_SERVICE_ORGANIZATION_FIELDS,
  updateOrganizationInput,
  type Organization,
  type UpdateOrganizationInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { authorizeInOrganization } from "../organization-access/authorize-in-organization.ts";
import { parseInput } from "../parse.ts";
import { assertValidCustomCss } from "./custom-css.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { organizationNotFound, organizationSelect, toOrganization } from "./select.ts";

/**
 * Updates the fields given; `customData`, `branding` and `color` are replaced as a whole,
 * `customCss: null` removes the custom CSS. A member holding `guildhall:organization:update`
 * may change the name, description and look only (custom data, MFA and SSO-only are the
 * vendor's). @throws organization.not_found, guard.invalid_input, auth.forbidden
 */
export async function updateOrganization(
  ctx: ServiceContext,
  input: UpdateOrganizationInput,
): Promise<Organization> {
  if (ctx.actor.type !== "user") assertCanManageTenant(ctx);
  const { id, ...data } = parseInput(updateOrganizationInput, input);
  const access = await authorizeInOrganization(ctx, id, BUILT_IN_PERMISSIONS.organizationUpdate);
  if (access.member) {
    const allowed: readonly string[] = SELF_SERVICE_ORGANIZATION_FIELDS;
    const refused = Object.keys(data).filter(
      (k) => data[k as keyof typeof data] !== undefined && !allowed.includes(k),
    );
    if (refused.length > 0)
      throw new DomainError(
        "auth.forbidden",
        `Members can change ${allowed.join(", ")}; ${refused.join(", ")} can only be changed by the vendor's console or Management API.`,
      );
  }
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
