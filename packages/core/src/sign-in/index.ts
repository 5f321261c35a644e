export {
  AUTH_CHALLENGE_TTL_MS,
  createSignInChallenge,
  deleteExpiredAuthChallenges,
  type CreateSignInChallengeInput,
} from "./challenge.ts";
export type { SignInStep, WebAuthnRp } from "./types.ts";
export { beginPasswordSignIn } from "./begin-password-sign-in.ts";
export { verifySignInTotp } from "./verify-sign-in-totp.ts";
export { verifySignInBackupCode } from "./verify-sign-in-backup-code.ts";
export { startSignInPasskey, finishSignInPasskey } from "./sign-in-passkey.ts";
export { completeSignIn } from "./complete-sign-in.ts";
