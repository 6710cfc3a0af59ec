import path from 'node:path';
import pino, { type Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { createDuckDBStore } from './store/duckdb/store.js';
import type { AuditEntry, Store } from './store/store.js';
import { createWriteQueue, type WriteQueue } from './ingest/write-queue.js';
import { createEvents, type AlmanacEvents } from './events.js';
import { attachAnswerCache } from './query/answer-cache.js';

export interface AlmanacOptions {
  dataDir?: string;
  /** Rows that may wait in the write queue before ingest answers 429. */
  maxQueuedRows?: number;
  logger?: Logger;
  /** Share and reuse metric-query answers (src/query/answer-cache.ts); default true. Benchmarks turn it off to time the query work itself. */
  answerCache?: boolean;
}

/** Counters about Almanac itself, exposed at /metrics. */
export function createOpsMetrics(writes: () => number) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'almanac_process_' });
  return {
    registry,
    // No workspace or dataset labels: /metrics needs no key, and names are tenant data.
    ingestedRows: new Counter({ name: 'almanac_ingested_rows_total', help: 'Rows stored by ingest', registers: [registry] }),
    rejectedRows: new Counter({ name: 'almanac_rejected_rows_total', help: 'Rows rejected by ingest validation', registers: [registry] }),
    deduplicatedRows: new Counter({ name: 'almanac_deduplicated_rows_total', help: 'Rows dropped as duplicates of stored ids', registers: [registry] }),
    ingestPaths: new Counter({ name: 'almanac_ingest_bodies_total', help: 'Ingested bodies by path: fast (CSV read by the store), declined (fast path gave way to JS), general (JS only)', labelNames: ['path'], registers: [registry] }),
    requestSeconds: new Histogram({
      name: 'almanac_http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
    }),
    queueDepth: new Gauge({ name: 'almanac_write_queue_rows', help: 'Rows waiting in the write queue', registers: [registry], collect() { this.set(writes()); } }),
  };
}

export type OpsMetrics = ReturnType<typeof createOpsMetrics>;

/** Everything a running Almanac holds: the store, the write queue, logs and self-metrics. */
export interface Almanac {
  dataDir: string;
  store: Store;
  writes: WriteQueue;
  log: Logger;
  ops: OpsMetrics;
  /** Rows committed, definitions changed, live messages: for SSE and the watchers. */
  events: AlmanacEvents;
  /** Register work to stop (schedulers, delivery loops) before the store closes. */
  onClose(fn: () => Promise<void>): void;
  audit(entry: Omit<AuditEntry, 'time'>): Promise<void>;
  close(): Promise<void>;
}

export function defaultDataDir(): string {
  return path.resolve(process.env.ALMANAC_DATA_DIR || './almanac-data');
}

export async function openAlmanac(opts: AlmanacOptions = {}): Promise<Almanac> {
  const dataDir = path.resolve(opts.dataDir ?? defaultDataDir());
  const log = opts.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const store = await createDuckDBStore(dataDir);
  const events = createEvents();
  const writes = createWriteQueue(store, {
    maxQueuedRows: opts.maxQueuedRows ?? 2_000_000,
    onCommit(job, { answer, minTime, maxTime }) {
      if (answer.accepted === 0) return;
      events.emit('rows', { workspace: job.workspace, dataset: job.dataset.name, rows: answer.accepted, minTime, maxTime });
    },
  });
  const ops = createOpsMetrics(() => writes.depth());
  // Metric queries share and reuse answers until rows or definitions change (src/query/answer-cache.ts).
  const detachAnswers = opts.answerCache === false ? () => undefined : attachAnswerCache(store, events);
  const closers: (() => Promise<void>)[] = [async () => detachAnswers()];
  return {
    dataDir,
    store,
    writes,
    log,
    ops,
    events,
    onClose(fn) {
      closers.push(fn);
    },
    async audit(entry) {
      await store.appendAudit({ ...entry, time: Date.now() });
    },
    async close() {
      for (const fn of closers.splice(0).reverse()) await fn();
      await writes.close();
      await store.close();
    },
  };
}
