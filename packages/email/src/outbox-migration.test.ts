import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrationsDir } from "@guildhall/db/env";
import { applyMigrations, listMigrations } from "@guildhall/db/migrate";
import { createTestDatabase } from "@guildhall/db/testing";
import { expect, it } from "vitest";

// The migration that started sealing outbox bodies cannot seal the rows already there (SQL
// has no instance secret), so it removes their bodies: no live link survives the upgrade.
const SEALING = "email_outbox_sealed";

it("removes the plaintext bodies of rows queued before the outbox was encrypted, deleting none", async () => {
  const t = await createTestDatabase({ empty: true });
  const before = mkdtempSync(path.join(os.tmpdir(), "guildhall-migrations-"));
  try {
    for (const m of listMigrations()) {
      if (m.name.endsWith(`_${SEALING}`)) break;
      cpSync(path.join(migrationsDir(), m.name), path.join(before, m.name), { recursive: true });
    }
    await applyMigrations(t.url, before);
    const link = "https://id.example.test/invite/LEGACY-token-0123456789";
    await t.db.$executeRawUnsafe(
      `INSERT INTO "email_outbox" ("id", "kind", "to", "subject", "html", "text", "status", "attempts")
       VALUES ('pending', 'organization-invitation', 'a@example.com', 'Join', $1, $1, 'Pending', 2),
              ('sent', 'console-invitation', 'b@example.com', 'Join', $1, $1, 'Sent', 1)`,
      `Accept: ${link}`,
    );

    expect(await applyMigrations(t.url)).toContainEqual(expect.stringMatching(SEALING));
    const rows = await t.db.emailOutbox.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.id, r.status, r.redacted, r.sealedBody])).toEqual([
      ["pending", "Failed", true, null],
      ["sent", "Sent", true, null],
    ]);
    expect(rows[0]?.lastError).toMatch(/Resend the invitation/);
    expect(JSON.stringify(rows)).not.toContain("LEGACY-token");
  } finally {
    rmSync(before, { recursive: true, force: true });
    await t.close();
  }
});
