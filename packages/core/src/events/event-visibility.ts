import type { Db } from "@guildhall/db";
import type { DomainEventPayload } from "@guildhall/validators";
import { holdsManagementApi } from "../applications/assert-may-change-credentials.ts";
import { DomainError } from "../errors.ts";

/**
 * Which events an application may receive:
 * - `all`: it holds the Management API (it could read every entity anyway);
 * - `organizations`: any other machine-to-machine application, only the events of the
 *   organizations it is added to, plus the events about its own membership (so it learns that
 *   it was added or removed).
 */
export type EventAudience =
  | { kind: "all"; applicationId: string }
  | { kind: "organizations"; applicationId: string; organizationIds: ReadonlySet<string> };

/**
 * Reads an application's audience now: whether it holds the Management API, and the
 * organizations it is added to.
 * @throws auth.forbidden when the application does not exist or is not machine-to-machine
 */
export async function resolveEventAudience(db: Db, applicationId: string): Promise<EventAudience> {
  const [app, all, memberships] = await Promise.all([
    db.application.findUnique({ where: { id: applicationId }, select: { type: true } }),
    holdsManagementApi(db, applicationId),
    db.organizationApplication.findMany({
      where: { applicationId },
      select: { organizationId: true },
    }),
  ]);
  if (app?.type !== "MachineToMachine") {
    throw new DomainError(
      "auth.forbidden",
      "Only machine-to-machine applications may read the event stream.",
      { applicationId },
    );
  }
  if (all) return { kind: "all", applicationId };
  return {
    kind: "organizations",
    applicationId,
    organizationIds: new Set(memberships.map((m) => m.organizationId)),
  };
}

type EventFacts = Pick<DomainEventPayload, "event" | "organizationId" | "applicationId" | "data">;

/**
 * Whether an event is about the application's own organization memberships (added, removed,
 * its roles changed): its audience may have changed with it.
 */
export function concernsApplicationMembership(event: EventFacts, applicationId: string): boolean {
  if (event.applicationId === applicationId) return true;
  if (event.event !== "Organization.Membership.Updated") return false;
  // organization_application.added/.removed/.replaced name the applications in their data.
  const { data } = event;
  const named = (value: unknown) =>
    value === applicationId || (Array.isArray(value) && value.includes(applicationId));
  return (
    named(data["applicationId"]) ||
    named(data["applicationIds"]) ||
    named(data["added"]) ||
    named(data["removed"])
  );
}

/** The rule itself: may this audience receive this event? */
export function mayReceiveEvent(audience: EventAudience, event: EventFacts): boolean {
  if (audience.kind === "all") return true;
  if (concernsApplicationMembership(event, audience.applicationId)) return true;
  return event.organizationId != null && audience.organizationIds.has(event.organizationId);
}

/** How long an audience is reused before it is read again (a grant or revocation elsewhere). */
export const EVENT_AUDIENCE_TTL_MS = 5_000;

export interface EventFilter {
  /** The events of `events` (in order) this application may receive. */
  filter(events: readonly DomainEventPayload[]): Promise<DomainEventPayload[]>;
  /** The audience in force (read on first use). */
  audience(): Promise<EventAudience>;
}

/**
 * Filters events for one application, event by event. The audience is read once and reused for
 * `ttlMs`, and read again at once after an event about the application's own membership, so the
 * events that follow its addition to an organization are already visible.
 * @throws auth.forbidden (from a re-read) when the application was deleted meanwhile
 */
export function createEventFilter(
  db: Db,
  applicationId: string,
  options: { ttlMs?: number; now?: () => number; initial?: EventAudience } = {},
): EventFilter {
  const ttlMs = options.ttlMs ?? EVENT_AUDIENCE_TTL_MS;
  const now = options.now ?? Date.now;
  let current = options.initial;
  let readAt = current ? now() : 0;

  async function audience(): Promise<EventAudience> {
    if (!current || now() - readAt >= ttlMs) {
      current = await resolveEventAudience(db, applicationId);
      readAt = now();
    }
    return current;
  }

  return {
    audience,
    async filter(events) {
      const visible: DomainEventPayload[] = [];
      for (const event of events) {
        if (mayReceiveEvent(await audience(), event)) visible.push(event);
        if (concernsApplicationMembership(event, applicationId)) readAt = -Infinity;
      }
      return visible;
    },
  };
}
