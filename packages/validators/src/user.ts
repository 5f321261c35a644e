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

/** Logto's rule for usernames: letters, digits and underscores, not starting with a digit. */
export const USERNAME_PATTERN = /^[A-Z_a-z]\w*$/;

/** A username as typed (its case is kept; uniqueness ignores case). */
export const username = text()
  .min(1, "Username is required")
  .max(128, "Username must be at most 128 characters")
  .regex(
    USERNAME_PATTERN,
    "A username has only letters, digits and underscores, and does not start with a digit",
  );

/** A phone number as Logto stores it: digits only, country code first (`15551234567`). */
export const phoneNumber = text()
  .min(1, "Phone number is required")
  .max(32, "A phone number is at most 32 digits")
  .regex(/^\d+$/, "A phone number is digits only, country code first (e.g. 15551234567)");

const profileText = text().max(1024, "At most 1,024 characters");

/**
 * Logto's profile object (OpenID Connect standard claims). Unknown keys are refused, not
 * dropped, so a typo is noticed.
 */
export const userProfile = z
  .strictObject({
    familyName: profileText,
    givenName: profileText,
    middleName: profileText,
    nickname: profileText,
    preferredUsername: profileText,
    profile: profileText,
    website: profileText,
    gender: profileText,
    birthdate: profileText,
    zoneinfo: profileText,
    locale: profileText,
    address: z
      .strictObject({
        formatted: profileText,
        streetAddress: profileText,
        locality: profileText,
        region: profileText,
        postalCode: profileText,
        country: profileText,
      })
      .partial(),
  })
  .partial();
export type UserProfile = z.infer<typeof userProfile>;

/**
 * The digests `passwordDigest` may carry: the ones verified here (Logto's list without its
 * `Legacy` JSON format, which runs an arbitrary hash recipe).
 */
export const PASSWORD_ALGORITHMS = [
  "Argon2i",
  "Argon2id",
  "Argon2d",
  "Bcrypt",
  "SHA1",
  "SHA256",
  "MD5",
] as const;
export const passwordAlgorithm = z.enum(PASSWORD_ALGORITHMS, {
  error: () =>
    `passwordAlgorithm must be one of ${PASSWORD_ALGORITHMS.join(", ")}. Logto's "Legacy" format is not supported: set a password instead, or have the user reset it.`,
});
export type PasswordAlgorithm = z.infer<typeof passwordAlgorithm>;

/** A user as every API returns it: never the password hash. */
export const user = z.object({
  id: z.string(),
  /** Null for a user created without one (Logto's users may have only a username, or nothing). */
  email: z.string().nullable(),
  /** As typed; unique regardless of case. */
  username: z.string().nullable(),
  /** Digits only, as Logto stores it. */
  primaryPhone: z.string().nullable(),
  name: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  emailVerified: z.boolean(),
  mfaEnabled: z.boolean(),
  /** The kinds of second factor the user has confirmed, each kind once. */
  mfaFactors: z.array(mfaFactorType),
  isSuspended: z.boolean(),
  customData: jsonObject,
  /** Logto's standard profile claims (givenName, familyName, website, address, …). */
  profile: jsonObject,
  lastSignInAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type User = z.infer<typeof user>;

/**
 * A new user. Every field is optional, as in Logto: a user may have only a username, a
 * phone number, a name, or nothing. `passwordDigest` + `passwordAlgorithm` import a hash
 * made elsewhere (instead of `password`).
 */
export const createUserInput = z.object({
  email: email.nullish(),
  username: username.nullish(),
  primaryPhone: phoneNumber.nullish(),
  name: name.nullish(),
  password: password.optional(),
  passwordDigest: text().min(1, "passwordDigest is empty").max(256).optional(),
  passwordAlgorithm: passwordAlgorithm.optional(),
  avatarUrl: imageUrl().nullish(),
  /** Only with an email. */
  emailVerified: z.boolean().default(false),
  customData: jsonObject.default({}),
  profile: userProfile.default({}),
});
export type CreateUserInput = z.input<typeof createUserInput>;

export const updateUserInput = z.object({
  id,
  /** `null` removes the address (and its verification). */
  email: email.nullish(),
  /** `null` removes the username. */
  username: username.nullish(),
  /** `null` removes the phone number. */
  primaryPhone: phoneNumber.nullish(),
  name: name.nullish(),
  avatarUrl: imageUrl().nullish(),
  password: password.optional(),
  /** Omitted: kept, unless the email changes (a new address starts unverified). */
  emailVerified: z.boolean().optional(),
  /** Replaces the whole object. */
  customData: jsonObject.optional(),
  /** Replaces the whole object (`updateUserProfile` merges instead). */
  profile: userProfile.optional(),
});
export type UpdateUserInput = z.input<typeof updateUserInput>;

/** Logto's `PATCH /users/{id}/profile`: the keys given replace theirs, the others stay. */
export const updateUserProfileInput = z.object({ id, profile: userProfile });
export type UpdateUserProfileInput = z.input<typeof updateUserProfileInput>;

export const listUsersInput = paginationInput.extend({ q: searchInput });
export type ListUsersInput = z.input<typeof listUsersInput>;
export const userList = paginated(user);

export const userRef = z.object({ id });
export type UserRef = z.input<typeof userRef>;

/** Bulk deletion from the users list: all of them, or none. */
export const deleteUsersInput = z.object({
  ids: z.array(id).min(1, "Pick at least one user").max(1000),
});
export type DeleteUsersInput = z.input<typeof deleteUsersInput>;

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

/** A password sign-in: the identifier is an email address or a username (any case). */
export const signInInput = z.object({
  identifier: text()
    .trim()
    .min(1, "Enter your email or username")
    .max(254, "An email or username is at most 254 characters"),
  password: text().min(1, "Enter your password").max(256),
});
export type SignInInput = z.input<typeof signInInput>;
