import {
  updateSsoConnectorInput,
  type SsoConnector,
  type UpdateSsoConnectorInput,
} from "@guildhall/validators";
import type { Prisma } from "@guildhall/db";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { assertMayChangeSsoConnectors } from "./authorize.ts";
import { prepareConfig } from "./config.ts";
import type { SsoConnectorWriteOptions } from "./create-sso-connector.ts";
import { assertDomainsUnclaimed, normalizeConnectorDomains } from "./domains.ts";
import {
  asObject,
  ssoConnectorNameTaken,
  ssoConnectorNotFound,
  ssoConnectorSelect,
  toSsoConnector,
} from "./select.ts";

/**
 * Changes a connector (its provider stays). `config` is merged over the stored one and
 * validated whole, so an OIDC secret left out or sent as `********` is kept; `domains` and
 * `branding` replace the stored ones. The audit entry names the fields changed, never values
 * of the config.
 * @throws auth.forbidden, sso_connector.not_found, sso_connector.invalid_config,
 *   sso_connector.name_taken
 */
export async function updateSsoConnector(
  ctx: ServiceContext,
  input: UpdateSsoConnectorInput,
  { instanceSecret }: SsoConnectorWriteOptions,
): Promise<SsoConnector> {
  assertMayChangeSsoConnectors(ctx);
  const { id, config, domains: rawDomains, ...rest } = parseInput(updateSsoConnectorInput, input);
  const domains = rawDomains && normalizeConnectorDomains(rawDomains);
  const current = await ctx.db.ssoConnector.findUnique({
    where: { id },
    select: { providerName: true, config: true },
  });
  if (!current) throw ssoConnectorNotFound(id);
  const nextConfig = config
    ? await prepareConfig(current.providerName, config, {
        instanceSecret,
        previous: asObject(current.config),
      })
    : undefined;
  const row = await translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        if (domains) await assertDomainsUnclaimed(tx, domains, id);
        const updated = await tx.ssoConnector.update({
          where: { id },
          data: {
            ...rest,
            ...(domains ? { domains } : {}),
            ...(nextConfig ? { config: nextConfig as Prisma.InputJsonObject } : {}),
          },
          select: ssoConnectorSelect,
        });
        await recordAudit(tx, ctx, {
          action: "sso_connector.updated",
          targetType: "sso_connector",
          targetId: id,
          data: {
            connectorName: updated.connectorName,
            changed: [
              ...Object.keys(rest),
              ...(domains ? ["domains"] : []),
              ...(nextConfig ? ["config"] : []),
            ],
            ...(domains ? { domains } : {}),
          },
        });
        return updated;
      }),
    {
      unique: () => ssoConnectorNameTaken(rest.connectorName ?? ""),
      notFound: () => ssoConnectorNotFound(id),
    },
  );
  return toSsoConnector(row);
}
