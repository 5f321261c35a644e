import type { Db } from "@guildhall/db";
import {
  consoleWebhookLogger,
  deliverPendingWebhooks,
  type DeliverWebhooksOptions,
  type WebhookLogger,
} from "./deliver-webhooks.ts";
import { createWebhookSender, type WebhookSender } from "./sender.ts";

export interface WebhookWorkerOptions {
  db: Db;
  /** Opens the webhooks' signing keys (GUILDHALL_SECRET). */
  instanceSecret: string;
  /** WEBHOOK_ALLOWED_HOSTS: hosts reached without the private-address filter. */
  allowedHosts?: readonly string[];
  now?: () => Date;
  /** Delays before each retry; see DEFAULT_WEBHOOK_BACKOFF_MS. */
  backoff?: readonly number[];
  /** Pause between polls when idle. Default 1 s. */
  intervalMs?: number;
  /** Rounds (claim, send, write) run at once, so one slow receiver does not hold up the others. */
  parallelRounds?: number;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
  sender?: WebhookSender;
  logger?: WebhookLogger;
  /** Passed to each round (batch sizes, lease, concurrency). */
  tuning?: Pick<
    DeliverWebhooksOptions,
    "perWebhookBatch" | "maxWebhooks" | "concurrency" | "leaseMs" | "random"
  >;
}

export interface WebhookWorker {
  /** Look for deliveries now (the event sequencer calls it after creating some). */
  kick(): void;
  /** No more rounds; resolves when the running ones have finished and connections are closed. */
  stop(): Promise<void>;
}

/**
 * Delivers webhooks in the background of this process: polls every `intervalMs` and on
 * `kick()`, and starts another round at once whenever one claimed something, up to
 * `parallelRounds` at a time. Errors are logged, never thrown; timers are unref'd. Every app
 * process may run one: claims are exclusive (see deliverPendingWebhooks).
 *
 * @example
 * const webhooks = startWebhookWorker({ db, instanceSecret, allowedHosts });
 * // after the sequencer created deliveries:
 * webhooks.kick();
 * // on shutdown:
 * await webhooks.stop();
 */
export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const logger = options.logger ?? consoleWebhookLogger;
  const ownSender = options.sender === undefined;
  const sender =
    options.sender ??
    createWebhookSender({
      allowedHosts: options.allowedHosts,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  const parallelRounds = options.parallelRounds ?? 4;
  const rounds = new Set<Promise<void>>();
  let wanted = false;
  let stopped = false;

  const pump = () => {
    while (!stopped && wanted && rounds.size < parallelRounds) {
      wanted = false;
      const round = runRound().finally(() => {
        rounds.delete(round);
        pump();
      });
      rounds.add(round);
    }
  };

  const runRound = async () => {
    try {
      await deliverPendingWebhooks({
        ...options.tuning,
        db: options.db,
        instanceSecret: options.instanceSecret,
        sender,
        logger,
        ...(options.now ? { now: options.now } : {}),
        ...(options.backoff ? { backoffMs: options.backoff } : {}),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        // Something was claimed: there may be more (other webhooks, or this one's next batch).
        onClaimed: () => {
          wanted = true;
          queueMicrotask(pump);
        },
      });
    } catch (error) {
      logger.error("[webhooks] delivery round failed", error);
    }
  };

  const timer = setInterval(() => {
    wanted = true;
    pump();
  }, options.intervalMs ?? 1000);
  timer.unref();

  wanted = true;
  pump();
  return {
    kick() {
      wanted = true;
      pump();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...rounds]);
      if (ownSender) sender.close();
    },
  };
}
