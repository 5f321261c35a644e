export { hashPassword, verifyPassword } from "./password.ts";
export * from "./verify-credentials.ts";
export { completeSetup, getSetupStatus } from "./setup.ts";
export { CLIENT_IP_HEADER, clientIp } from "./client-ip.ts";
export {
  passThrottle,
  throttlePolicies,
  tooManyAttempts,
  type ThrottleCheck,
  type ThrottleGate,
} from "./throttle.ts";
export { verifyClientSecret } from "./verify-client-secret.ts";
