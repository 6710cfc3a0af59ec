import { EventEmitter } from 'node:events';

/** Rows of one ingest became durable. Times are epoch ms of the rows' time column. */
export interface RowsCommitted {
  workspace: string;
  dataset: string;
  rows: number;
  minTime: number | null;
  maxTime: number | null;
}

/** What happens inside one Almanac that other parts (live UI, alerting) react to. */
export interface AlmanacEventMap {
  rows: [RowsCommitted];
  /** A definition was created, replaced or removed. */
  definitions: [{ workspace: string; kinds: string[] }];
  /** Anything a workspace's live listeners should see (alert state changes, in-app notifications). */
  live: [{ workspace: string; type: string; data: unknown }];
}

export type AlmanacEvents = EventEmitter<AlmanacEventMap>;

export function createEvents(): AlmanacEvents {
  const e = new EventEmitter<AlmanacEventMap>();
  // Every open SSE stream is a listener; the default of 10 would warn on an ordinary dashboard.
  e.setMaxListeners(0);
  return e;
}
