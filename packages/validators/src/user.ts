import { z } from "zod";
import {
  email,
  id,
  jsonObject,
  paginationInput,
  paginated,
  password,
  searchInput,
  text,
  imageUrl,
} from "./common.ts";
import { mfaFactorType } from "./sign-in-experience.ts";

const name = text()
  .trim()
  .min(1, "Name is required")
  .max(128, "Name must be at most 128 characters");

/** A user as every API returns it: never the password hash. */
export const user = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  emailVerified: z.boolean(),
  mfaEnabled: z.boolean(),
  /** The kinds of second factor the user has confirmed, each kind once. */
  mfaFactors: z.array(mfaFactorType),
  isSuspended: z.boolean(),
  customData: jsonObject,
  lastSignInAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type User = z.infer<typeof user>;

export const createUserInput = z.object({
  email,
  name: name.nullish(),
  password: password.optional(),
  avatarUrl: imageUrl().nullish(),
  emailVerified: z.boolean().default(false),
  customData: jsonObject.default({}),
});
export type CreateUserInput = z.input<typeof createUserInput>;

export const updateUserInput = z.object({
  id,
  email: email.optional(),
  name: name.nullish(),
  avatarUrl: imageUrl().nullish(),
  password: password.optional(),
  /** Omitted: kept, unless the email changes (a new address starts unverified). */
  emailVerified: z.boolean().optional(),
  /** Replaces the whole object. */
  customData: jsonObject.optional(),
});
export type UpdateUserInput = z.input<typeof updateUserInput>;

export const listUsersInput = paginationInput.extend({ q: searchInput });
export type ListUsersInput = z.input<typeof listUsersInput>;
export const userList = paginated(user);

export const userRef = z.object({ id });
export type UserRef = z.input<typeof userRef>;

/** A user named by `userId`: the account actions (verification, reset, MFA) take this shape. */
export const userIdInput = z.object({ userId: id });
export type UserIdInput = z.input<typeof userIdInput>;

/** What the caller may do to an account's credentials (see core's `getAccountAccess`). */
export const accountAccess = z.object({
  /** False for a collaborator looking at a console admin's account. */
  mayManageCredentials: z.boolean(),
});
export type AccountAccess = z.infer<typeof accountAccess>;

/** A password to check against the user's (Management API); its length is not judged here. */
export const verifyUserPasswordInput = z.object({
  userId: id,
  password: text().min(1, "Enter the password").max(256),
});
export type VerifyUserPasswordInput = z.input<typeof verifyUserPasswordInput>;

export const setUserSuspendedInput = z.object({ id, isSuspended: z.boolean() });
export type SetUserSuspendedInput = z.input<typeof setUserSuspendedInput>;

export const signInInput = z.object({
  email,
  password: text().min(1, "Enter your password").max(256),
});
export type SignInInput = z.input<typeof signInInput>;
