// Test-only helpers for the account flows: a settable clock, flow options, and reading
// back the emails the outbox holds (their sealed bodies, as the worker would send them).
import type { Db } from "@guildhall/db";
import { expect } from "vitest";
import { hashPassword } from "../auth/password.ts";
import { createConsoleSession } from "../console-sessions/create-console-session.ts";
import { outboxSealer } from "../crypto/outbox-sealer.ts";
import { TEST_INSTANCE_SECRET, unique } from "../test-utils.ts";
import type { AccountFlowOptions } from "./options.ts";

/** Passes the default policy (10 characters, zxcvbn score 3). */
export const STRONG_PASSWORD = "Tarnished-Otter-Lantern-93";
export const OTHER_STRONG_PASSWORD = "Quiet-Marble-Harbor-Fig-71";

/** A clock tests move by hand. */
export function testClock(start = new Date("2031-05-04T10:00:00Z")) {
  let current = start;
  return {
    now: () => current,
    set: (d: Date) => {
      current = d;
    },
    advance: (ms: number) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

// Each call gets an address of its own: tests of a file share one database and their frozen
// clocks share one throttle window, so a random address could meet another test's counts.
let addresses = 0;

export function flowOptions(
  clock: { now: () => Date },
  over: Partial<AccountFlowOptions> = {},
): AccountFlowOptions {
  return {
    baseUrl: "https://id.example.test",
    instanceSecret: TEST_INSTANCE_SECRET,
    ip: `2001:db8:a::${(++addresses).toString(16)}`,
    now: clock.now,
    ...over,
  };
}

export const uniqueEmail = (prefix = "acct") => `${unique(prefix).toLowerCase()}@example.com`;

/** A user with a password and an email, created directly. */
export async function userWithPassword(db: Db, password = STRONG_PASSWORD, verified = true) {
  const email = uniqueEmail("owner");
  const user = await db.user.create({
    data: {
      email,
      name: "Olive Owner",
      passwordHash: await hashPassword(password),
      emailVerifiedAt: verified ? new Date("2030-01-01T00:00:00Z") : null,
    },
  });
  // The column is nullable; this user was created with one.
  return { ...user, email };
}

/** The emails queued to an address, oldest first, as sent (sealed body opened). */
export async function sentEmails(db: Db, to: string) {
  const rows = await db.emailOutbox.findMany({ where: { to }, orderBy: { createdAt: "asc" } });
  const sealer = outboxSealer(TEST_INSTANCE_SECRET);
  return rows.map((row) => {
    const body = row.sealedBody
      ? (JSON.parse(sealer.open(row.sealedBody)) as { html: string; text: string })
      : { html: row.html, text: row.text };
    return { row, kind: row.kind, ...body };
  });
}

/** The latest email of `kind` to the address, with its code and link read from the text. */
export async function lastEmail(db: Db, to: string, kind: string) {
  const mail = (await sentEmails(db, to)).filter((m) => m.kind === kind).at(-1);
  expect(mail, `an email "${kind}" to ${to}`).toBeDefined();
  const text = mail?.text ?? "";
  return {
    ...mail,
    code: /^(\d{6})$/m.exec(text)?.[1] ?? null,
    token: /[?&]token=([\w-]+)/.exec(text)?.[1] ?? null,
  };
}

/** Two console sessions and an app sign-in (OIDC rows) for the user. */
export async function signedInEverywhere(db: Db, userId: string) {
  const first = await createConsoleSession(db, { userId, userAgent: "Firefox", ip: "203.0.113.7" });
  const second = await createConsoleSession(db, { userId, userAgent: "Safari", ip: "203.0.113.8" });
  const suffix = Math.random().toString(36).slice(2);
  await db.oidcModel.createMany({
    data: ["Session", "Grant", "RefreshToken"].map((model) => ({
      model,
      id: `${model}-${suffix}`,
      grantId: model === "Session" ? null : `grant-${suffix}`,
      payload: { accountId: userId, clientId: "app", grantId: `grant-${suffix}`, kind: model },
      expiresAt: new Date(Date.now() + 3_600_000),
    })),
  });
  return {
    first,
    second,
    consoleSessionIds: async () =>
      (await db.consoleSession.findMany({ where: { userId }, select: { id: true } }))
        .map((s) => s.id)
        .sort(),
    oidcRows: () =>
      db.oidcModel.count({ where: { payload: { path: ["accountId"], equals: userId } } }),
  };
}
