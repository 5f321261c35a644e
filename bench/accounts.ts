/**
 * End-user sign-in costs: password sign-in throughput (scrypt is ~0.1 s per hash by design,
 * so this is bounded by CPU cores, not by Guildhall) and TOTP verification latency.
 */
import { cpus } from "node:os";
import {
  beginPasswordSignIn,
  completeSignIn,
  confirmTotpEnrollment,
  createSignInChallenge,
  hashPassword,
  startTotpEnrollment,
  verifySignInTotp,
} from "@guildhall/core";
import { createPrismaClient } from "@guildhall/db/client";
import * as OTPAuth from "otpauth";
import { fmt, summarize } from "./stats.ts";

const SECRET = "bench-instance-secret-0123456789abcdef";
const PASSWORD = "bench: correct horse battery staple";
const options = { baseUrl: "http://127.0.0.1:3000", instanceSecret: SECRET };

export async function runAccountsBench(url: string): Promise<string[][]> {
  const db = createPrismaClient(url, { max: 8 });
  const run = Date.now().toString(36);
  const rows: string[][] = [];
  try {
    // Password sign-in: begin (throttle checks, scrypt) + complete (session facts, audit).
    // One user per worker: a user's successful sign-ins reset its own throttle row anyway.
    const workers = Math.max(1, cpus().length);
    const passwordHash = await hashPassword(PASSWORD);
    const emails = Array.from(
      { length: workers },
      (_, i) => `bench-signin-${run}-${i}@example.com`,
    );
    await db.user.createMany({ data: emails.map((email) => ({ email, passwordHash })) });
    const signIn = async (email: string) => {
      const step = await beginPasswordSignIn(db, { identifier: email, password: PASSWORD });
      await completeSignIn(db, { challengeToken: step.challengeToken });
    };
    for (const email of emails) await signIn(email); // warm-up
    const samples: number[] = [];
    const durationMs = 5000;
    const start = performance.now();
    await Promise.all(
      emails.map(async (email) => {
        while (performance.now() - start < durationMs) {
          const t0 = performance.now();
          await signIn(email);
          samples.push(performance.now() - t0);
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    const s = summarize(samples);
    rows.push([
      `password sign-in, ${workers} concurrent (${workers} cores)`,
      fmt(s.p50),
      `${(samples.length / elapsed).toFixed(1)}/s = ${(samples.length / elapsed / workers).toFixed(1)}/s per core`,
    ]);

    // TOTP at sign-in: one user per measurement, since a code (time step) is accepted once.
    const n = 100;
    const users = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        db.user.create({ data: { email: `bench-totp-${run}-${i}@example.com` } }),
      ),
    );
    const totps: OTPAuth.TOTP[] = [];
    for (const user of users) {
      const ctx = { db, actor: { type: "user" as const, userId: user.id } };
      const enrolment = await startTotpEnrollment(
        ctx,
        { userId: user.id },
        {
          ...options,
          issuer: "Guildhall bench",
        },
      );
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(enrolment.secret) });
      // Confirm with the previous step's code, so the current step stays unused for the measurement.
      const previous = totp.generate({ timestamp: Date.now() - 30_000 });
      await confirmTotpEnrollment(ctx, { userId: user.id, code: previous }, options);
      totps.push(totp);
    }
    const totpSamples: number[] = [];
    for (const [i, user] of users.entries()) {
      const { challengeToken } = await createSignInChallenge(db, { userId: user.id, amr: ["pwd"] });
      const code = totps[i]?.generate() ?? "";
      const t0 = performance.now();
      const step = await verifySignInTotp(db, { challengeToken, code }, options);
      totpSamples.push(performance.now() - t0);
      if (step.status !== "complete") throw new Error("TOTP verification did not complete");
    }
    const t = summarize(totpSamples);
    rows.push(["TOTP code at sign-in (verify + record step)", fmt(t.p50), fmt(t.p99)]);
    await db.user.deleteMany({ where: { id: { in: users.map((u) => u.id) } } });
    await db.user.deleteMany({ where: { email: { in: emails } } });
  } finally {
    await db.$disconnect();
  }
  return rows;
}
