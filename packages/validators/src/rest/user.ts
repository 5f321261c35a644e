import { z } from "zod";
import { id, jsonObject, text } from "../common.ts";
import { userOrganization } from "../member.ts";
import type { MfaFactorType } from "../sign-in-experience.ts";
import {
  createUserInput,
  setUserSuspendedInput,
  updateUserInput,
  user,
  userProfile,
  verifyUserPasswordInput,
} from "../user.ts";
import { restRef, restSearchQuery, restTimestamp } from "./common.ts";

/** A user as Logto returns it (`primaryEmail`, `avatar`, epoch timestamps). Never a secret. */
export const restUser = z
  .object({
    id: user.shape.id,
    username: user.shape.username.meta({
      description: "As given; unique regardless of case. The user can sign in with it.",
    }),
    primaryEmail: user.shape.email,
    primaryPhone: user.shape.primaryPhone.meta({ description: "Digits only." }),
    name: user.shape.name,
    avatar: user.shape.avatarUrl,
    customData: user.shape.customData,
    profile: user.shape.profile,
    identities: jsonObject,
    applicationId: z.string().nullable(),
    isSuspended: user.shape.isSuspended,
    lastSignInAt: restTimestamp.nullable(),
    createdAt: restTimestamp,
    updatedAt: restTimestamp,
  })
  .meta({ id: "User" });
export type RestUser = z.output<typeof restUser>;

/** "" clears a field, as in Logto. */
function clearable<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.literal("").transform(() => null)]).nullish();
}

export const restCreateUserBody = createUserInput
  .pick({
    username: true,
    primaryPhone: true,
    name: true,
    password: true,
    customData: true,
    profile: true,
  })
  .extend({
    primaryEmail: createUserInput.shape.email,
    avatar: createUserInput.shape.avatarUrl,
    primaryEmailVerified: createUserInput.shape.emailVerified.meta({
      description:
        "Guildhall extension: the address is known to be the user's. A verified address provisions the user into the organizations of its domain (just-in-time provisioning). Default false.",
    }),
    passwordDigest: createUserInput.shape.passwordDigest.meta({
      description:
        "A password hash made elsewhere, instead of `password`; needs `passwordAlgorithm`. Argon2 digests in PHC form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), Bcrypt as `$2a$`/`$2b$`/`$2y$`, SHA1/SHA256/MD5 as hex. Replaced by a scrypt hash at the user's first sign-in.",
    }),
    passwordAlgorithm: createUserInput.shape.passwordAlgorithm,
  })
  // A body that works as is: `password` and `passwordDigest` are exclusive.
  .meta({
    examples: [
      {
        username: "jane_doe",
        primaryEmail: "jane.doe@example.com",
        name: "Jane Doe",
        password: "correct-horse-battery-staple",
        profile: { givenName: "Jane", familyName: "Doe", locale: "en-US" },
        customData: {},
      },
    ],
  });

export const restUpdateUserBody = updateUserInput.pick({ customData: true, profile: true }).extend({
  username: clearable(updateUserInput.shape.username.unwrap().unwrap()),
  primaryEmail: clearable(updateUserInput.shape.email.unwrap().unwrap()),
  primaryPhone: clearable(updateUserInput.shape.primaryPhone.unwrap().unwrap()),
  name: clearable(updateUserInput.shape.name.unwrap().unwrap()),
  avatar: clearable(updateUserInput.shape.avatarUrl.unwrap().unwrap()),
});

/** Logto's `PATCH /users/{userId}/profile`: the keys given replace theirs, the others stay. */
export const restUserProfileBody = z.object({ profile: userProfile });
export const restUserProfile = userProfile.meta({ id: "UserProfile" });

export const restUserPasswordBody = z.object({ password: createUserInput.shape.password.unwrap() });
export const restUserSuspendedBody = setUserSuspendedInput.pick({ isSuspended: true });

export const restListUsersQuery = restSearchQuery.extend({
  search: text()
    .trim()
    .max(200)
    .optional()
    .meta({ description: "Logto's search parameter, read as `q` (`%` wildcards are ignored)." }),
});

/** An organization the user belongs to, with the user's roles there. */
export const restUserOrganization = userOrganization
  .pick({ id: true, name: true, description: true })
  .extend({ organizationRoles: z.array(restRef) })
  .meta({ id: "UserOrganization" });

export const restVerifyPasswordBody = z.object({
  password: verifyUserPasswordInput.shape.password,
});

export const restHasPassword = z.object({ hasPassword: z.boolean() }).meta({ id: "HasPassword" });

/** Logto's names for the factor types. */
export const REST_MFA_FACTOR_TYPES = {
  totp: "Totp",
  webauthn: "WebAuthn",
  backup_codes: "BackupCode",
} as const satisfies Record<MfaFactorType, string>;
export const restMfaFactorType = z.enum(["Totp", "WebAuthn", "BackupCode"]);

/** One of a user's factors as Logto's `GET /users/{userId}/mfa-verifications` lists it. */
export const restMfaVerification = z
  .object({
    id: z.string(),
    createdAt: z.string().meta({ description: "ISO 8601, as in Logto (not epoch milliseconds)." }),
    type: restMfaFactorType,
    name: z
      .string()
      .optional()
      .meta({ description: "WebAuthn: the passkey's name, if it has one." }),
    lastUsedAt: z
      .string()
      .optional()
      .meta({ description: "WebAuthn: ISO 8601, when the passkey last signed in." }),
    remainCodes: z
      .number()
      .int()
      .optional()
      .meta({ description: "BackupCode: how many codes are still unused." }),
  })
  .meta({ id: "UserMfaVerification" });
export type RestMfaVerification = z.output<typeof restMfaVerification>;

export const restMfaVerificationParams = z.object({ userId: id, verificationId: id });
