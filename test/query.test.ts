import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../src/packs/random.js';
import { startServer, type TestServer } from './helpers/server.js';

/**
 * Query results must equal an independent computation over the same rows:
 * the rows are generated here, kept in memory, aggregated in plain JS, and
 * compared with what the API answers.
 */
interface Row { time: number; region: string; endpoint: string; status: number; duration_ms: number }
let s: TestServer;
const rows: Row[] = [];
const T0 = Date.UTC(2026, 0, 5); // a Monday
const HOUR = 3_600_000;

beforeAll(async () => {
  s = await startServer();
  const rnd = createRandom(7);
  for (let i = 0; i < 20_000; i++) {
    const t = T0 + Math.floor(rnd.next() * 10 * 24 * HOUR);
    // Leave hour 30 empty, to check fill.
    if (t >= T0 + 30 * HOUR && t < T0 + 31 * HOUR) continue;
    rows.push({
      time: t,
      region: rnd.pick(['eu', 'us', 'ap']),
      endpoint: rnd.pick(['/a', '/b', '/c', '/d', '/e']),
      status: rnd.next() < 0.05 ? 500 : 200,
      duration_ms: Math.round(rnd.next() * 1000) / 10,
    });
  }
  const body = rows.map((r) => JSON.stringify({ ...r, time: new Date(r.time).toISOString() })).join('\n');
  const res = await s.call('POST', '/api/v1/datasets/req/rows', { body, type: 'application/x-ndjson' });
  expect(res.body.accepted).toBe(rows.length);
  await s.call('PUT', '/api/v1/metrics/error_rate', { body: { name: 'error_rate', dataset: 'req', expr: 'count_if(status >= 500) / count()', unit: 'ratio' } });
});
afterAll(async () => { await s.close(); });

/** Linear-interpolation quantile (type 7), computed independently of DuckDB. */
function quantile(values: number[], q: number): number {
  const v = [...values].sort((a, b) => a - b);
  const h = (v.length - 1) * q;
  const lo = Math.floor(h);
  return v[lo] + (h - lo) * ((v[Math.min(lo + 1, v.length - 1)]) - v[lo]);
}
const query = async (body: object) => {
  const r = await s.call('POST', '/api/v1/query', { body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const iso = (ms: number) => new Date(ms).toISOString();

describe('query results equal an independent computation', () => {
  it('hourly p95 by region with fill', async () => {
    const from = T0 + 24 * HOUR;
    const to = T0 + 48 * HOUR;
    const ans = await query({ dataset: 'req', measures: ['p95(duration_ms)', 'count()'], groupBy: ['region'], from: iso(from), to: iso(to), step: '1h', fill: 'zero' });
    expect(ans.series).toHaveLength(6);
    for (const series of ans.series) {
      expect(series.points).toHaveLength(24);
      for (const [b, v] of series.points) {
        const sel = rows.filter((r) => r.region === series.group.region && r.time >= b && r.time < b + HOUR);
        if (sel.length === 0) { expect(v).toBe(0); continue; }
        const expected = series.measure === 'count()' ? sel.length : quantile(sel.map((r) => r.duration_ms), 0.95);
        expect(v).toBeCloseTo(expected, 9);
      }
    }
    const gap = ans.series[0].points.find(([b]: [number]) => b === T0 + 30 * HOUR);
    expect(gap[1]).toBe(0);
  });

  it('error rate by a metric name, filter and top-N', async () => {
    const ans = await query({ metric: 'error_rate', groupBy: ['endpoint'], filter: "region in ('eu', 'us') and duration_ms > 10", from: iso(T0), to: iso(T0 + 10 * 24 * HOUR), limit: 3 });
    const by = new Map<string, Row[]>();
    for (const r of rows) if ((r.region === 'eu' || r.region === 'us') && r.duration_ms > 10) by.set(r.endpoint, [...(by.get(r.endpoint) ?? []), r]);
    const expected = [...by.entries()].map(([e, rs]) => [e, rs.filter((r) => r.status >= 500).length / rs.length] as const).sort((a, b) => b[1] - a[1]).slice(0, 3);
    expect(ans.series.map((x: { group: { endpoint: string } }) => x.group.endpoint)).toEqual(expected.map((e) => e[0]));
    ans.series.forEach((x: { points: [number, number][] }, i: number) => expect(x.points[0][1]).toBeCloseTo(expected[i][1], 12));
    expect(ans.series[0].points[0][0]).toBe(T0);
  });

  it('daily sum, avg, min, max, count_distinct and rate', async () => {
    const ans = await query({ dataset: 'req', measures: ['sum(duration_ms)', 'avg(duration_ms)', 'min(duration_ms)', 'max(duration_ms)', 'count_distinct(endpoint)', 'rate(status)'], from: iso(T0), to: iso(T0 + 3 * 24 * HOUR), step: '1d' });
    for (const series of ans.series) {
      for (const [b, v] of series.points) {
        const sel = rows.filter((r) => r.time >= b && r.time < b + 24 * HOUR);
        const d = sel.map((r) => r.duration_ms);
        const expected: Record<string, number> = {
          'sum(duration_ms)': d.reduce((a, x) => a + x, 0),
          'avg(duration_ms)': d.reduce((a, x) => a + x, 0) / d.length,
          'min(duration_ms)': Math.min(...d),
          'max(duration_ms)': Math.max(...d),
          'count_distinct(endpoint)': new Set(sel.map((r) => r.endpoint)).size,
          'rate(status)': sel.reduce((a, r) => a + r.status, 0) / 86400,
        };
        expect(v).toBeCloseTo(expected[series.measure], 6);
      }
    }
  });

  it('weekly buckets start on Monday and monthly on the 1st, in UTC', async () => {
    const w = await query({ dataset: 'req', measures: ['count()'], from: iso(T0 + 2 * 24 * HOUR), to: iso(T0 + 9 * 24 * HOUR), step: '1w' });
    expect(w.series[0].points.map((p: number[]) => iso(p[0]))).toEqual(['2026-01-05T00:00:00.000Z', '2026-01-12T00:00:00.000Z']);
    const m = await query({ dataset: 'req', measures: ['count()'], from: '2025-12-15T00:00:00Z', to: '2026-02-10T00:00:00Z', step: '1mo' });
    expect(m.series[0].points.map((p: number[]) => iso(p[0]))).toEqual(['2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    expect(m.series[0].points[1][1]).toBe(rows.length);
  });

  it('fill previous carries the last value; without groups an empty range answers one series', async () => {
    const from = T0 + 29 * HOUR;
    const ans = await query({ dataset: 'req', measures: ['count()'], from: iso(from), to: iso(from + 3 * HOUR), step: '1h', fill: 'previous' });
    const pts = ans.series[0].points;
    expect(pts[1][1]).toBe(pts[0][1]);
    const empty = await query({ dataset: 'req', measures: ['count()', 'sum(duration_ms)'], from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' });
    expect(empty.series.map((x: { points: unknown[][] }) => x.points[0][1])).toEqual([0, null]);
  });
});

describe('query errors name the offending part', () => {
  it.each([
    ['unknown column with a hint', { dataset: 'req', measures: ['p95(durration_ms)'] }, 'invalid_expression', /unknown column "durration_ms".*did you mean "duration_ms".*at 5 in measures\[0\]/],
    ['type mismatch in filter', { dataset: 'req', filter: "status = 'x'" }, 'invalid_expression', /cannot compare number with string/],
    ['unknown dataset', { dataset: 'nope' }, 'not_found', /dataset "nope" not found/],
    ['bad step', { dataset: 'req', step: '5 minutes' }, 'invalid_query', /step: "5 minutes" is not a duration/],
    ['too many buckets', { dataset: 'req', step: '1s', from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'invalid_query', /buckets/],
    ['empty range', { dataset: 'req', from: '-1h', to: '-2h' }, 'invalid_query', /range is empty/],
    ['limit without groups', { dataset: 'req', limit: 3 }, 'invalid_query', /add groupBy/],
    ['group by time', { dataset: 'req', groupBy: ['time'] }, 'invalid_query', /time column/],
    ['unknown field', { dataset: 'req', measure: ['count()'] }, 'bad_request', /measure/],
  ])('%s', async (_d, body, code, message) => {
    const r = await s.call('POST', '/api/v1/query', { body });
    expect(r.status).toBe(code === 'not_found' ? 404 : 400);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toMatch(message);
  });

  it('user text cannot reach SQL: an injection attempt is just a string that matches nothing', async () => {
    const ans = await query({ dataset: 'req', measures: ['count()'], filter: "region = 'eu''; DROP TABLE req; --'", from: iso(T0), to: iso(T0 + 10 * 24 * HOUR) });
    expect(ans.series[0].points[0][1]).toBe(0);
    const still = await query({ dataset: 'req', measures: ['count()'], from: iso(T0), to: iso(T0 + 10 * 24 * HOUR) });
    expect(still.series[0].points[0][1]).toBe(rows.length);
  });
});
