import {
  createApiResourceInput,
  type ApiResource,
  type CreateApiResourceInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { apiResourceSelect, toApiResource } from "./select.ts";

/**
 * Registers an API: access tokens can then be requested for its indicator.
 * @throws api_resource.indicator_taken
 */
export async function createApiResource(
  ctx: ServiceContext,
  input: CreateApiResourceInput,
): Promise<ApiResource> {
  assertCanManageTenant(ctx);
  const data = parseInput(createApiResourceInput, input);
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const resource = await tx.apiResource.create({ data, select: apiResourceSelect });
        await recordAudit(tx, ctx, {
          action: "api_resource.created",
          targetType: "api_resource",
          targetId: resource.id,
          data: { name: resource.name, indicator: resource.indicator },
        });
        return toApiResource(resource);
      }),
    {
      unique: () =>
        new DomainError(
          "api_resource.indicator_taken",
          `An API resource with the identifier "${data.indicator}" already exists. Each API needs its own identifier.`,
          { indicator: data.indicator },
        ),
    },
  );
}
