import { describe, expect, it } from "vitest";
import { deliverPendingEmails, enqueueEmail, getOutboxEmail } from "./outbox.ts";
import { renderEmail } from "./render.ts";
import { testSealer } from "./testing.ts";
import {
  db,
  dueTime,
  sealer,
  silent,
  sink,
  smtp,
  useOutboxTestDatabase,
} from "./outbox-test-kit.ts";

useOutboxTestDatabase();

describe("emails that carry a secret", () => {
  const link = "https://id.example.test/invite/SECRET-token-0123456789abcdef";
  const render = () =>
    renderEmail("organization-invitation", {
      organization: { name: "Acme" },
      expiresAt: new Date("2030-01-01T00:00:00Z"),
      link,
    });
  /** Every column of the row, as the database holds it. */
  const rawRow = async (id: string) =>
    JSON.stringify(
      await db.$queryRaw`SELECT row_to_json(o)::text AS row FROM "email_outbox" o WHERE "id" = ${id}`,
    );

  it("stores only the redacted copy readable, sends the real one, then drops the sealed body", async () => {
    const rendered = await render();
    expect(rendered.redacted?.text).toContain("https://id.example.test/invite/…");
    const { id } = await enqueueEmail(
      db,
      { kind: "organization-invitation", to: "fay@example.com", ...rendered },
      sealer,
    );
    expect(await rawRow(id)).not.toContain("SECRET-token");
    const stored = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ redacted: true, text: rendered.redacted?.text });
    expect(stored.sealedBody).toEqual(expect.any(String));
    // The console's view has no sealed body at all.
    expect(await getOutboxEmail(db, id)).not.toHaveProperty("sealedBody");

    const now = await dueTime(id);
    expect((await deliverPendingEmails({ db, transport: smtp, sealer, now })).sent).toBe(1);
    const [received] = await sink.waitFor(1);
    expect(received?.text).toBe(rendered.text);
    expect(received?.html).toBe(rendered.html);
    expect(received?.text).toContain(link);
    const sent = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(sent).toMatchObject({ status: "Sent", sealedBody: null, redacted: true });
    expect(await rawRow(id)).not.toContain("SECRET-token");
  });

  it("refuses to queue it without a sealer", async () => {
    const rendered = await render();
    await expect(
      enqueueEmail(db, { kind: "organization-invitation", to: "gus@example.com", ...rendered }),
    ).rejects.toThrow(/instance secret/);
    expect(await db.emailOutbox.count({ where: { to: "gus@example.com" } })).toBe(0);
  });

  it("fails the attempt (and retries) when the body cannot be decrypted", async () => {
    const { id } = await enqueueEmail(
      db,
      { kind: "organization-invitation", to: "hal@example.com", ...(await render()) },
      sealer,
    );
    const now = await dueTime(id);
    const report = await deliverPendingEmails({
      db,
      transport: smtp,
      sealer: testSealer(),
      now,
      logger: silent,
    });
    expect(report).toMatchObject({ retrying: 1, sent: 0 });
    const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row.lastError).toMatch(/GUILDHALL_SECRET/);
    expect(row.sealedBody).not.toBeNull();
    expect(sink.received).toHaveLength(0);
  });
});
