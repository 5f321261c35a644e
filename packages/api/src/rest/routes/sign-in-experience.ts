import { getSignInExperience, updateSignInExperience } from "@guildhall/core";
import { restSignInExperience, restUpdateSignInExperienceBody } from "@guildhall/validators/rest";
import { fromRestSignInExperience, toRestSignInExperience } from "../mappers.ts";
import { jsonRoute } from "../router.ts";

const tag = "Sign-in experience";

export const signInExperienceRoutes = [
  jsonRoute({
    method: "GET",
    path: "/api/sign-in-exp",
    operationId: "GetSignInExp",
    tag,
    summary: "Get default sign-in experience settings",
    description:
      "Open registration (`signInMode`), the password policy and MFA: the fields of Logto's sign-in experience that Guildhall has.",
    response: restSignInExperience,
    handler: async ({ ctx }) => toRestSignInExperience(await getSignInExperience(ctx.db)),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/sign-in-exp",
    operationId: "UpdateSignInExp",
    tag,
    summary: "Update default sign-in experience settings",
    description:
      "Changes the fields given and keeps the others. A Logto field Guildhall does not have (`color`, `signUp`, `languageInfo`, ...) is a 400 that names it, never silently ignored.",
    body: restUpdateSignInExperienceBody,
    response: restSignInExperience,
    handler: async ({ ctx, body }) =>
      toRestSignInExperience(await updateSignInExperience(ctx, fromRestSignInExperience(body))),
  }),
];
