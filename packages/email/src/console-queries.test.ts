import { describe, expect, it } from "vitest";
import { countRecentEmailsTo, enqueueEmail, getOutboxEmail, listOutbox } from "./outbox.ts";
import { db, email, useOutboxTestDatabase } from "./outbox-test-kit.ts";

useOutboxTestDatabase();

describe("console queries", () => {
  it("lists newest first with search, status filter and pagination, without bodies", async () => {
    const a = await enqueueEmail(
      db,
      email({ to: "alpha@example.com", subject: "Welcome to Acme" }),
    );
    await new Promise((r) => setTimeout(r, 5));
    const b = await enqueueEmail(db, email({ to: "beta@example.com", subject: "Join Initech" }));
    await new Promise((r) => setTimeout(r, 5));
    const c = await enqueueEmail(db, email({ to: "gamma@example.com", subject: "Join Acme" }));
    await db.emailOutbox.update({ where: { id: b.id }, data: { status: "Failed" } });

    const all = await listOutbox(db, { page: 1, pageSize: 2 });
    expect(all.total).toBe(3);
    expect(all.items.map((i) => i.id)).toEqual([c.id, b.id]);
    expect(all.items[0]).not.toHaveProperty("html");
    expect((await listOutbox(db, { page: 2, pageSize: 2 })).items.map((i) => i.id)).toEqual([a.id]);

    const acme = await listOutbox(db, { q: "ACME" });
    expect(acme.items.map((i) => i.id)).toEqual([c.id, a.id]);
    expect((await listOutbox(db, { q: "beta@" })).items.map((i) => i.id)).toEqual([b.id]);
    expect((await listOutbox(db, { q: a.id })).items.map((i) => i.id)).toEqual([a.id]);
    expect((await listOutbox(db, { status: "Failed" })).items.map((i) => i.id)).toEqual([b.id]);
    expect((await listOutbox(db, { status: "Sent" })).total).toBe(0);
    // A scope limits the kinds (collaborators do not see console invitations).
    await db.emailOutbox.update({ where: { id: a.id }, data: { kind: "console-invitation" } });
    const scoped = await listOutbox(db, {}, { kinds: ["organization-invitation"] });
    expect(scoped.items.map((i) => i.id)).toEqual([c.id, b.id]);
    expect(await getOutboxEmail(db, a.id, { kinds: ["organization-invitation"] })).toBeNull();
    await expect(listOutbox(db, { pageSize: 1000 })).rejects.toThrow();
  });

  it("gets one email with its bodies", async () => {
    const { id } = await enqueueEmail(db, email({ html: "<p>full body</p>" }));
    expect(await getOutboxEmail(db, id)).toMatchObject({
      id,
      html: "<p>full body</p>",
      status: "Pending",
    });
    expect(await getOutboxEmail(db, "missing")).toBeNull();
  });

  it("counts recent emails to one address, case-insensitively", async () => {
    const since = new Date(Date.now() - 1000);
    await enqueueEmail(db, email({ to: "Repeat@Example.com" }));
    await enqueueEmail(db, email({ to: "repeat@example.com" }));
    await enqueueEmail(db, email({ to: "other@example.com" }));
    expect(await countRecentEmailsTo(db, "REPEAT@example.com", since)).toBe(2);
    expect(await countRecentEmailsTo(db, "repeat@example.com", new Date(Date.now() + 60_000))).toBe(
      0,
    );
  });
});
