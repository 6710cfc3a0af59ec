import type { DatasetDef } from '../core/dataset.js';
import { bucketStart, type Step } from '../core/time.js';
import { abortError } from '../core/errors.js';
import type { AlmanacEvents, RowsCommitted } from '../events.js';
import type { Store } from '../store/store.js';
import type { CheckedQuery, QueryRow } from './checked-query.js';

/**
 * Answers of metric queries, shared while they cannot have changed.
 *
 * - Identical queries running at the same time run once (a dashboard's stat and
 *   forecast panels ask for the same series; so do its error-rate stat, chart
 *   and anomaly panel).
 * - A bucketed query keeps its rows per bucket. A later query over the same
 *   series (same dataset, measures, filter, groups, step) reads from the store
 *   only the buckets the kept answer does not hold completely — on a dashboard
 *   reload or a live re-run, usually just the newest bucket.
 *
 * Never stale: rows landing in a dataset (`rows` event, with their time span)
 * drop the kept buckets they fall into, and an answer computed while rows
 * landed is not kept. A definition change (`definitions` event) drops the
 * workspace's answers, and a kept answer is only used with the very dataset
 * definition it was computed with (the store replaces the object on every
 * change), so changes that announce nothing are safe too. Queries with a
 * top-N `limit` or without a step are only shared while running: their answer
 * depends on the whole range.
 */

type Rows = { rows: QueryRow[]; rowsScanned: number };

export interface AnswerCacheOptions {
  /** Kept series at most (least recently used go first). */
  maxEntries?: number;
  /** Rows kept over all series at most. */
  maxRows?: number;
}

export interface AnswerCacheStats {
  /** Answered from kept buckets alone. */
  hits: number;
  /** Kept buckets plus a store query for the newer ones. */
  partial: number;
  /** Joined an identical query already running. */
  shared: number;
  /** Ran whole. */
  misses: number;
  entries: number;
  rows: number;
}

export interface AnswerCache {
  /**
   * The store's rows for a checked query, shared or reused when still exact.
   * `signal` gives up waiting (query_cancelled / query_timeout); the store
   * query itself stops once every request sharing it has given up.
   */
  query(workspace: string, q: CheckedQuery, signal?: AbortSignal): Promise<Rows>;
  stats(): AnswerCacheStats;
  clear(): void;
}

interface Kept {
  workspace: string;
  dataset: DatasetDef;
  step: Step;
  /** Every row with time in [from, to) was reflected when these rows were read; `from` is a bucket start. */
  from: number;
  to: number;
  rows: QueryRow[];
}

// A kept row is a small object (~100-200 bytes): the row budget bounds the memory to some tens of MB.
const DEFAULTS = { maxEntries: 500, maxRows: 200_000 };

/** The part of a query that names the series, without its time range. */
function seriesKey(workspace: string, q: CheckedQuery): string {
  // `fill` and measure labels only shape the answer after the store; they do not change its rows.
  return JSON.stringify([workspace, q.dataset.name, q.measures.map((m) => m.expr), q.filter ?? null, q.groupBy, q.step?.text ?? null, q.limit ?? null]);
}

const datasetKey = (workspace: string, dataset: string) => `${workspace}\u0000${dataset}`;

export function createAnswerCache(store: Store, events: AlmanacEvents, opts: AnswerCacheOptions = {}): AnswerCache & { close(): void } {
  const { maxEntries, maxRows } = { ...DEFAULTS, ...opts };
  /** Bumped by every change to a dataset's rows or the workspace's definitions: what ran across a bump is not kept or joined. */
  const generations = new Map<string, number>();
  /** Queries in flight, by exact query: joined by identical ones; stopped when all who wait for one have gone. */
  const running = new Map<string, { generation: string; dataset: DatasetDef; answer: Promise<Rows>; stop: AbortController; waiting: number }>();
  const kept = new Map<string, Kept>(); // insertion order = least recently used first
  let keptRows = 0;
  const counts = { hits: 0, partial: 0, shared: 0, misses: 0 };

  const generationOf = (workspace: string, dataset: string) =>
    `${generations.get(workspace) ?? 0}.${generations.get(datasetKey(workspace, dataset)) ?? 0}`;
  const bump = (key: string) => generations.set(key, (generations.get(key) ?? 0) + 1);

  function drop(key: string) {
    const k = kept.get(key);
    if (!k) return;
    keptRows -= k.rows.length;
    kept.delete(key);
  }

  function keep(key: string, k: Kept) {
    drop(key);
    if (k.rows.length > maxRows / 4) return;
    kept.set(key, k);
    keptRows += k.rows.length;
    for (const oldest of kept.keys()) {
      if (kept.size <= maxEntries && keptRows <= maxRows) break;
      drop(oldest);
    }
  }

  /**
   * A newer answer joined to the kept one it continues: a live panel's query of
   * the newest buckets then keeps the whole week the dashboard loaded (for its
   * forecast's next run, or the next viewer), not just the last hour.
   */
  function extend(prev: Kept | undefined, next: Kept): Kept {
    if (!prev || prev.dataset !== next.dataset || prev.from >= next.from || bucketStart(prev.to, next.step) < next.from) return next;
    let rows = combineRows(prev.rows.filter((r) => r.bucket < next.from), next.rows);
    let from = prev.from;
    // Too long a history: the oldest buckets go.
    if (rows.length > maxRows / 4) {
      const buckets = [...new Set(rows.map((r) => r.bucket))].sort((a, b) => a - b);
      const perBucket = rows.length / buckets.length;
      const room = Math.floor(maxRows / 4 / perBucket);
      // Not even one bucket of this width fits: keep only the newer answer (which `keep` may refuse as too big).
      if (room < 1) return next;
      from = Math.min(next.from, buckets[Math.max(0, buckets.length - room)]);
      rows = rows.filter((r) => r.bucket >= from);
    }
    return { ...next, from, rows };
  }

  /** Rows landed: kept buckets from the one holding the oldest new row on are no longer exact. */
  function onRows(e: RowsCommitted) {
    bump(datasetKey(e.workspace, e.dataset));
    for (const [key, k] of [...kept]) {
      if (k.workspace !== e.workspace || k.dataset.name !== e.dataset) continue;
      if (e.minTime === null || e.maxTime === null) { drop(key); continue; }
      if (e.minTime >= k.to || e.maxTime < k.from) continue;
      const cut = bucketStart(e.minTime, k.step);
      if (cut <= k.from) { drop(key); continue; }
      const rows = k.rows.filter((r) => r.bucket < cut);
      keptRows -= k.rows.length - rows.length;
      kept.set(key, { ...k, to: cut, rows });
    }
  }
  function onDefinitions(e: { workspace: string }) {
    bump(e.workspace);
    for (const [key, k] of [...kept]) if (k.workspace === e.workspace) drop(key);
  }
  events.on('rows', onRows);
  events.on('definitions', onDefinitions);

  /** Run (or reuse) and keep the answer when nothing changed meanwhile. */
  async function run(workspace: string, q: CheckedQuery, series: string, generation: string, signal: AbortSignal): Promise<Rows> {
    const step = q.step;
    const keepable = step !== undefined && q.limit === undefined;
    const k = kept.get(series);
    let out: Rows;
    if (!keepable || !k || k.dataset !== q.dataset || k.from > q.from) {
      counts.misses++;
      out = await store.query(workspace, q, signal);
    } else {
      // The buckets the kept rows hold completely, from the query's start on.
      const split = Math.max(q.from, bucketStart(Math.min(k.to, q.to), step));
      const reused = k.rows.filter((r) => r.bucket >= q.from && r.bucket < split);
      if (split >= q.to) {
        counts.hits++;
        kept.delete(series); // most recently used now
        kept.set(series, k);
        return { rows: reused, rowsScanned: 0 };
      }
      if (split === q.from) {
        counts.misses++;
        out = await store.query(workspace, q, signal);
      } else {
        counts.partial++;
        const fresh = await store.query(workspace, { ...q, from: split }, signal);
        // Rows landed while the newer buckets were read: the kept ones may predate them, so the two
        // parts would not be one moment's data. Read it all again, in one query.
        out = generationOf(workspace, q.dataset.name) === generation
          ? { rows: combineRows(reused, fresh.rows), rowsScanned: fresh.rowsScanned }
          : await store.query(workspace, q, signal);
      }
    }
    // Rows or definitions changed while it ran: the answer may predate them, so it is not kept.
    if (keepable && generationOf(workspace, q.dataset.name) === generation) keep(series, extend(kept.get(series), { workspace, dataset: q.dataset, step, from: q.from, to: q.to, rows: out.rows }));
    return out;
  }

  return {
    async query(workspace, q, signal) {
      if (signal?.aborted) throw abortError(signal);
      const series = seriesKey(workspace, q);
      const exact = `${series}\u0000${q.from}\u0000${q.to}`;
      const generation = generationOf(workspace, q.dataset.name);
      let entry = running.get(exact);
      // Same generation and the very same dataset definition (a re-created dataset is a new object).
      if (entry && entry.generation === generation && entry.dataset === q.dataset) {
        counts.shared++;
        entry.waiting++;
      } else {
        const stop = new AbortController();
        const answer = run(workspace, q, series, generation, stop.signal);
        const started = { generation, dataset: q.dataset, answer, stop, waiting: 1 };
        running.set(exact, started);
        answer.then(() => undefined, () => undefined).finally(() => {
          if (running.get(exact) === started) running.delete(exact);
        });
        entry = started;
      }
      const joined = entry;
      return waitFor(joined.answer, signal, () => {
        // The last one waiting has gone: stop the store query, and let no one join it.
        if (--joined.waiting > 0) return;
        if (running.get(exact) === joined) running.delete(exact);
        joined.stop.abort(signal?.reason);
      });
    },
    stats: () => ({ ...counts, entries: kept.size, rows: keptRows }),
    clear() {
      kept.clear();
      keptRows = 0;
    },
    close() {
      events.off('rows', onRows);
      events.off('definitions', onDefinitions);
    },
  };
}

type GroupValue = QueryRow['groups'][number];

/** Group values in the store's ORDER BY order: numbers and booleans by value, strings by code unit, NULL last. */
function compareValue(a: GroupValue, b: GroupValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a !== typeof b) return typeof a < typeof b ? -1 : 1;
  if (typeof a === 'string') return compareCodePoints(a, b as string);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * DuckDB orders VARCHAR by its UTF-8 bytes, which is code point order; JS `<`
 * compares UTF-16 code units, which differs once a character above U+FFFF
 * meets one in U+E000–U+FFFF.
 */
function compareCodePoints(a: string, b: string): number {
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
function compareGroups(a: QueryRow['groups'], b: QueryRow['groups']): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareValue(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Kept rows (older buckets) and fresh rows (newer buckets), both in the store's
 * order (by group, then bucket), as one answer in that order: the groups of both
 * merged, each group's old buckets before its new ones.
 */
export function combineRows(older: QueryRow[], newer: QueryRow[]): QueryRow[] {
  const byGroup = (rows: QueryRow[]) => {
    const m = new Map<string, QueryRow[]>();
    for (const r of rows) {
      const key = JSON.stringify(r.groups);
      const list = m.get(key);
      if (list) list.push(r);
      else m.set(key, [r]);
    }
    return m;
  };
  const a = byGroup(older);
  const b = byGroup(newer);
  const ak = [...a.keys()];
  const bk = [...b.keys()];
  const out: QueryRow[] = [];
  const done = new Set<string>();
  const emit = (key: string) => {
    if (done.has(key)) return;
    done.add(key);
    out.push(...(a.get(key) ?? []), ...(b.get(key) ?? []));
  };
  let i = 0;
  let j = 0;
  while (i < ak.length || j < bk.length) {
    if (j >= bk.length) emit(ak[i++]);
    else if (i >= ak.length) emit(bk[j++]);
    else if (ak[i] === bk[j]) { emit(ak[i++]); j++; }
    else if (compareGroups(a.get(ak[i])![0].groups, b.get(bk[j])![0].groups) <= 0) emit(ak[i++]);
    else emit(bk[j++]);
  }
  return out;
}

/** `answer`, or an abort error as soon as `signal` aborts (then `onAbort` runs once). */
function waitFor<T>(answer: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (!signal) return answer;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(abortError(signal));
    };
    signal.addEventListener('abort', abort, { once: true });
    answer.then(
      (v) => { signal.removeEventListener('abort', abort); resolve(v); },
      (e) => { signal.removeEventListener('abort', abort); reject(e); },
    );
  });
}

const caches = new WeakMap<Store, AnswerCache>();

/** Give a store an answer cache fed by an Almanac's events; `runQuery` uses it. Returns a function that detaches it. */
export function attachAnswerCache(store: Store, events: AlmanacEvents, opts?: AnswerCacheOptions): () => void {
  const cache = createAnswerCache(store, events, opts);
  caches.set(store, cache);
  return () => {
    cache.close();
    if (caches.get(store) === cache) caches.delete(store);
  };
}

export function answerCacheOf(store: Store): AnswerCache | undefined {
  return caches.get(store);
}

/**
 * A checked query's rows: through the store's answer cache when it has one (an
 * open Almanac), else straight from the store. Every reader of metric series
 * (queries, KPIs, alert rules) goes through here, so they share and reuse answers.
 */
export function queryRows(store: Store, workspace: string, q: CheckedQuery, signal?: AbortSignal): Promise<Rows> {
  const cache = caches.get(store);
  return cache ? cache.query(workspace, q, signal) : store.query(workspace, q, signal);
}
