import { createTransport, startOutboxWorker } from "@guildhall/email";
import { startSmtpSink } from "@guildhall/email/testing";
import { describe, expect, it } from "vitest";
import { outboxSealer } from "../crypto/outbox-sealer.ts";
import { TEST_INSTANCE_SECRET } from "../test-utils.ts";
import { createInvitation, resendInvitation } from "./index.ts";
import { baseUrl, email, invitationTestKit, tokenOf } from "./test-kit.ts";

const { t, setup } = invitationTestKit();

/** Every table (and column) of the database that holds `needle` anywhere in a row. */
async function tablesContaining(needle: string): Promise<string[]> {
  const tables = await t.db().$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
  const hits: string[] = [];
  for (const { name } of tables) {
    // strpos, not LIKE: base64url tokens contain "_", a LIKE wildcard.
    const [row] = await t
      .db()
      .$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "${name}" r WHERE strpos(r::text, $1) > 0`,
        needle,
      );
    if ((row?.n ?? 0) > 0) hits.push(name);
  }
  return hits;
}

describe("no readable link in the database", () => {
  it("no table holds an invitation token after create, resend and send", async () => {
    const sink = await startSmtpSink();
    const { org } = await setup();
    const invitee = email();
    const worker = startOutboxWorker({
      db: t.db(),
      transport: createTransport({ smtpUrl: sink.url, from: "Guildhall <no-reply@example.com>" }),
      sealer: outboxSealer(TEST_INSTANCE_SECRET),
      intervalMs: 60_000,
    });
    try {
      const ctx = { ...t.ctx(), onEmailQueued: () => worker.kick() };
      const created = await createInvitation(ctx, { organizationId: org.id, invitee, baseUrl });
      const consoleInvite = await createInvitation(ctx, {
        consoleRole: "admin",
        invitee: email(),
        baseUrl,
      });
      expect(await tablesContaining(tokenOf(created.link))).toEqual([]);
      expect(await tablesContaining(tokenOf(consoleInvite.link))).toEqual([]);
      const resent = await resendInvitation(ctx, { id: created.invitation.id, baseUrl });
      expect(await tablesContaining(tokenOf(resent.link))).toEqual([]);

      // Sent: the recipient got the working link; the database still has none.
      await expect
        .poll(() => sink.received.filter((r) => r.envelope.to.includes(invitee)).length, {
          timeout: 10_000,
        })
        .toBe(2);
      expect(sink.received.map((r) => r.text).join("\n")).toContain(resent.link);
      await expect
        .poll(
          async () =>
            (
              await t.db().emailOutbox.findMany({ where: { invitationId: created.invitation.id } })
            ).every((e) => e.status === "Sent" && e.sealedBody === null),
          { timeout: 10_000 },
        )
        .toBe(true);
      for (const link of [created.link, resent.link, consoleInvite.link])
        expect(await tablesContaining(tokenOf(link))).toEqual([]);
    } finally {
      await worker.stop();
      await sink.close();
    }
  });

  it("queues no email (and no invitation) without the instance secret", async () => {
    const { org } = await setup();
    const invitee = email();
    await expect(
      createInvitation(t.ctx({ instanceSecret: undefined }), {
        organizationId: org.id,
        invitee,
        baseUrl,
      }),
    ).rejects.toThrow(/GUILDHALL_SECRET/);
    expect(await t.db().organizationInvitation.count({ where: { invitee } })).toBe(0);
    expect(await t.db().emailOutbox.count({ where: { to: invitee } })).toBe(0);
    // Without an email, there is nothing to seal.
    await createInvitation(t.ctx({ instanceSecret: undefined }), {
      organizationId: org.id,
      invitee,
      baseUrl,
      sendEmail: false,
    });
  });
});
