import { z } from "zod";
import { jsonObject, text } from "../common.ts";
import { userOrganization } from "../member.ts";
import { createUserInput, setUserSuspendedInput, updateUserInput, user } from "../user.ts";
import { restRef, restSearchQuery, restTimestamp, restUnsupported } from "./common.ts";

/** A user as Logto returns it (`primaryEmail`, `avatar`, epoch timestamps). Never a secret. */
export const restUser = z
  .object({
    id: user.shape.id,
    username: z
      .string()
      .nullable()
      .meta({ description: "Always null: Guildhall users sign in by email." }),
    primaryEmail: user.shape.email,
    primaryPhone: z
      .string()
      .nullable()
      .meta({ description: "Always null: phone numbers are not supported." }),
    name: user.shape.name,
    avatar: user.shape.avatarUrl,
    customData: user.shape.customData,
    profile: jsonObject,
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
  .pick({ name: true, password: true, customData: true })
  .extend({
    primaryEmail: createUserInput.shape.email,
    avatar: createUserInput.shape.avatarUrl,
    username: restUnsupported("username"),
    primaryPhone: restUnsupported("primaryPhone"),
    passwordDigest: restUnsupported("passwordDigest"),
    passwordAlgorithm: restUnsupported("passwordAlgorithm"),
    profile: restUnsupported("profile"),
  });

export const restUpdateUserBody = updateUserInput.pick({ customData: true }).extend({
  primaryEmail: updateUserInput.shape.email,
  name: clearable(updateUserInput.shape.name.unwrap().unwrap()),
  avatar: clearable(updateUserInput.shape.avatarUrl.unwrap().unwrap()),
  username: restUnsupported("username"),
  primaryPhone: restUnsupported("primaryPhone"),
  profile: restUnsupported("profile"),
});

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
