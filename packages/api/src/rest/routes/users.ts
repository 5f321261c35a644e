import {
  createUser,
  deleteUser,
  getUser,
  getUserOrganizations,
  hasPassword,
  listUsers,
  setUserSuspended,
  updateUser,
  verifyUserPassword,
} from "@guildhall/core";
import {
  restCreateUserBody,
  restHasPassword,
  restListUsersQuery,
  restUpdateUserBody,
  restUser,
  restUserIdParams,
  restUserOrganization,
  restUserPasswordBody,
  restUserSuspendedBody,
  restVerifyPasswordBody,
} from "@guildhall/validators/rest";
import { z } from "zod";
import { E } from "../errors.ts";
import { toRestUser, toRestUserOrganization } from "../mappers.ts";
import { emptyRoute, jsonRoute, listRoute } from "../router.ts";

const tag = "Users";

export const userRoutes = [
  listRoute({
    method: "GET",
    path: "/api/users",
    operationId: "ListUsers",
    tag,
    summary: "Get users",
    description:
      "The user pool, newest first. `q` (or Logto's `search`) matches part of the email or name, or the exact id.",
    query: restListUsersQuery,
    response: restUser,
    handler: async ({ ctx, query, page }) => {
      const q = query.q ?? (query.search?.replaceAll("%", "").trim() || undefined);
      const { items, total } = await listUsers(ctx, { q, ...page });
      return { items: items.map(toRestUser), total };
    },
  }),
  jsonRoute({
    method: "POST",
    path: "/api/users",
    operationId: "CreateUser",
    tag,
    summary: "Create user",
    description:
      "Adds a user to the pool. Emails are unique regardless of case. As in Logto, a creation answers 200.",
    body: restCreateUserBody,
    response: restUser,
    errors: [E.emailInUse],
    handler: async ({ ctx, body }) =>
      toRestUser(
        await createUser(ctx, {
          email: body.primaryEmail,
          name: body.name,
          password: body.password,
          avatarUrl: body.avatar,
          customData: body.customData,
          emailVerified: body.primaryEmailVerified,
        }),
      ),
  }),
  jsonRoute({
    method: "GET",
    path: "/api/users/{userId}",
    operationId: "GetUser",
    tag,
    summary: "Get user",
    params: restUserIdParams,
    response: restUser,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params }) => toRestUser(await getUser(ctx, { id: params.userId })),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/users/{userId}",
    operationId: "UpdateUser",
    tag,
    summary: "Update user",
    description:
      'Changes the fields given; `""` or `null` clears `name` or `avatar`. `customData` is replaced as a whole.',
    params: restUserIdParams,
    body: restUpdateUserBody,
    response: restUser,
    errors: [E.notExistsWithId, E.emailInUse],
    handler: async ({ ctx, params, body }) =>
      toRestUser(
        await updateUser(ctx, {
          id: params.userId,
          email: body.primaryEmail,
          name: body.name,
          avatarUrl: body.avatar,
          customData: body.customData,
        }),
      ),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/users/{userId}",
    operationId: "DeleteUser",
    tag,
    summary: "Delete user",
    description: "The user's memberships and organization roles go with them.",
    status: 204,
    params: restUserIdParams,
    errors: [E.notExistsWithId, E.lastAdmin],
    handler: ({ ctx, params }) => deleteUser(ctx, { id: params.userId }),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/users/{userId}/password",
    operationId: "UpdateUserPassword",
    tag,
    summary: "Update user password",
    description:
      "Sets a new password and signs the user out everywhere: console sessions and applications' refresh tokens.",
    params: restUserIdParams,
    body: restUserPasswordBody,
    response: restUser,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, body }) =>
      toRestUser(await updateUser(ctx, { id: params.userId, password: body.password })),
  }),
  emptyRoute({
    method: "POST",
    path: "/api/users/{userId}/password/verify",
    operationId: "VerifyUserPassword",
    tag,
    summary: "Verify user password",
    description:
      "204 when the password is the user's. A wrong password, or a user without one, is 422 `session.invalid_credentials`, as in Logto.",
    status: 204,
    params: restUserIdParams,
    body: restVerifyPasswordBody,
    errors: [E.notExistsWithId, E.invalidCredentials],
    overrides: {
      "password.incorrect": E.invalidCredentials,
      "password.not_set": E.invalidCredentials,
    },
    handler: ({ ctx, params, body }) =>
      verifyUserPassword(ctx, { userId: params.userId, password: body.password }),
  }),
  jsonRoute({
    method: "GET",
    path: "/api/users/{userId}/has-password",
    operationId: "GetUserHasPassword",
    tag,
    summary: "Check if user has password",
    params: restUserIdParams,
    response: restHasPassword,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params }) => ({
      hasPassword: await hasPassword(ctx, { userId: params.userId }),
    }),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/users/{userId}/is-suspended",
    operationId: "UpdateUserIsSuspended",
    tag,
    summary: "Update user suspension status",
    description:
      "A suspended user can no longer sign in. Setting the state the user is already in changes nothing.",
    params: restUserIdParams,
    body: restUserSuspendedBody,
    response: restUser,
    errors: [E.notExistsWithId, E.lastAdmin],
    handler: async ({ ctx, params, body }) =>
      toRestUser(await setUserSuspended(ctx, { id: params.userId, isSuspended: body.isSuspended })),
  }),
  jsonRoute({
    method: "GET",
    path: "/api/users/{userId}/organizations",
    operationId: "ListUserOrganizations",
    tag,
    summary: "Get organizations for a user",
    description:
      "The organizations the user belongs to, in the order they joined, with the user's roles in each.",
    params: restUserIdParams,
    response: z.array(restUserOrganization),
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params }) =>
      (await getUserOrganizations(ctx, { id: params.userId })).map(toRestUserOrganization),
  }),
];
