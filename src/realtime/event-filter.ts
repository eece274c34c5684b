// A subscriber's own selection of the live events (the driver's stream, api/routes/driver-events.ts): the stream
// (event-stream.ts) asks the filter once per event, in the stream's order, live or replayed, so a filter may
// keep state (the sessions it follows). The payload is the event's JSON as sent, parsed once per event whatever
// the number of subscribers; `resync` is never asked about: every client must hear it.
import type { DomainEvents, EventName } from '../shared/events.js';

/** A value as JSON carries it: a Date is its ISO string (JSON.stringify), the rest keeps its shape. */
export type Jsonified<T> = T extends Date ? string
  : T extends ReadonlyArray<infer U> ? Array<Jsonified<U>>
  : T extends object ? { [K in keyof T]: Jsonified<T[K]> }
  : T;

/** One event as a filter sees it; switching on `name` narrows `payload`. */
export type SentEvent = { [E in EventName]: { name: E; payload: Jsonified<DomainEvents[E]> } }[EventName];

/** True: this subscriber gets the event. */
export type EventFilter = (event: SentEvent) => boolean;
