import type { Db } from "@guildhall/db";
import { verifyApplicationSecret } from "../applications/secrets.ts";
import { passThrottle, throttlePolicies } from "./throttle.ts";

/**
 * Client authentication at the token endpoint (client_secret_basic / _post): checks the
 * secret against the application's hashes, throttled per client id and per IP like console
 * sign-in (failures counted, exponential delay, refusal without checking the secret).
 * @throws rate_limited (the provider answers invalid_client with HTTP 429 and Retry-After)
 * @example if (!(await verifyClientSecret(db, { applicationId, secret, ip }))) throw new InvalidClientAuth();
 */
export async function verifyClientSecret(
  db: Db,
  {
    applicationId,
    secret,
    ip,
    now,
  }: { applicationId: string; secret: string; ip?: string | null; now?: () => Date },
): Promise<boolean> {
  const gate = await passThrottle(
    db,
    [
      {
        key: `client_auth:client:${applicationId}`,
        policy: throttlePolicies.clientAuthClient,
        onSuccess: "reset",
      },
      ...(ip
        ? [
            {
              key: `client_auth:ip:${ip}`,
              policy: throttlePolicies.clientAuthIp,
              onSuccess: "release" as const,
            },
          ]
        : []),
    ],
    now,
  );
  const matches = await verifyApplicationSecret(db, { applicationId, secret, now: now?.() });
  if (matches) await gate.succeeded();
  return matches;
}
