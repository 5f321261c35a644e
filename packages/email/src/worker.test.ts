import type { Db } from "@guildhall/db";
import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { EmailLogger } from "./logger.ts";
import { enqueueEmail, type EnqueueEmailInput } from "./outbox.ts";
import { testSealer } from "./testing.ts";
import type { EmailTransport, OutgoingEmail } from "./transport.ts";
import { startOutboxWorker } from "./worker.ts";

let t: TestDatabase;
let db: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await db.emailOutbox.deleteMany();
});

let n = 0;
const email = (): EnqueueEmailInput => {
  n += 1;
  return {
    kind: "console-invitation",
    to: `w${n}@example.com`,
    subject: `S${n}`,
    html: "<p>h</p>",
    text: "t",
  };
};

const sealer = testSealer();
const errors: unknown[][] = [];
const logger: EmailLogger = { info() {}, error: (...args) => void errors.push(args) };

function recordingTransport(delayMs = 0) {
  const sent: OutgoingEmail[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const transport: EmailTransport = {
    kind: "local",
    async send(e) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, delayMs));
      inFlight -= 1;
      sent.push(e);
    },
    close() {},
  };
  return { transport, sent, maxInFlight: () => maxInFlight };
}

const statusOf = async (id: string) =>
  (await db.emailOutbox.findUniqueOrThrow({ where: { id } })).status;

it("delivers the backlog on start and new emails on kick()", async () => {
  const backlog = await enqueueEmail(db, email());
  const { transport, sent } = recordingTransport();
  const worker = startOutboxWorker({ db, sealer, transport, intervalMs: 60_000, logger });
  try {
    await expect.poll(() => statusOf(backlog.id)).toBe("Sent");
    // The next timed run is a minute away; kick() sends now.
    const fresh = await enqueueEmail(db, email());
    worker.kick();
    await expect.poll(() => statusOf(fresh.id)).toBe("Sent");
    expect(sent.map((e) => e.id)).toEqual([backlog.id, fresh.id]);
  } finally {
    await worker.stop();
  }
});

it("never overlaps runs, and drains full batches back to back", async () => {
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push((await enqueueEmail(db, email())).id);
  const { transport, sent, maxInFlight } = recordingTransport(30);
  // batchSize 1: a second run overlapping the first would show as two sends in flight.
  const worker = startOutboxWorker({
    db,
    sealer,
    transport,
    intervalMs: 60_000,
    logger,
    batchSize: 1,
  });
  try {
    for (let i = 0; i < 10; i++) {
      worker.kick();
      await new Promise((r) => setTimeout(r, 5));
    }
    await expect.poll(() => sent.length).toBe(4);
    expect(maxInFlight()).toBe(1);
    expect(new Set(sent.map((e) => e.id))).toEqual(new Set(ids));
  } finally {
    await worker.stop();
  }
});

it("logs a failed run instead of throwing, and keeps going", async () => {
  errors.length = 0;
  let calls = 0;
  const broken = {
    $executeRaw: () => {
      calls += 1;
      return Promise.reject(new Error("database is down"));
    },
  } as unknown as Db;
  const { transport } = recordingTransport();
  const worker = startOutboxWorker({ db: broken, sealer, transport, intervalMs: 10, logger });
  try {
    await expect.poll(() => calls).toBeGreaterThanOrEqual(2);
    expect(errors[0]?.[0]).toBe("[email] outbox run failed");
    expect(errors[0]?.[1]).toMatchObject({ message: "database is down" });
  } finally {
    await worker.stop();
  }
});

it("stop() waits for the current run and then runs no more", async () => {
  const first = await enqueueEmail(db, email());
  const { transport, sent } = recordingTransport(50);
  const worker = startOutboxWorker({ db, sealer, transport, intervalMs: 10, logger });
  await expect.poll(() => statusOf(first.id)).toBe("Sending");
  await worker.stop();
  expect(await statusOf(first.id)).toBe("Sent");

  const after = await enqueueEmail(db, email());
  worker.kick();
  await new Promise((r) => setTimeout(r, 100));
  expect(await statusOf(after.id)).toBe("Pending");
  expect(sent).toHaveLength(1);
});
