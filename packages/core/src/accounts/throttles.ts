import { throttlePolicies, type ThrottleCheck } from "../auth/throttle.ts";

const ipCheck = (
  key: string,
  ip: string | null | undefined,
  policy: ThrottleCheck["policy"],
): ThrottleCheck[] => (ip ? [{ key: `${key}:ip:${ip}`, policy, onSuccess: "release" }] : []);

/**
 * Typing an emailed code: failures count, per `subject` (`address:<email>` for sign-up
 * verification, `user:<id>` for an email change) and per IP; a right code forgets the
 * subject's.
 */
export function codeEntryChecks(subject: string, ip: string | null | undefined): ThrottleCheck[] {
  return [
    {
      key: `code_entry:${subject}`,
      policy: throttlePolicies.codeEntryAccount,
      onSuccess: "reset",
    },
    ...ipCheck("code_entry", ip, throttlePolicies.codeEntryIp),
  ];
}

/**
 * Asking for an email to `email` (sign-up, reset): every request counts (the gate is never
 * settled), per address and per IP.
 */
export function emailRequestChecks(
  flow: "sign_up" | "password_reset",
  email: string,
  ip: string | null | undefined,
): ThrottleCheck[] {
  return [
    {
      key: `${flow}:address:${email}`,
      policy: throttlePolicies.emailRequestAddress,
      onSuccess: "release",
    },
    ...ipCheck(flow, ip, throttlePolicies.emailRequestIp),
  ];
}

/** Guessing the current password on "change password": as many tries as a sign-in. */
export function currentPasswordChecks(userId: string): ThrottleCheck[] {
  return [
    {
      key: `password_change:account:${userId}`,
      policy: throttlePolicies.signInAccount,
      onSuccess: "reset",
    },
  ];
}
