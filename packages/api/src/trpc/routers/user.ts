import {
  createUser,
  deleteUser,
  deleteUsers,
  getAccountAccess,
  getUser,
  getUserOrganizations,
  listMfaFactors,
  listUsers,
  removeMfaFactor,
  resetMfa,
  sendEmailVerification,
  sendPasswordReset,
  setUserSuspended,
  updateUser,
} from "@guildhall/core";
import {
  accountAccess,
  createUserInput,
  listUsersInput,
  mfaFactor,
  mfaUserInput,
  removeMfaFactorInput,
  sendEmailVerificationInput,
  sendPasswordResetInput,
  setUserSuspendedInput,
  updateUserInput,
  user,
  userList,
  userIdInput,
  userOrganization,
  userRef,
  deleteUsersInput,
} from "@guildhall/validators";
import { z } from "zod";
import { accountFlowOptions } from "../account-flow-options.ts";
import { consoleProcedure, router } from "../trpc.ts";

export const userRouter = router({
  list: consoleProcedure()
    .input(listUsersInput)
    .output(userList)
    .query(({ ctx, input }) => listUsers(ctx.service, input)),
  get: consoleProcedure()
    .input(userRef)
    .output(user)
    .query(({ ctx, input }) => getUser(ctx.service, input)),
  create: consoleProcedure()
    .input(createUserInput)
    .output(user)
    .mutation(({ ctx, input }) => createUser(ctx.service, input)),
  update: consoleProcedure()
    .input(updateUserInput)
    .output(user)
    .mutation(({ ctx, input }) => updateUser(ctx.service, input)),
  delete: consoleProcedure()
    .input(userRef)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteUser(ctx.service, input)),
  /** The users list's bulk delete: all of them or none (core checks each like `delete`). */
  deleteMany: consoleProcedure()
    .input(deleteUsersInput)
    .output(z.object({ deleted: z.number().int() }))
    .mutation(({ ctx, input }) => deleteUsers(ctx.service, input)),
  setSuspended: consoleProcedure()
    .input(setUserSuspendedInput)
    .output(user)
    .mutation(({ ctx, input }) => setUserSuspended(ctx.service, input)),
  organizations: consoleProcedure()
    .input(userRef)
    .output(z.array(userOrganization))
    .query(({ ctx, input }) => getUserOrganizations(ctx.service, input)),
  access: consoleProcedure()
    .input(userIdInput)
    .output(accountAccess)
    .query(({ ctx, input }) => getAccountAccess(ctx.service, input)),
  mfaFactors: consoleProcedure()
    .input(mfaUserInput)
    .output(z.array(mfaFactor))
    .query(({ ctx, input }) => listMfaFactors(ctx.service, input)),
  removeMfaFactor: consoleProcedure()
    .input(removeMfaFactorInput)
    .output(z.void())
    .mutation(({ ctx, input }) => removeMfaFactor(ctx.service, input)),
  resetMfa: consoleProcedure()
    .input(mfaUserInput)
    .output(z.void())
    .mutation(({ ctx, input }) => resetMfa(ctx.service, input)),
  sendVerification: consoleProcedure()
    .input(sendEmailVerificationInput)
    .output(z.void())
    .mutation(({ ctx, input }) =>
      sendEmailVerification(ctx.service, input, accountFlowOptions(ctx)),
    ),
  sendPasswordReset: consoleProcedure()
    .input(sendPasswordResetInput)
    .output(z.void())
    .mutation(({ ctx, input }) => sendPasswordReset(ctx.service, input, accountFlowOptions(ctx))),
});
