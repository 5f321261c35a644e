import { listMfaFactors, removeMfaFactor } from "@guildhall/core";
import {
  restMfaVerification,
  restMfaVerificationParams,
  restUserIdParams,
} from "@guildhall/validators/rest";
import { z } from "zod";
import { E } from "../errors.ts";
import { toRestMfaVerification } from "../mappers.ts";
import { emptyRoute, jsonRoute } from "../router.ts";

const tag = "Users";

/** A user's second factors (Logto calls them MFA verifications). Enrolment is the user's own. */
export const userMfaVerificationRoutes = [
  jsonRoute({
    method: "GET",
    path: "/api/users/{userId}/mfa-verifications",
    operationId: "ListUserMfaVerifications",
    tag,
    summary: "Get user's MFA verifications",
    description:
      "The user's confirmed factors: authenticator apps (`Totp`), passkeys (`WebAuthn`) and backup codes (`BackupCode`, with the number still unused). Never a secret.",
    params: restUserIdParams,
    response: z.array(restMfaVerification),
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params }) =>
      (await listMfaFactors(ctx, { userId: params.userId })).map(toRestMfaVerification),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/users/{userId}/mfa-verifications/{verificationId}",
    operationId: "DeleteUserMfaVerification",
    tag,
    summary: "Delete an MFA verification for a user",
    description:
      "Removes one factor. When none is left the user no longer counts as enrolled (an organization requiring MFA refuses their tokens until they enrol again).",
    status: 204,
    params: restMfaVerificationParams,
    errors: [E.notExistsWithId, E.notFound],
    handler: ({ ctx, params }) =>
      removeMfaFactor(ctx, { userId: params.userId, factorId: params.verificationId }),
  }),
];
