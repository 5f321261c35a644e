import {
  createSsoConnectorInput,
  type CreateSsoConnectorInput,
  type SsoConnector,
} from "@guildhall/validators";
import type { Prisma } from "@guildhall/db";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { assertMayChangeSsoConnectors } from "./authorize.ts";
import { prepareConfig } from "./config.ts";
import { assertDomainsUnclaimed, normalizeConnectorDomains } from "./domains.ts";
import { ssoConnectorNameTaken, ssoConnectorSelect, toSsoConnector } from "./select.ts";

/** What connector writes need besides their input: the key secrets are sealed with. */
export interface SsoConnectorWriteOptions {
  instanceSecret: string;
}

/**
 * Adds an enterprise SSO connector. The config may be left out and set later; when given it
 * is validated for the provider (SAML metadata parsed, certificates read) and the OIDC client
 * secret is sealed. Its domains must not be public mail domains nor another connector's.
 * @throws auth.forbidden, guard.invalid_input, sso_connector.invalid_config, sso_connector.name_taken
 */
export async function createSsoConnector(
  ctx: ServiceContext,
  input: CreateSsoConnectorInput,
  { instanceSecret }: SsoConnectorWriteOptions,
): Promise<SsoConnector> {
  assertMayChangeSsoConnectors(ctx);
  const data = parseInput(createSsoConnectorInput, input);
  const domains = normalizeConnectorDomains(data.domains);
  const config = data.config
    ? await prepareConfig(data.providerName, data.config, { instanceSecret })
    : {};
  const row = await translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await assertDomainsUnclaimed(tx, domains, "");
        const created = await tx.ssoConnector.create({
          data: {
            providerName: data.providerName,
            connectorName: data.connectorName,
            config: config as Prisma.InputJsonObject,
            domains,
            branding: data.branding,
            syncProfile: data.syncProfile,
            allowPasswordSignIn: data.allowPasswordSignIn,
          },
          select: ssoConnectorSelect,
        });
        await recordAudit(tx, ctx, {
          action: "sso_connector.created",
          targetType: "sso_connector",
          targetId: created.id,
          data: {
            providerName: created.providerName,
            connectorName: created.connectorName,
            domains,
            configured: Object.keys(config).length > 0,
          },
        });
        return created;
      }),
    { unique: () => ssoConnectorNameTaken(data.connectorName) },
  );
  return toSsoConnector(row);
}
