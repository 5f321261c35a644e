import type { startSmtpSink } from "@guildhall/email/testing";
import { fixtures } from "../members/test-fixtures.ts";
import { unique, useTestDatabase } from "../test-utils.ts";

// What the invitation test files share. Each file calls `invitationTestKit()` once, at its
// top level, so it gets its own test database.

export const baseUrl = "https://id.example.com";
export const email = () => `${unique("invitee")}@example.com`;
export const tokenOf = (link: string) => link.split("/invite/")[1] ?? "";

export function invitationTestKit() {
  const t = useTestDatabase();
  const f = fixtures(t.db);
  const asUser = (userId: string, now?: () => Date) =>
    t.ctx({ actor: { type: "user", userId }, ...(now ? { now } : {}) });

  async function setup() {
    const org = await f.organization();
    const role = await f.role();
    return { org, role };
  }

  return { t, f, asUser, setup };
}

export async function waitForRecipient(
  sink: Awaited<ReturnType<typeof startSmtpSink>>,
  to: string,
) {
  for (let i = 0; i < 100; i += 1) {
    const found = sink.received.find((r) => r.envelope.to.includes(to));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no email to ${to}`);
}
