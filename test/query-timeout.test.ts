import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';

/**
 * A metric query that runs past the server's query timeout is stopped inside
 * DuckDB and answered 503 query_timeout — and the read connections it held are
 * free again, so later queries are not stuck behind it.
 */
let s: TestServer;
beforeAll(async () => {
  s = await startServer({ queryTimeoutMs: 1 });
  const lines = ['time,host,ms'];
  const t0 = Date.UTC(2026, 0, 1);
  for (let i = 0; i < 200_000; i++) lines.push(`${new Date(t0 + i * 1000).toISOString()},h${i % 50},${(i * 7919) % 1000}`);
  const csv = lines.join('\n');
  // Declared first, so the body takes the CSV fast path.
  const created = await s.call('POST', '/api/v1/datasets', { body: { name: 'load', timeColumn: 'time', columns: [{ name: 'time', type: 'time' }, { name: 'host', type: 'string' }, { name: 'ms', type: 'number' }] } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const r = await fetch(`${s.url}/api/v1/datasets/load/rows`, { method: 'POST', headers: { authorization: `Bearer ${s.keys.ingest}`, 'content-type': 'text/csv' }, body: csv });
  expect(r.status, await r.clone().text()).toBe(200);
  expect((await r.json()).accepted).toBe(200_000);
}, 60_000);
afterAll(async () => { await s?.close(); });

describe('query timeout', () => {
  it('stops a query that runs too long with 503 query_timeout, and does not leave connections stuck', async () => {
    const query = (i: number) => s.call('POST', '/api/v1/query', {
      body: { dataset: 'load', measures: [`p99(ms + ${i})`, `p50(ms * ${i + 1})`], groupBy: ['host'], step: '1m', from: '2026-01-01T00:00:00Z', to: '2026-01-04T00:00:00Z' },
    });
    const first = await query(0);
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ error: { code: 'query_timeout' } });
    expect(JSON.stringify(first.body)).toMatch(/narrow the time range/);
    // More queries than read connections, all at once: each is stopped, none waits for ever.
    const t0 = Date.now();
    const many = await Promise.all(Array.from({ length: 8 }, (_, i) => query(i + 1)));
    expect(many.map((r) => r.status)).toEqual(Array(8).fill(503));
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
