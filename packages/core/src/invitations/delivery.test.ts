import { createTransport, startOutboxWorker } from "@guildhall/email";
import { startSmtpSink } from "@guildhall/email/testing";
import { describe, expect, it } from "vitest";
import { outboxSealer } from "../crypto/outbox-sealer.ts";
import { TEST_INSTANCE_SECRET } from "../test-utils.ts";
import { createInvitation, listEmails } from "./index.ts";
import { baseUrl, email, invitationTestKit, waitForRecipient } from "./test-kit.ts";

const { t, setup } = invitationTestKit();

describe("delivery", () => {
  it("the outbox worker delivers the invitation email to a real SMTP sink, with the link in the body", async () => {
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
      const { link } = await createInvitation(
        { ...t.ctx(), onEmailQueued: () => worker.kick() },
        { organizationId: org.id, invitee, baseUrl },
      );
      const received = await waitForRecipient(sink, invitee);
      expect(received.text).toContain(link);
      expect(received.html).toContain(link);
      // The sink has the message before the worker records it as sent: poll for that.
      await expect
        .poll(async () => (await listEmails(t.ctx(), { q: invitee })).items[0], { timeout: 10_000 })
        .toMatchObject({ to: invitee, status: "Sent" });
    } finally {
      await worker.stop();
      await sink.close();
    }
  });
});
