import type { OutboxSealer } from "@guildhall/email";
import { open, seal } from "./secret-box.ts";

// Its own HKDF purpose: a key that opens outbox bodies opens nothing else (signing keys).
const PURPOSE = "email-outbox";

/**
 * Seals outbox bodies (emails that carry a link or code) with AES-256-GCM under a key
 * derived from the instance secret: what `enqueueEmail` and the outbox worker need.
 *
 * @example
 * startOutboxWorker({ db, transport, sealer: outboxSealer(env.GUILDHALL_SECRET) });
 */
export function outboxSealer(instanceSecret: string): OutboxSealer {
  return {
    seal: (plaintext) => seal(plaintext, instanceSecret, PURPOSE),
    open: (sealed) => open(sealed, instanceSecret, PURPOSE),
  };
}
