import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../src/packs/random.js';
import { startServer, type TestServer } from './helpers/server.js';

/**
 * Large NDJSON bodies for existing datasets take the database-side fast path.
 * Whatever path runs, the stored rows and the answer must be the same: the
 * same rows sent as a JSON array (always the exact path) are the reference.
 */
let s: TestServer;
const N = 4000;
beforeAll(async () => { s = await startServer(); });
afterAll(async () => { await s.close(); });

function rows(seed: number) {
  const rnd = createRandom(seed);
  return Array.from({ length: N }, (_, i) => {
    const t = Date.UTC(2026, 0, 1) + i * 997 + Math.floor(rnd.next() * 1000);
    const iso = new Date(t).toISOString().replace('Z', `${String(Math.floor(rnd.next() * 1000)).padStart(3, '0')}+00:00`);
    return { time: i % 3 === 0 ? t * 1000 + 123 : iso, service: rnd.pick(['api', 'web', 'a "quoted" \\ name', 'ünïcode']), v: i % 7 === 0 ? null : Math.round(rnd.normal() * 1e6) / 1e3, ok: rnd.next() < 0.5 };
  });
}
const fastUsed = async () => Number(/almanac_ingest_fast_path_total\{outcome="used"\} (\d+)/.exec((await s.call('GET', '/metrics', { key: null })).body)?.[1] ?? 0);
const define = (name: string) => s.call('POST', '/api/v1/datasets', { body: { name, timeColumn: 'time', columns: [
  { name: 'time', type: 'time' }, { name: 'service', type: 'string' }, { name: 'v', type: 'number' }, { name: 'ok', type: 'boolean' }] } });
const ask = (dataset: string) => s.call('POST', '/api/v1/query', { body: {
  dataset, measures: ['count()', 'sum(v)', 'count(v)', 'count_if(ok)', 'count_distinct(service)', 'min(v)', 'max(v)'], groupBy: ['service'],
  from: '2025-12-31T00:00:00Z', to: '2026-01-03T00:00:00Z', step: '1h' } });

describe('the NDJSON fast path', () => {
  it('stores exactly what the exact path stores (times to the microsecond)', async () => {
    await define('fast_a');
    await define('exact_a');
    const data = rows(1);
    const before = await fastUsed();
    const fast = await s.call('POST', '/api/v1/datasets/fast_a/rows?precision=us', { body: data.map((r) => JSON.stringify(r)).join('\n'), type: 'application/x-ndjson' });
    expect(fast.status, JSON.stringify(fast.body)).toBe(200);
    expect(await fastUsed()).toBe(before + 1);
    const exact = await s.call('POST', '/api/v1/datasets/exact_a/rows?precision=us', { body: data });
    expect(fast.body).toEqual(exact.body);
    expect(fast.body.accepted).toBe(N);
    expect((await ask('fast_a')).body.series).toEqual((await ask('exact_a')).body.series);
    const [a, b] = await Promise.all([s.call('GET', '/api/v1/datasets/fast_a'), s.call('GET', '/api/v1/datasets/exact_a')]);
    expect(a.body.stats).toEqual(b.body.stats);
  });

  it.each([
    ['a string in a number column', (r: Record<string, unknown>) => ({ ...r, v: '12' })],
    ['an infinite number', (r: Record<string, unknown>) => ({ ...r, v: 'INF' })],
    ['a time without an offset', (r: Record<string, unknown>) => ({ ...r, time: '2026-01-01T00:00:00' })],
    ['an impossible date', (r: Record<string, unknown>) => ({ ...r, time: '2026-02-30T00:00:00Z' })],
    ['hour 24', (r: Record<string, unknown>) => ({ ...r, time: '2026-01-01T24:00:00Z' })],
    ['a year after 9999 at this precision', (r: Record<string, unknown>) => ({ ...r, time: 1e18 })],
    ['an object where a string belongs', (r: Record<string, unknown>) => ({ ...r, service: { name: 'api' } })],
    ['a missing time', (r: Record<string, unknown>) => ({ service: r.service, v: r.v })],
  ])('%s anywhere gets the exact answer: 400 naming the row, nothing stored', async (_d, spoil) => {
    const name = `bad_${Math.random().toString(36).slice(2, 8)}`;
    await define(name);
    const data: Record<string, unknown>[] = rows(2);
    data[2500] = spoil(data[2500]);
    const lines = data.map((r) => JSON.stringify(r)).join('\n').replace('"INF"', '1e400');
    const r = await s.call('POST', `/api/v1/datasets/${name}/rows?precision=us`, { body: lines, type: 'application/x-ndjson' });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].row).toBe(2501);
    expect((await s.call('GET', `/api/v1/datasets/${name}`)).body.stats.rows).toBe(0);
  });

  it('a new column takes the exact path and is added', async () => {
    await define('fast_b');
    const data = rows(3).map((r, i) => (i === 10 ? { ...r, region: 'eu' } : r));
    const r = await s.call('POST', '/api/v1/datasets/fast_b/rows?precision=us', { body: data.map((x) => JSON.stringify(x)).join('\n'), type: 'application/x-ndjson' });
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(N);
    expect((await s.call('GET', '/api/v1/datasets/fast_b')).body.columns.map((c: { name: string }) => c.name)).toContain('region');
  });

  it('partial mode with a bad row keeps the dead letter (exact path)', async () => {
    await define('fast_c');
    const data: Record<string, unknown>[] = rows(4);
    data[7] = { ...data[7], ok: 'yes' };
    const r = await s.call('POST', '/api/v1/datasets/fast_c/rows?precision=us&mode=partial', { body: data.map((x) => JSON.stringify(x)).join('\n'), type: 'application/x-ndjson' });
    expect(r.body).toMatchObject({ accepted: N - 1, rejected: 1 });
    expect((await s.call('GET', '/api/v1/datasets/fast_c/rejects')).body.rejects[0]).toMatchObject({ row: 8, column: 'ok' });
  });
});
