export {
  eventNamesForAction,
  eventsFromAudit,
  EVENT_EMITTING_ACTIONS,
} from "./events-from-audit.ts";
export { sequenceEvents, type SequenceResult } from "./sequence-events.ts";
export {
  latestEventSeq,
  readEventsAfter,
  toEventPayload,
  type ReadEventsOptions,
} from "./read-events.ts";
export {
  startEventPump,
  type EventListener,
  type EventPump,
  type EventPumpOptions,
} from "./event-pump.ts";
export {
  concernsApplicationMembership,
  createEventFilter,
  EVENT_AUDIENCE_TTL_MS,
  mayReceiveEvent,
  resolveEventAudience,
  type EventAudience,
  type EventFilter,
} from "./event-visibility.ts";
export { resolveStreamStart, type StreamStart, type StreamStartRequest } from "./stream-start.ts";
