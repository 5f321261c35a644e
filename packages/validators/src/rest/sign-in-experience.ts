import { z } from "zod";
import { password } from "../common.ts";
import { signInExperience } from "../sign-in-experience.ts";
import { restMfaFactorType } from "./user.ts";

/**
 * `SignIn`: only existing users sign in; `SignInAndRegister`: open registration too.
 * Logto's `Register` (registration without sign-in) has no meaning in Guildhall.
 */
export const restSignInMode = z.enum(["SignIn", "SignInAndRegister"], {
  error: 'signInMode is "SignIn" or "SignInAndRegister" in Guildhall.',
});

/**
 * `UserControlled`: users may enrol a factor (organizations may still require one);
 * `Mandatory`: every user enrols one at their next sign-in. Logto's prompt policies
 * (`PromptAtSignInAndSignUp`, `NoPrompt`, ...) have no counterpart yet.
 */
export const restMfaPolicy = z.enum(["UserControlled", "Mandatory"], {
  error: 'mfa.policy is "UserControlled" or "Mandatory" in Guildhall.',
});

/** The longest password any user may have (the `password` field's bound): not a setting. */
export const REST_PASSWORD_MAX_LENGTH = password.maxLength ?? 256;

const { passwordPolicy } = signInExperience.shape;

/** Logto's sign-in experience, with only the fields Guildhall has. */
export const restSignInExperience = z
  .object({
    id: z.literal("default"),
    signInMode: restSignInMode,
    passwordPolicy: z.object({
      length: z.object({
        min: passwordPolicy.shape.minLength,
        max: z.number().int().meta({ description: "Fixed: the longest password accepted." }),
      }),
      minScore: passwordPolicy.shape.minScore.meta({
        description:
          "Guildhall's strength rule (not in Logto): the zxcvbn score, 0 (anything) to 4 (very hard to guess), a new password must reach.",
      }),
    }),
    mfa: z.object({
      factors: z.array(restMfaFactorType).meta({ description: "The factors users may enrol." }),
      policy: restMfaPolicy,
    }),
  })
  .meta({ id: "SignInExperience" });
export type RestSignInExperience = z.output<typeof restSignInExperience>;

/**
 * Every field is optional; a field Guildhall does not have is a 400 that names it, so a
 * setting is never silently ignored. What `GET` answers can be sent back as it is.
 */
export const restUpdateSignInExperienceBody = z.strictObject({
  id: z.literal("default").optional(),
  signInMode: restSignInMode.optional(),
  passwordPolicy: z
    .strictObject({
      length: z
        .strictObject({
          min: passwordPolicy.shape.minLength.optional(),
          max: z
            .literal(REST_PASSWORD_MAX_LENGTH, {
              error: `passwordPolicy.length.max is fixed at ${REST_PASSWORD_MAX_LENGTH} in Guildhall.`,
            })
            .optional(),
        })
        .optional(),
      minScore: passwordPolicy.shape.minScore.optional(),
    })
    .optional(),
  mfa: z
    .strictObject({
      factors: z.array(restMfaFactorType).max(restMfaFactorType.options.length).optional(),
      policy: restMfaPolicy.optional(),
    })
    .optional(),
});
export type RestUpdateSignInExperienceBody = z.output<typeof restUpdateSignInExperienceBody>;
