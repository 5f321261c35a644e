// The audit log, made visible: filters, keyset pages that neither skip nor repeat entries of
// the same millisecond, who may read it, the organization-scoped list, and pruning.
import type { Prisma } from "@guildhall/db";
import { auditLogPage } from "@guildhall/validators";
import { sequenceEvents } from "../events/sequence-events.ts";
import { describe, expect, it } from "vitest";
import { createApplication } from "../applications/index.ts";
import type { Actor } from "../context.ts";
import { fixtures } from "../members/test-fixtures.ts";
import { updateOrganization } from "../organizations/index.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import { encodeAuditCursor } from "./cursor.ts";
import {
  getAuditLog,
  listAuditLogs,
  listOrganizationAuditLogs,
  pruneExpired,
  startRetentionJob,
} from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const DAY = 24 * 60 * 60 * 1000;

/** Audit rows written directly, each test with actions of its own (`<tag>.<verb>`). */
async function rows(tag: string, entries: Partial<Prisma.AuditLogCreateManyInput>[]) {
  await t.db().auditLog.createMany({
    data: entries.map((entry) => ({
      actorType: "system",
      targetType: "thing",
      ...entry,
      action: `${tag}.${entry.action ?? "changed"}`,
    })),
  });
}

/** Every page of a list, following `nextCursor`. */
async function allPages(read: (cursor: string | undefined) => ReturnType<typeof listAuditLogs>) {
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 100);
  return pages;
}

describe("listAuditLogs", () => {
  it("filters by actor, organization, action (exact or prefix), target and time", async () => {
    const tag = unique("filt").replace(/-/g, "_");
    const org = await f.organization();
    const t0 = new Date("2031-01-01T00:00:00.000Z");
    await rows(tag, [
      { action: "a", actorType: "console", actorId: "u1", createdAt: t0 },
      { action: "b", actorType: "management_api", actorId: "app1", createdAt: new Date(+t0 + 1) },
      { action: "a", organizationId: org.id, targetId: "x1", createdAt: new Date(+t0 + 2) },
      {
        action: "c_d",
        targetType: "other",
        targetId: "x2",
        createdAt: new Date(+t0 + 3),
      },
    ]);
    // A prefix matches literally: the `_`s of the tag are no wildcards.
    await rows(tag.replaceAll("_", "X"), [{ action: "a", createdAt: t0 }]);
    const ctx = t.ctx();
    const actions = async (input: Parameters<typeof listAuditLogs>[1]) =>
      (await listAuditLogs(ctx, { action: `${tag}.`, ...input })).items.map((e) =>
        e.action.slice(tag.length + 1),
      );

    expect(await actions({})).toEqual(["c_d", "a", "b", "a"]);
    expect(await actions({ action: `${tag}.a` })).toEqual(["a", "a"]);
    expect(await actions({ actorId: "u1" })).toEqual(["a"]);
    expect(await actions({ actorType: "management_api" })).toEqual(["b"]);
    expect(await actions({ organizationId: org.id })).toEqual(["a"]);
    expect(await actions({ targetType: "other" })).toEqual(["c_d"]);
    expect(await actions({ targetId: "x1" })).toEqual(["a"]);
    // `from` is inclusive, `to` exclusive; both take ISO text, epoch ms or a Date.
    expect(await actions({ from: new Date(+t0 + 1), to: new Date(+t0 + 3) })).toEqual(["a", "b"]);
    expect(await actions({ from: "2031-01-01T00:00:00.002Z" })).toEqual(["c_d", "a"]);
    expect(await actions({ to: String(+t0 + 1) })).toEqual(["a"]);
    expect(await actions({ action: `${tag}.c_d`, actorId: "u1" })).toEqual([]);
  });

  it("refuses malformed filters and cursors with guard.invalid_input", async () => {
    const ctx = t.ctx();
    await expectDomainError(listAuditLogs(ctx, { action: "member.*" }), "guard.invalid_input");
    await expectDomainError(listAuditLogs(ctx, { from: "yesterday" }), "guard.invalid_input");
    await expectDomainError(
      listAuditLogs(ctx, { from: "2030-01-02T00:00:00Z", to: "2030-01-01T00:00:00Z" }),
      "guard.invalid_input",
    );
    await expectDomainError(listAuditLogs(ctx, { pageSize: 101 }), "guard.invalid_input");
    for (const cursor of ["not a cursor", "bm9wZQ", Buffer.from("12.a b").toString("base64url")])
      await expectDomainError(listAuditLogs(ctx, { cursor }), "guard.invalid_input");
  });

  it("pages through entries of the same millisecond without skipping or repeating one", async () => {
    const tag = unique("page").replace(/-/g, "_");
    const same = new Date("2032-06-01T12:00:00.000Z");
    await rows(
      tag,
      Array.from({ length: 23 }, (_, i) => ({
        action: `n${i}`,
        // Most share one timestamp; a few are older or newer.
        createdAt: i < 3 ? new Date(+same - 1000 * (i + 1)) : i > 19 ? new Date(+same + i) : same,
      })),
    );
    const expected = (
      await t.db().auditLog.findMany({
        where: { action: { startsWith: `${tag}.` } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { id: true },
      })
    ).map((r) => r.id);
    expect(expected).toHaveLength(23);

    const ctx = t.ctx();
    const pages = await allPages((cursor) =>
      listAuditLogs(ctx, { action: `${tag}.`, pageSize: 5, cursor }),
    );
    expect(pages.map((p) => p.items.length)).toEqual([5, 5, 5, 5, 3]);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    expect(pages.flatMap((p) => p.items.map((e) => e.id))).toEqual(expected);
    for (const page of pages) expect(auditLogPage.strict().parse(page)).toEqual(page);

    // An entry written while someone pages (newest of all) does not shift the pages after.
    const first = await listAuditLogs(ctx, { action: `${tag}.`, pageSize: 10 });
    await rows(tag, [{ action: "late", createdAt: new Date(+same + 60_000) }]);
    const second = await listAuditLogs(ctx, {
      action: `${tag}.`,
      pageSize: 10,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((e) => e.id)).toEqual(expected.slice(10, 20));
    // A page boundary exactly at the last entry: no empty page follows it.
    const exact = await listAuditLogs(ctx, {
      action: `${tag}.`,
      pageSize: 24,
    });
    expect(exact.items).toHaveLength(24);
    expect(exact.nextCursor).toBeNull();
    // Numbered pages (the Management API's `page`) count the matches.
    const third = await listAuditLogs(ctx, { action: `${tag}.`, pageSize: 5, page: 3 });
    expect(third.total).toBe(24);
    expect(third.items.map((e) => e.id)).toEqual([expected[9], ...expected.slice(10, 14)]);
    await expectDomainError(
      listAuditLogs(ctx, { page: 2, cursor: first.nextCursor ?? "" }),
      "guard.invalid_input",
    );
    // A cursor made from an entry's position continues right after it.
    const at = await t.db().auditLog.findUniqueOrThrow({ where: { id: expected[4] ?? "" } });
    const after = await listAuditLogs(ctx, {
      action: `${tag}.`,
      pageSize: 2,
      cursor: encodeAuditCursor(at),
    });
    expect(after.items.map((e) => e.id)).toEqual(expected.slice(5, 7));
  });

  it("names the actor, the target and the organization while they exist", async () => {
    const alice = await f.user({ name: "Alice Auditor" });
    const asAlice = t.ctx({ actor: { type: "console", userId: alice.id, role: "admin" } });
    const { application } = await createApplication(asAlice, {
      name: unique("Backend"),
      type: "MachineToMachine",
    });
    const org = await f.organization();
    const asApp = t.ctx({ actor: { type: "management_api", clientId: application.id } });
    await updateOrganization(asApp, { id: org.id, name: "Renamed by app" });
    await updateOrganization(asAlice, { id: org.id, name: "Renamed by Alice" });

    const { items } = await listAuditLogs(t.ctx(), { organizationId: org.id });
    expect(items.map((e) => [e.action, e.actorLabel])).toEqual([
      ["organization.updated", "Alice Auditor"],
      ["organization.updated", application.name],
    ]);
    expect(items[0]).toMatchObject({
      actorType: "console",
      actorId: alice.id,
      targetType: "organization",
      targetId: org.id,
      targetLabel: "Renamed by Alice",
      organizationId: org.id,
      organizationName: "Renamed by Alice",
    });
    expect(items[0]?.data).toEqual({ fields: ["name"] });
    expect(await getAuditLog(t.ctx(), { id: items[0]?.id ?? "" })).toEqual(items[0]);

    await t.db().organization.delete({ where: { id: org.id } });
    const [gone] = (await listAuditLogs(t.ctx(), { organizationId: org.id })).items;
    expect(gone).toMatchObject({
      organizationId: org.id,
      organizationName: null,
      targetLabel: null,
    });
  });

  it("is for console members, the Management API and the system; never end users", async () => {
    const allowed: Actor[] = [
      { type: "console", userId: "c", role: "collaborator" },
      { type: "console", userId: "a", role: "admin" },
      { type: "management_api", clientId: "m2m" },
      { type: "system" },
    ];
    for (const actor of allowed)
      await expect(listAuditLogs(t.ctx({ actor }), { pageSize: 1 })).resolves.toBeDefined();
    const endUser = t.ctx({ actor: { type: "user", userId: "u" } });
    await expectDomainError(listAuditLogs(endUser), "auth.forbidden");
    await expectDomainError(getAuditLog(endUser, { id: "x" }), "auth.forbidden");
    const org = await f.organization();
    await expectDomainError(
      listOrganizationAuditLogs(endUser, { organizationId: org.id }),
      "auth.forbidden",
    );
    await expectDomainError(getAuditLog(t.ctx(), { id: "no-such-entry" }), "audit_log.not_found");
  });
});

describe("listOrganizationAuditLogs", () => {
  it("lists one organization's entries, and 404s for an unknown organization", async () => {
    const [mine, other] = [await f.organization(), await f.organization()];
    const tag = unique("org").replace(/-/g, "_");
    await rows(tag, [
      { action: "one", organizationId: mine.id },
      { action: "two", organizationId: other.id },
      { action: "three", organizationId: mine.id, actorId: "someone" },
    ]);
    const page = await listOrganizationAuditLogs(t.ctx(), { organizationId: mine.id });
    expect(page.items.map((e) => e.action)).toEqual([`${tag}.three`, `${tag}.one`]);
    const filtered = await listOrganizationAuditLogs(t.ctx(), {
      organizationId: mine.id,
      actorId: "someone",
    });
    expect(filtered.items.map((e) => e.action)).toEqual([`${tag}.three`]);
    await expectDomainError(
      listOrganizationAuditLogs(t.ctx(), { organizationId: "no-such-org" }),
      "organization.not_found",
    );
  });
});

describe("pruneExpired", () => {
  it("deletes only entries and events past their retention, in batches", async () => {
    // In the past: every other test's rows are newer than `now`, so only this test's are old.
    const now = new Date("2000-03-01T00:00:00.000Z");
    await t.db().instanceSettings.upsert({
      where: { id: "default" },
      create: { id: "default", auditLogRetentionDays: 30, eventRetentionDays: 3 },
      update: { auditLogRetentionDays: 30, eventRetentionDays: 3 },
    });
    const tag = unique("prune").replace(/-/g, "_");
    const ago = (days: number, ms = 0) => new Date(+now - days * DAY + ms);
    // Five past the audit retention (one a millisecond past it), two just inside it.
    await rows(tag, [
      ...[31, 40, 45, 100, 400].map((d) => ({ action: `old${d}`, createdAt: ago(d) })),
      { action: "edge_old", createdAt: ago(30, -1) },
      { action: "edge_kept", createdAt: ago(30) },
      { action: "recent", createdAt: ago(29) },
    ]);
    const eventTag = `Test.${tag}`;
    await t.db().domainEvent.createMany({
      data: [4, 5, 10, 2, 0].map((d) => ({ event: eventTag, createdAt: ago(d) })),
    });
    // A webhook delivery of an old event goes with it.
    const oldEvent = await t.db().domainEvent.findFirstOrThrow({
      where: { event: eventTag, createdAt: ago(10) },
    });
    const webhook = await t.db().webhook.create({
      data: { name: "w", url: "https://example.com/hook", events: [], signingSecretEncrypted: "x" },
    });
    await t.db().webhookDelivery.create({
      data: {
        webhookId: webhook.id,
        eventId: oldEvent.id,
        eventSeq: 1,
        event: eventTag,
      },
    });

    // Counts the delete statements: the client it is given, with $executeRaw counted.
    const db = t.db();
    const statements: number[] = [];
    const counting = {
      instanceSettings: db.instanceSettings,
      $executeRaw: (...args: Parameters<typeof db.$executeRaw>) =>
        db.$executeRaw(...args).then((n) => (statements.push(n), n)),
    } as unknown as typeof db;

    const result = await pruneExpired(counting, now, { batchSize: 2 });
    expect(result).toEqual({ auditLogs: 6, events: 3 });
    // Batches of at most 2 rows: audit 2 + 2 + 2 + 0, events 2 + 1.
    expect(statements).toEqual([2, 2, 2, 0, 2, 1]);
    const left = await t.db().auditLog.findMany({
      where: { action: { startsWith: `${tag}.` } },
      select: { action: true },
    });
    expect(left.map((r) => r.action).sort()).toEqual([`${tag}.edge_kept`, `${tag}.recent`]);
    const eventsLeft = await t.db().domainEvent.findMany({
      where: { event: eventTag },
      select: { createdAt: true },
    });
    expect(eventsLeft.map((e) => e.createdAt).sort((a, b) => +a - +b)).toEqual([ago(2), ago(0)]);
    expect(await t.db().webhookDelivery.count({ where: { webhookId: webhook.id } })).toBe(0);
    // Entries of today (the other tests') are untouched, and a second run finds nothing.
    expect(await pruneExpired(t.db(), now)).toEqual({ auditLogs: 0, events: 0 });
    await t.db().instanceSettings.deleteMany();
  });

  it("keeps the event holding the highest position, so positions never start again", async () => {
    const now = new Date("2000-06-01T00:00:00.000Z");
    const eventTag = `Test.${unique("positions").replace(/-/g, "_")}`;
    await t.db().domainEvent.createMany({
      data: [1, 2, 3].map(() => ({ event: eventTag, createdAt: new Date("2000-01-01") })),
    });
    await sequenceEvents(t.db());
    const highest = await t.db().domainEvent.findFirstOrThrow({
      where: { seq: { not: null } },
      orderBy: { seq: "desc" },
      select: { id: true, seq: true, event: true },
    });
    expect(highest.event).toBe(eventTag);
    // Every event of this test is past the retention (and the earlier test's that are left):
    // all but the highest position go.
    const result = await pruneExpired(t.db(), now);
    expect(result.events).toBeGreaterThanOrEqual(2);
    const left = await t.db().domainEvent.findMany({ where: { event: eventTag } });
    expect(left.map((e) => e.id)).toEqual([highest.id]);
    // The next event continues after it.
    const next = await t.db().domainEvent.create({ data: { event: eventTag } });
    await sequenceEvents(t.db());
    const positioned = await t.db().domainEvent.findUniqueOrThrow({ where: { id: next.id } });
    expect(positioned.seq).toBe((highest.seq ?? 0n) + 1n);
  });

  it("runs on a schedule from startRetentionJob until stopped", async () => {
    const tag = unique("job").replace(/-/g, "_");
    const now = new Date("2001-01-01T00:00:00.000Z");
    await rows(tag, [{ action: "ancient", createdAt: new Date(+now - 400 * DAY) }]);
    const logged: string[] = [];
    const job = startRetentionJob({
      db: t.db(),
      startDelayMs: 0,
      intervalMs: 60_000,
      now: () => now,
      logger: { info: (m) => logged.push(m), error: (m) => logged.push(m) },
    });
    await expect.poll(() => t.db().auditLog.count({ where: { action: `${tag}.ancient` } })).toBe(0);
    await job.stop();
    expect(logged.some((m) => m.startsWith("[retention] deleted"))).toBe(true);
  });
});
