import {
  addJitEmailDomain,
  addJitRoles,
  addJitSsoConnectors,
  listJitEmailDomains,
  listJitRoles,
  listJitSsoConnectors,
  removeJitEmailDomain,
  removeJitRole,
  removeJitSsoConnector,
  replaceJitEmailDomains,
  replaceJitRoles,
  replaceJitSsoConnectors,
} from "@guildhall/core";
import {
  addJitEmailDomainInput,
  addJitRolesInput,
  addJitSsoConnectorsInput,
  jitEmailDomain,
  jitEmailDomainList,
  jitRoleList,
  jitSsoConnectorList,
  listJitInput,
  removeJitEmailDomainInput,
  removeJitRoleInput,
  removeJitSsoConnectorInput,
  replaceJitEmailDomainsInput,
  replaceJitRolesInput,
  replaceJitSsoConnectorsInput,
} from "@guildhall/validators";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";

/** organization.jit.*: who joins an organization just in time, and with which roles. */
export const organizationJitRouter = router({
  emailDomain: router({
    list: consoleProcedure()
      .input(listJitInput)
      .output(jitEmailDomainList)
      .query(({ ctx, input }) => listJitEmailDomains(ctx.service, input)),
    add: consoleProcedure()
      .input(addJitEmailDomainInput)
      .output(jitEmailDomain)
      .mutation(({ ctx, input }) => addJitEmailDomain(ctx.service, input)),
    replace: consoleProcedure()
      .input(replaceJitEmailDomainsInput)
      .output(z.void())
      .mutation(({ ctx, input }) => replaceJitEmailDomains(ctx.service, input)),
    remove: consoleProcedure()
      .input(removeJitEmailDomainInput)
      .output(z.void())
      .mutation(({ ctx, input }) => removeJitEmailDomain(ctx.service, input)),
  }),
  role: router({
    list: consoleProcedure()
      .input(listJitInput)
      .output(jitRoleList)
      .query(({ ctx, input }) => listJitRoles(ctx.service, input)),
    add: consoleProcedure()
      .input(addJitRolesInput)
      .output(z.void())
      .mutation(({ ctx, input }) => addJitRoles(ctx.service, input)),
    replace: consoleProcedure()
      .input(replaceJitRolesInput)
      .output(z.void())
      .mutation(({ ctx, input }) => replaceJitRoles(ctx.service, input)),
    remove: consoleProcedure()
      .input(removeJitRoleInput)
      .output(z.void())
      .mutation(({ ctx, input }) => removeJitRole(ctx.service, input)),
  }),
  ssoConnector: router({
    list: consoleProcedure()
      .input(listJitInput)
      .output(jitSsoConnectorList)
      .query(({ ctx, input }) => listJitSsoConnectors(ctx.service, input)),
    add: consoleProcedure()
      .input(addJitSsoConnectorsInput)
      .output(z.void())
      .mutation(({ ctx, input }) => addJitSsoConnectors(ctx.service, input)),
    replace: consoleProcedure()
      .input(replaceJitSsoConnectorsInput)
      .output(z.void())
      .mutation(({ ctx, input }) => replaceJitSsoConnectors(ctx.service, input)),
    remove: consoleProcedure()
      .input(removeJitSsoConnectorInput)
      .output(z.void())
      .mutation(({ ctx, input }) => removeJitSsoConnector(ctx.service, input)),
  }),
});
