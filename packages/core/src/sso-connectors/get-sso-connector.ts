import { id as idSchema, type SsoConnector } from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { assertMaySeeSsoConnectors } from "./authorize.ts";
import { ssoConnectorNotFound, ssoConnectorSelect, toSsoConnector } from "./select.ts";

/** One connector, its secret masked. @throws sso_connector.not_found */
export async function getSsoConnector(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<SsoConnector> {
  assertMaySeeSsoConnectors(ctx);
  const connectorId = parseInput(idSchema, id);
  const row = await ctx.db.ssoConnector.findUnique({
    where: { id: connectorId },
    select: ssoConnectorSelect,
  });
  if (!row) throw ssoConnectorNotFound(connectorId);
  return toSsoConnector(row);
}
