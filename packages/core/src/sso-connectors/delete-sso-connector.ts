import { id as idSchema } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { assertMayChangeSsoConnectors } from "./authorize.ts";
import { ssoConnectorNotFound } from "./select.ts";

/**
 * Deletes a connector. Its users' SSO identities and its organization links go with it
 * (cascade); the users themselves stay and can sign in another way.
 * @throws auth.forbidden, sso_connector.not_found
 */
export async function deleteSsoConnector(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<void> {
  assertMayChangeSsoConnectors(ctx);
  const connectorId = parseInput(idSchema, id);
  await translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const deleted = await tx.ssoConnector.delete({
          where: { id: connectorId },
          select: { providerName: true, connectorName: true, domains: true },
        });
        await recordAudit(tx, ctx, {
          action: "sso_connector.deleted",
          targetType: "sso_connector",
          targetId: connectorId,
          data: deleted,
        });
      }),
    { notFound: () => ssoConnectorNotFound(connectorId) },
  );
}
