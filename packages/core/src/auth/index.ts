export { hashPassword, verifyPassword } from "./password.ts";
export * from "./verify-credentials.ts";
export { completeSetup, getSetupStatus } from "./setup.ts";
