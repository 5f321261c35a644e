// The event pump (sequence, read, publish) and the visibility rule the event stream applies.
import type { DomainEventPayload } from "@guildhall/validators";
import { afterEach, describe, expect, it } from "vitest";
import { ensureManagementApi, setManagementApiAccess } from "../applications/index.ts";
import { assignMemberRoles, addMembers } from "../members/index.ts";
import { fixtures } from "../members/test-fixtures.ts";
import {
  addOrganizationApplications,
  removeOrganizationApplication,
} from "../organization-applications/index.ts";
import { updateOrganization } from "../organizations/index.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import {
  createEventFilter,
  latestEventSeq,
  mayReceiveEvent,
  resolveEventAudience,
  resolveStreamStart,
  sequenceEvents,
  startEventPump,
  type EventPump,
} from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);

const m2m = () =>
  t.db().application.create({ data: { name: unique("m2m"), type: "MachineToMachine" } });

let pump: EventPump | undefined;
afterEach(async () => {
  await pump?.stop();
  pump = undefined;
});

/** Waits until `received` holds `count` events (the pump polls every 20 ms here). */
async function until(received: DomainEventPayload[], count: number) {
  for (let i = 0; i < 250 && received.length < count; i++)
    await new Promise((r) => setTimeout(r, 20));
  return received;
}

describe("event pump", () => {
  it("publishes committed events in position order, from where it started", async () => {
    const org = await f.organization();
    // Before the pump starts: not replayed.
    await updateOrganization(t.ctx(), { id: org.id, name: unique("before") });
    await sequenceEvents(t.db());
    pump = startEventPump({ db: t.db(), intervalMs: 20, expireInvitationsEveryMs: 0 });
    await pump.ready;
    const received: DomainEventPayload[] = [];
    pump.subscribe((events) => received.push(...events.filter((e) => e.organizationId === org.id)));

    const u = await f.user();
    const role = await f.role();
    await addMembers(t.ctx(), { organizationId: org.id, userIds: [u.id] });
    await assignMemberRoles(t.ctx(), {
      organizationId: org.id,
      userId: u.id,
      organizationRoleIds: [role.id],
      organizationRoleNames: [],
    });
    await until(received, 2);
    expect(received.map((e) => e.event)).toEqual([
      "Organization.Membership.Updated",
      "Organization.Membership.Roles.Updated",
    ]);
    const [first = 0n, second = 0n] = received.map((e) => BigInt(e.id));
    expect(second).toBe(first + 1n);
    expect(received[1]?.data).toMatchObject({ userId: u.id, removed: false });
    expect(pump.lastPublishedSeq()).toBeGreaterThanOrEqual(second);
    expect(Date.now() - pump.lastHealthyAt()).toBeLessThan(2_000);
  });

  it("kicks the webhook worker when deliveries were created", async () => {
    await t.db().webhook.create({
      data: {
        name: unique("hook"),
        url: "https://hooks.example.com/in",
        events: ["Organization.Data.Updated"],
        signingSecretEncrypted: "sealed",
      },
    });
    let kicks = 0;
    pump = startEventPump({
      db: t.db(),
      intervalMs: 20,
      expireInvitationsEveryMs: 0,
      onDeliveries: () => (kicks += 1),
    });
    await pump.ready;
    const org = await f.organization();
    await updateOrganization(t.ctx(), { id: org.id, name: unique("renamed") });
    for (let i = 0; i < 250 && kicks === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(kicks).toBeGreaterThan(0);
  });

  it("survives a failing database: logs, backs off, and carries on", async () => {
    const errors: unknown[] = [];
    let fail = true;
    const db = t.db();
    // A client whose transactions fail while `fail` is set, as during an outage.
    const flaky = new Proxy(db, {
      get(target, property) {
        if (property === "$transaction" && fail)
          return () => Promise.reject(new Error("connection refused"));
        return Reflect.get(target, property) as unknown;
      },
    });
    pump = startEventPump({
      db: flaky,
      intervalMs: 10,
      expireInvitationsEveryMs: 0,
      onError: (e) => errors.push(e),
    });
    await pump.ready;
    const received: DomainEventPayload[] = [];
    const org = await f.organization();
    pump.subscribe((events) => received.push(...events.filter((e) => e.organizationId === org.id)));
    await updateOrganization(t.ctx(), { id: org.id, name: unique("during-outage") });
    await new Promise((r) => setTimeout(r, 100));
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(received).toEqual([]);
    fail = false;
    await until(received, 1);
    expect(received.map((e) => e.event)).toEqual(["Organization.Data.Updated"]);
  });
});

describe("event visibility", () => {
  it("lets a Management API application see everything", async () => {
    await ensureManagementApi(t.db(), { baseUrl: "http://guildhall.test" });
    const app = await m2m();
    await setManagementApiAccess(t.ctx(), { applicationId: app.id, enabled: true });
    const audience = await resolveEventAudience(t.db(), app.id);
    expect(audience.kind).toBe("all");
    expect(mayReceiveEvent(audience, { event: "User.Created", data: {} })).toBe(true);
  });

  it("lets another machine-to-machine application see only its organizations and its own membership", async () => {
    const [mine, other] = [await f.organization(), await f.organization()];
    const app = await m2m();
    await addOrganizationApplications(t.ctx(), {
      organizationId: mine.id,
      applicationIds: [app.id],
    });
    const audience = await resolveEventAudience(t.db(), app.id);
    const event = (organizationId: string | null, more: Partial<DomainEventPayload> = {}) => ({
      event: "Organization.Data.Updated" as const,
      organizationId,
      data: {},
      ...more,
    });
    expect(mayReceiveEvent(audience, event(mine.id))).toBe(true);
    expect(mayReceiveEvent(audience, event(other.id))).toBe(false);
    expect(mayReceiveEvent(audience, event(null, { event: "User.Created" }))).toBe(false);
    // Being added to (or removed from) another organization is news for it.
    expect(
      mayReceiveEvent(
        audience,
        event(other.id, {
          event: "Organization.Membership.Updated",
          data: { applicationIds: [app.id] },
        }),
      ),
    ).toBe(true);
  });

  it("refuses applications that are not machine-to-machine, or unknown", async () => {
    const spa = await t.db().application.create({ data: { name: unique("spa"), type: "SPA" } });
    await expectDomainError(resolveEventAudience(t.db(), spa.id), "auth.forbidden");
    await expectDomainError(resolveEventAudience(t.db(), "no-such-app"), "auth.forbidden");
  });

  it("re-reads the audience after an event about the application's own membership", async () => {
    const org = await f.organization();
    const app = await m2m();
    const filter = createEventFilter(t.db(), app.id, { ttlMs: 60_000 });
    const rename = {
      id: "1",
      event: "Organization.Data.Updated",
      createdAt: "",
      organizationId: org.id,
      data: {},
    } as const;
    expect(await filter.filter([rename])).toEqual([]);

    await addOrganizationApplications(t.ctx(), {
      organizationId: org.id,
      applicationIds: [app.id],
    });
    const added = {
      id: "2",
      event: "Organization.Membership.Updated",
      createdAt: "",
      organizationId: org.id,
      data: { applicationIds: [app.id] },
    } as const;
    // The addition itself, then the organization's events: visible at once, without waiting
    // for the cache to expire.
    expect((await filter.filter([added, { ...rename, id: "3" }])).map((e) => e.id)).toEqual([
      "2",
      "3",
    ]);

    await removeOrganizationApplication(t.ctx(), { organizationId: org.id, applicationId: app.id });
    const removed = { ...added, id: "4", data: { applicationId: app.id } };
    expect((await filter.filter([removed, { ...rename, id: "5" }])).map((e) => e.id)).toEqual([
      "4",
    ]);
  });
});

describe("stream start", () => {
  it("resumes after a known position, live without one, from a time with since", async () => {
    const org = await f.organization();
    await updateOrganization(t.ctx(), { id: org.id, name: unique("a") });
    await sequenceEvents(t.db());
    const latest = await latestEventSeq(t.db());
    expect(await resolveStreamStart(t.db(), {})).toEqual({ afterSeq: latest, reset: false });
    expect(await resolveStreamStart(t.db(), { lastEventId: latest - 1n })).toEqual({
      afterSeq: latest - 1n,
      reset: false,
    });
    // A position this database never gave.
    expect(await resolveStreamStart(t.db(), { lastEventId: latest + 100n })).toMatchObject({
      reset: true,
    });
    const future = await resolveStreamStart(t.db(), { since: new Date(Date.now() + 60_000) });
    expect(future).toEqual({ afterSeq: latest, reset: false });
    const past = await resolveStreamStart(t.db(), { since: new Date(0) });
    expect(past).toEqual({ afterSeq: 0n, reset: false });
  });

  it("says reset when the events after the position were pruned", async () => {
    const org = await f.organization();
    await updateOrganization(t.ctx(), { id: org.id, name: unique("b") });
    await updateOrganization(t.ctx(), { id: org.id, name: unique("c") });
    await sequenceEvents(t.db());
    const oldest = await t.db().domainEvent.findFirstOrThrow({
      where: { seq: { not: null } },
      orderBy: { seq: "asc" },
    });
    const prunedUpTo = oldest.seq ?? 0n;
    // Retention pruned the oldest event.
    await t.db().domainEvent.delete({ where: { id: oldest.id } });
    expect(await resolveStreamStart(t.db(), { lastEventId: 0n })).toEqual({
      afterSeq: prunedUpTo,
      reset: true,
    });
    expect(await resolveStreamStart(t.db(), { lastEventId: prunedUpTo })).toEqual({
      afterSeq: prunedUpTo,
      reset: false,
    });
    expect(await resolveStreamStart(t.db(), { since: new Date(0) })).toMatchObject({
      reset: true,
    });
  });
});
