import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEvents } from '../src/events.js';
import { answerCacheOf, combineRows, createAnswerCache } from '../src/query/answer-cache.js';
import type { CheckedQuery, QueryRow } from '../src/query/checked-query.js';
import { resolveQuery } from '../src/query/resolve-query.js';
import type { DatasetDef } from '../src/core/dataset.js';
import { startServer, type TestServer } from './helpers/server.js';

/**
 * The answer cache behind /api/v1/query: answers are reused and shared, but an
 * answer after an ingest (or a definition change) always includes it. Expected
 * values are counted here from the rows sent, not taken from an earlier answer.
 */
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 2);
const SERVICES = ['api', 'web', 'checkout'];
interface Row { time: number; service: string; status: number }
const sent: Row[] = [];
let s: TestServer;

const iso = (ms: number) => new Date(ms).toISOString();
const cache = () => answerCacheOf(s.almanac.store)!;
async function ingest(rows: Row[]) {
  const r = await s.call('POST', '/api/v1/datasets/hits/rows', { body: rows.map((x) => ({ ...x, time: iso(x.time) })) });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  sent.push(...rows);
}
async function query(body: object) {
  const r = await s.call('POST', '/api/v1/query', { body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { series: { measure: string; group: Record<string, string>; points: [number, number | null][] }[]; meta: { rowsScanned: number } };
}
/** Hourly count per service over [from, to), from the rows sent. */
function expected(from: number, to: number): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const r of sent) {
    if (r.time < from || r.time >= to) continue;
    const b = Math.floor(r.time / HOUR) * HOUR;
    const m = out.get(r.service) ?? new Map<number, number>();
    m.set(b, (m.get(b) ?? 0) + 1);
    out.set(r.service, m);
  }
  return out;
}
function expectCounts(answer: Awaited<ReturnType<typeof query>>, from: number, to: number) {
  const want = expected(from, to);
  expect(answer.series.map((x) => x.group.service).sort()).toEqual([...want.keys()].sort());
  for (const series of answer.series) {
    const w = want.get(series.group.service)!;
    for (const [b, v] of series.points) expect(v ?? 0, `${series.group.service} at ${iso(b)}`).toBe(w.get(b) ?? 0);
  }
}

beforeAll(async () => {
  s = await startServer();
  const rows: Row[] = [];
  for (let i = 0; i < 3000; i++) rows.push({ time: T0 + ((i * 7919) % (48 * HOUR / 1000)) * 1000, service: SERVICES[i % 3], status: i % 17 === 0 ? 500 : 200 });
  await ingest(rows);
});
afterAll(async () => { await s?.close(); });
beforeEach(() => cache().clear());

describe('answer cache', () => {
  const q = (to: number, extra: object = {}) => ({ dataset: 'hits', measures: ['count()'], groupBy: ['service'], step: '1h', from: iso(T0), to: iso(to), ...extra });

  it('reuses the complete buckets of an earlier answer and reads only the newer ones', async () => {
    const first = await query(q(T0 + 30 * HOUR + 1800_000));
    expectCounts(first, T0, T0 + 30 * HOUR + 1800_000);
    const before = cache().stats();
    // The window moved on: 30 complete hours are kept, hours 30-40 are read.
    const later = await query(q(T0 + 40 * HOUR));
    expectCounts(later, T0, T0 + 40 * HOUR);
    expect(cache().stats().partial).toBe(before.partial + 1);
    expect(later.meta.rowsScanned).toBe(sent.filter((r) => r.time >= T0 + 30 * HOUR && r.time < T0 + 40 * HOUR).length);
    // The same answer as without the cache, series order included.
    cache().clear();
    expect((await query(q(T0 + 40 * HOUR))).series).toEqual(later.series);
  });

  it('a query of the newest buckets (a live update) extends the kept answer instead of replacing it', async () => {
    await query(q(T0 + 30 * HOUR + 1800_000));
    await query({ ...q(T0 + 31 * HOUR), from: iso(T0 + 30 * HOUR) });
    const whole = await query(q(T0 + 31 * HOUR));
    expectCounts(whole, T0, T0 + 31 * HOUR);
    expect(whole.meta.rowsScanned).toBe(0);
    expect(cache().stats().hits).toBeGreaterThan(0);
  });

  it('an answer after an ingest includes the new rows, in the newest bucket and in an old one', async () => {
    await query(q(T0 + 47 * HOUR));
    // A row in the newest hour, a backfilled one in hour 5 and a new service in hour 20.
    await ingest([
      { time: T0 + 46 * HOUR + 60_000, service: 'api', status: 200 },
      { time: T0 + 5 * HOUR + 60_000, service: 'web', status: 500 },
      { time: T0 + 20 * HOUR + 60_000, service: 'search', status: 200 },
    ]);
    const after = await query(q(T0 + 47 * HOUR));
    expectCounts(after, T0, T0 + 47 * HOUR);
    expect(after.series.some((x) => x.group.service === 'search')).toBe(true);
    // The kept buckets before hour 5 were still exact and reused.
    expect(after.meta.rowsScanned).toBe(sent.filter((r) => r.time >= T0 + 5 * HOUR && r.time < T0 + 47 * HOUR).length);
  });

  it('a metric redefined answers with the new definition', async () => {
    await s.call('PUT', '/api/v1/metrics/errors', { body: { name: 'errors', dataset: 'hits', expr: 'count_if(status >= 500)' } });
    const body = { metric: 'errors', step: '1h', from: iso(T0), to: iso(T0 + 24 * HOUR) };
    const errors = await query(body);
    const count = (pred: (r: Row) => boolean) => sent.filter((r) => r.time >= T0 && r.time < T0 + 24 * HOUR && pred(r)).length;
    expect(errors.series[0].points.reduce((a, p) => a + (p[1] ?? 0), 0)).toBe(count((r) => r.status >= 500));
    await s.call('PUT', '/api/v1/metrics/errors', { body: { name: 'errors', dataset: 'hits', expr: 'count_if(status < 500)' } });
    const redefined = await query(body);
    expect(redefined.series[0].points.reduce((a, p) => a + (p[1] ?? 0), 0)).toBe(count((r) => r.status < 500));
  });

  it('identical queries at the same time run once', async () => {
    const body = q(T0 + 12 * HOUR, { measures: ['count()', 'count_if(status >= 500)'] });
    const before = cache().stats();
    const answers = await Promise.all([query(body), query(body), query(body)]);
    expect(answers[1].series).toEqual(answers[0].series);
    expect(answers[2].series).toEqual(answers[0].series);
    // The store ran it once: the others joined it (or, had it finished first, reused its answer).
    const after = cache().stats();
    expect(after.misses + after.partial - before.misses - before.partial).toBe(1);
    expect(after.shared + after.hits - before.shared - before.hits).toBe(2);
    expectCounts({ ...answers[0], series: answers[0].series.filter((x) => x.measure === 'count()') }, T0, T0 + 12 * HOUR);
  });
});

describe('answer cache, rows landing while a query runs', () => {
  it('does not keep an answer read before the rows landed', async () => {
    const events = createEvents();
    const store = s.almanac.store;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    // The real store, held at the start of the first query until the rows event has been sent.
    const held = { ...store, query: async (w: string, cq: CheckedQuery) => { calls++; const out = store.query(w, cq); if (calls === 1) await gate; return out; } };
    const c = createAnswerCache(held, events);
    const defs = await store.listDefinitions('default');
    const dataset = defs.find((d) => d.kind === 'dataset' && d.name === 'hits') as unknown as DatasetDef;
    const cq = resolveQuery({ dataset: 'hits', measures: ['count()'], step: '1h', from: iso(T0), to: iso(T0 + 10 * HOUR) }, { dataset: () => dataset, metric: () => undefined }, Date.now());
    const running = c.query('default', cq);
    events.emit('rows', { workspace: 'default', dataset: 'hits', rows: 1, minTime: T0 + HOUR, maxTime: T0 + HOUR });
    release();
    await running;
    expect(c.stats().entries).toBe(0);
    await c.query('default', cq);
    expect(c.stats()).toMatchObject({ misses: 2, hits: 0, entries: 1 });
    // Kept now, and reused.
    await c.query('default', cq);
    expect(c.stats().hits).toBe(1);
    c.close();
  });
});

describe('answer cache, bounded', () => {
  it('keeps at most its row budget: a long history loses its oldest buckets, answers stay exact', async () => {
    const events = createEvents();
    const store = s.almanac.store;
    // 3 services x 48 hours = 144 rows for the whole range; a quarter of 200 is 50 rows kept per series.
    const c = createAnswerCache(store, events, { maxRows: 200 });
    const defs = await store.listDefinitions('default');
    const dataset = defs.find((d) => d.kind === 'dataset' && d.name === 'hits') as unknown as DatasetDef;
    const resolve = (from: number, to: number) => resolveQuery({ dataset: 'hits', measures: ['count()'], groupBy: ['service'], step: '1h', from: iso(from), to: iso(to) }, { dataset: () => dataset, metric: () => undefined }, Date.now());
    await c.query('default', resolve(T0 + 30 * HOUR, T0 + 40 * HOUR)); // 30 rows: kept
    expect(c.stats().rows).toBe(30);
    await c.query('default', resolve(T0 + 40 * HOUR, T0 + 48 * HOUR)); // extends to 54 rows: trimmed to the newest 48 (16 hours)
    expect(c.stats().rows).toBeLessThanOrEqual(50);
    const whole = await c.query('default', resolve(T0 + 32 * HOUR, T0 + 48 * HOUR));
    const direct = await store.query('default', resolve(T0 + 32 * HOUR, T0 + 48 * HOUR));
    expect(whole.rows).toEqual(direct.rows);
    expect(whole.rowsScanned).toBe(0);
    c.close();
  });
});

describe('combineRows', () => {
  const row = (groups: QueryRow['groups'], bucket: number): QueryRow => ({ bucket, groups, values: [bucket] });
  it('merges the groups of both in the store order, old buckets first, each group once', () => {
    const older = [row(['a'], 0), row(['a'], 1), row(['c'], 0), row([null], 0)];
    const newer = [row(['a'], 2), row(['b'], 2), row(['c'], 2), row([null], 2)];
    expect(combineRows(older, newer).map((r) => `${r.groups[0]}@${r.bucket}`)).toEqual(['a@0', 'a@1', 'a@2', 'b@2', 'c@0', 'c@2', 'null@0', 'null@2']);
  });
});
