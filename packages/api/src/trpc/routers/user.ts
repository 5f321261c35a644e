import {
  createUser,
  deleteUser,
  getUser,
  getUserOrganizations,
  listUsers,
  setUserSuspended,
  updateUser,
} from "@guildhall/core";
import {
  createUserInput,
  listUsersInput,
  setUserSuspendedInput,
  updateUserInput,
  user,
  userList,
  userOrganization,
  userRef,
} from "@guildhall/validators";
import { z } from "zod";
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
  setSuspended: consoleProcedure()
    .input(setUserSuspendedInput)
    .output(user)
    .mutation(({ ctx, input }) => setUserSuspended(ctx.service, input)),
  organizations: consoleProcedure()
    .input(userRef)
    .output(z.array(userOrganization))
    .query(({ ctx, input }) => getUserOrganizations(ctx.service, input)),
});
