export { hasConfirmedFactor } from "./second-factors.ts";
export { startTotpEnrollment } from "./start-totp-enrollment.ts";
export { confirmTotpEnrollment } from "./confirm-totp-enrollment.ts";
export { regenerateBackupCodes } from "./regenerate-backup-codes.ts";
export { startPasskeyRegistration, finishPasskeyRegistration } from "./passkey-registration.ts";
export { listMfaFactors } from "./list-mfa-factors.ts";
export { removeMfaFactor, resetMfa } from "./remove-mfa-factor.ts";
export { mfaEnrollmentRequired } from "./mfa-enrollment-required.ts";
