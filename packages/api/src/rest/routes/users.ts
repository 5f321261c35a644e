import {
  createUser,
  deleteUser,
  getUser,
  getUserOrganizations,
  hasPassword,
  listUsers,
  setUserSuspended,
  updateUser,
  updateUserProfile,
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
  restUserProfile,
  restUserProfileBody,
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
      "The user pool, newest first. `q` (or Logto's `search`) matches part of the email, username, phone number or name (any case), or the exact id.",
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
      "Adds a user to the pool. No field is required, as in Logto: a user may have only a username, a phone number, a name, or nothing. Usernames follow Logto's rule (letters, digits, underscores; not starting with a digit) and, like emails, are unique regardless of case; a username's case is kept. `passwordDigest` with `passwordAlgorithm` imports a hash made elsewhere (Argon2i/Argon2id/Argon2d, Bcrypt, SHA1, SHA256, MD5; not Logto's `Legacy`); the user signs in with their existing password and it is rehashed. As in Logto, a creation answers 200.",
    body: restCreateUserBody,
    response: restUser,
    errors: [E.usernameInUse, E.emailInUse, E.phoneInUse],
    handler: async ({ ctx, body }) =>
      toRestUser(
        await createUser(ctx, {
          email: body.primaryEmail,
          username: body.username,
          primaryPhone: body.primaryPhone,
          name: body.name,
          password: body.password,
          passwordDigest: body.passwordDigest,
          passwordAlgorithm: body.passwordAlgorithm,
          avatarUrl: body.avatar,
          customData: body.customData,
          profile: body.profile,
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
      'Changes the fields given; `""` or `null` clears `username`, `primaryEmail`, `primaryPhone`, `name` or `avatar`. `customData` and `profile` are replaced as a whole (`PATCH /api/users/{userId}/profile` merges).',
    params: restUserIdParams,
    body: restUpdateUserBody,
    response: restUser,
    errors: [E.notExistsWithId, E.usernameInUse, E.emailInUse, E.phoneInUse],
    handler: async ({ ctx, params, body }) =>
      toRestUser(
        await updateUser(ctx, {
          id: params.userId,
          username: body.username,
          email: body.primaryEmail,
          primaryPhone: body.primaryPhone,
          name: body.name,
          avatarUrl: body.avatar,
          customData: body.customData,
          profile: body.profile,
        }),
      ),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/users/{userId}/profile",
    operationId: "UpdateUserProfile",
    tag,
    summary: "Update user profile",
    description:
      "Merges into the user's profile (OpenID Connect standard claims): the keys given replace the user's, the others stay; an `address` given replaces the whole address. Answers the whole profile.",
    params: restUserIdParams,
    body: restUserProfileBody,
    response: restUserProfile,
    errors: [E.notExistsWithId],
    handler: ({ ctx, params, body }) =>
      updateUserProfile(ctx, { id: params.userId, profile: body.profile }),
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
