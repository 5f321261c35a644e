import {
  createSsoConnector,
  deleteSsoConnector,
  getSsoConnector,
  listSsoConnectorProviders,
  listSsoConnectors,
  updateSsoConnector,
} from "@guildhall/core";
import {
  createSsoConnectorInput,
  id,
  listSsoConnectorsInput,
  ssoConnector,
  ssoConnectorList,
  ssoConnectorProvider,
  updateSsoConnectorInput,
} from "@guildhall/validators";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { consoleProcedure, router, type TrpcContext } from "../trpc.ts";

const byId = z.object({ id });

/** The key connector secrets are sealed with; without it nothing may be stored. */
function sealingOptions(ctx: Pick<TrpcContext, "instanceSecret">) {
  if (!ctx.instanceSecret)
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: "The instance secret (GUILDHALL_SECRET) is not configured on this server.",
    });
  return { instanceSecret: ctx.instanceSecret };
}

/**
 * ssoConnector.*: enterprise SSO connectors. Every console member sees them (never a secret);
 * only admins change them, since a connector decides who may sign in as whom.
 */
export const ssoConnectorRouter = router({
  providers: consoleProcedure()
    .input(z.void())
    .output(z.array(ssoConnectorProvider))
    .query(() => listSsoConnectorProviders()),
  list: consoleProcedure()
    .input(listSsoConnectorsInput)
    .output(ssoConnectorList)
    .query(({ ctx, input }) => listSsoConnectors(ctx.service, input)),
  get: consoleProcedure()
    .input(byId)
    .output(ssoConnector)
    .query(({ ctx, input }) => getSsoConnector(ctx.service, input)),
  create: consoleProcedure("admin")
    .input(createSsoConnectorInput)
    .output(ssoConnector)
    .mutation(({ ctx, input }) => createSsoConnector(ctx.service, input, sealingOptions(ctx))),
  update: consoleProcedure("admin")
    .input(updateSsoConnectorInput)
    .output(ssoConnector)
    .mutation(({ ctx, input }) => updateSsoConnector(ctx.service, input, sealingOptions(ctx))),
  delete: consoleProcedure("admin")
    .input(byId)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteSsoConnector(ctx.service, input)),
});
