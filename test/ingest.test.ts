import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';

let s: TestServer;
beforeAll(async () => { s = await startServer(); });
afterAll(async () => { await s.close(); });

const rowsUrl = (ds: string, qs = '') => `/api/v1/datasets/${ds}/rows${qs}`;
const count = async (ds: string) => {
  const r = await s.call('POST', '/api/v1/query', { body: { dataset: ds, measures: ['count()'], from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' } });
  return r.body.series[0].points[0][1] as number;
};

describe('ingest formats', () => {
  it.each([
    ['JSON array', 'application/json', JSON.stringify([{ time: '2026-01-01T00:00:00Z', v: 1, s: 'a' }, { time: '2026-01-01T00:01:00+02:00', v: 2.5, s: 'b' }])],
    ['NDJSON', 'application/x-ndjson', '{"time":"2026-01-01T00:00:00Z","v":1,"s":"a"}\n\n{"time":"2026-01-01T00:01:00Z","v":2.5,"s":"b"}\n'],
    ['CSV', 'text/csv', 'time,v,s\n2026-01-01T00:00:00Z,1,a\n2026-01-01T00:01:00Z,2.5,"b"\n'],
  ])('%s creates the dataset with an inferred schema', async (_d, type, body) => {
    const name = `fmt_${type.replace(/\W/g, '_')}`;
    const r = await s.call('POST', rowsUrl(name), { body, type });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ accepted: 2, rejected: 0, deduplicated: 0, errors: [] });
    const d = await s.call('GET', `/api/v1/datasets/${name}`);
    expect(d.body.columns).toEqual([{ name: 'time', type: 'time' }, { name: 'v', type: 'number' }, { name: 's', type: 'string' }]);
    expect(d.body.stats.rows).toBe(2);
  });

  it('accepts gzip bodies', async () => {
    const body = gzipSync('{"ts":1767225600,"v":3}\n{"ts":1767225660,"v":4}');
    const r = await s.call('POST', rowsUrl('gz', '?precision=s'), { body, type: 'application/x-ndjson', headers: { 'content-encoding': 'gzip' } });
    expect(r.body).toMatchObject({ accepted: 2 });
    const d = await s.call('GET', '/api/v1/datasets/gz');
    expect(d.body.timeColumn).toBe('ts');
    expect(d.body.stats.minTime).toBe(1767225600000);
  });

  it.each([
    ['s', 1767225600, 1767225600000],
    ['ms', 1767225600123, 1767225600123],
    ['us', 1767225600123456, 1767225600123.456],
    ['ns', 1767225600123456789, 1767225600123.4568],
  ])('epoch precision %s', async (p, value, ms) => {
    const name = `prec_${p}`;
    const r = await s.call('POST', rowsUrl(name, `?precision=${p}`), { body: [{ time: value, v: 1 }] });
    expect(r.status).toBe(200);
    const d = await s.call('GET', `/api/v1/datasets/${name}`);
    expect(Math.floor(d.body.stats.minTime)).toBe(Math.floor(ms));
  });

  it('uses ?time= for the time column and adds new columns when they appear', async () => {
    let r = await s.call('POST', rowsUrl('evolve', '?time=at'), { body: [{ at: '2026-01-01T00:00:00Z', a: 1 }] });
    expect(r.status).toBe(200);
    r = await s.call('POST', rowsUrl('evolve'), { body: [{ at: '2026-01-01T00:00:01Z', a: 2, b: 'new', c: true }] });
    expect(r.body.accepted).toBe(1);
    const d = await s.call('GET', '/api/v1/datasets/evolve');
    expect(d.body.columns.map((c: { name: string }) => c.name)).toEqual(['at', 'a', 'b', 'c']);
    expect(d.body.columns[3].type).toBe('boolean');
  });
});

describe('bad input is rejected and stores nothing', () => {
  it.each([
    ['wrong type in a number column', [{ time: '2026-01-01T00:00:00Z', v: 1 }, { time: '2026-01-01T00:00:00Z', v: 'abc' }], 400, { row: 2, column: 'v' }],
    ['time without offset', [{ time: '2026-01-01T00:00:00Z', v: 1 }, { time: '2026-01-01T00:00:00', v: 1 }], 400, { row: 2, column: 'time' }],
    ['missing time', [{ time: '2026-01-01T00:00:00Z', v: 1 }, { v: 2 }], 400, { row: 2, column: 'time' }],
    ['non-object element', [{ time: '2026-01-01T00:00:00Z', v: 1 }, 5], 400, { row: 2 }],
  ])('%s', async (_d, body, status, error) => {
    const name = `bad_${Math.random().toString(36).slice(2, 8)}`;
    const r = await s.call('POST', rowsUrl(name), { body });
    expect(r.status).toBe(status);
    expect(r.body.accepted).toBe(0);
    expect(r.body.rejected).toBe(1);
    expect(r.body.errors[0]).toMatchObject(error);
    expect(r.body.error.code).toBe('invalid_rows');
    expect((await s.call('GET', `/api/v1/datasets/${name}`)).status).toBe(404);
  });

  it('names the column, the value and the expected type', async () => {
    await s.call('POST', rowsUrl('typed'), { body: [{ time: '2026-01-01T00:00:00Z', n: 1 }] });
    const r = await s.call('POST', rowsUrl('typed'), { body: [{ time: '2026-01-01T00:00:00Z', n: '12' }] });
    expect(r.body.errors).toEqual([{ row: 1, column: 'n', message: 'column "n": "12" is not a number (expected number)' }]);
    expect(await count('typed')).toBe(1);
  });

  it.each([
    ['malformed JSON', 'application/json', '[{"time": ', 400, 'bad_request'],
    ['unsupported media type', 'text/plain', 'hello', 415, 'unsupported_media_type'],
    ['bad gzip', 'application/json', 'not gzip', 400, 'bad_request'],
  ])('%s → %i', async (_d, type, body, status, code) => {
    const headers: Record<string, string> = _d === 'bad gzip' ? { 'content-encoding': 'gzip' } : {};
    const r = await s.call('POST', rowsUrl('never'), { body, type, headers });
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect((await s.call('GET', '/api/v1/datasets/never')).status).toBe(404);
  });

  it('reports at most 100 errors but counts every rejected row', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({ time: '2026-01-01T00:00:00Z', v: i === 0 ? 1 : 'x' }));
    const r = await s.call('POST', rowsUrl('many_bad'), { body: rows });
    expect(r.body.rejected).toBe(149);
    expect(r.body.errors).toHaveLength(100);
  });

  it('a body over the limit gets 413', async () => {
    const small = await startServer({ bodyLimit: 4096 });
    try {
      const big = JSON.stringify(Array.from({ length: 200 }, () => ({ time: '2026-01-01T00:00:00Z', v: 1 })));
      const r = await small.call('POST', rowsUrl('big'), { body: big });
      expect(r.status).toBe(413);
      const gz = await small.call('POST', rowsUrl('big'), { body: gzipSync(big + ' '.repeat(10000)), type: 'application/json', headers: { 'content-encoding': 'gzip' } });
      expect(gz.status).toBe(413);
      expect((await small.call('GET', '/api/v1/datasets/big')).status).toBe(404);
    } finally {
      await small.close();
    }
  });
});

describe('partial mode and dead letters', () => {
  it('stores good rows and keeps each bad row with its reason', async () => {
    const body = '{"time":"2026-01-01T00:00:00Z","v":1}\nnot json\n{"time":"2026-01-01T00:00:02Z","v":"x"}\n{"time":"2026-01-01T00:00:03Z","v":4}';
    const r = await s.call('POST', rowsUrl('partial', '?mode=partial'), { body, type: 'application/x-ndjson' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 2, rejected: 2, deduplicated: 0 });
    expect(r.body.errors.map((e: { row: number }) => e.row)).toEqual([2, 3]);
    const rej = await s.call('GET', '/api/v1/datasets/partial/rejects');
    expect(rej.body.rejects).toHaveLength(2);
    expect(rej.body.rejects.map((x: { raw: string }) => x.raw).sort()).toEqual(['not json', '{"time":"2026-01-01T00:00:02Z","v":"x"}']);
    expect(await count('partial')).toBe(2);
  });
});

describe('retries are safe', () => {
  it('drops rows whose id is already stored, and duplicates within a batch', async () => {
    const rows = [{ time: '2026-01-01T00:00:00Z', id: 'a', v: 1 }, { time: '2026-01-01T00:00:01Z', id: 'b', v: 2 }];
    expect((await s.call('POST', rowsUrl('dedup'), { body: rows })).body).toMatchObject({ accepted: 2, deduplicated: 0 });
    const again = await s.call('POST', rowsUrl('dedup'), { body: [...rows, { time: '2026-01-01T00:00:02Z', id: 'c', v: 3 }, { time: '2026-01-01T00:00:02Z', id: 'c', v: 3 }] });
    expect(again.body).toMatchObject({ accepted: 1, deduplicated: 3 });
    expect(await count('dedup')).toBe(3);
  });

  it('an Idempotency-Key returns the first answer and stores nothing more', async () => {
    const body = [{ time: '2026-01-01T00:00:00Z', v: 1 }];
    const first = await s.call('POST', rowsUrl('idem'), { body, headers: { 'idempotency-key': 'k-1' } });
    const second = await s.call('POST', rowsUrl('idem'), { body, headers: { 'idempotency-key': 'k-1' } });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await count('idem')).toBe(1);
    await s.call('POST', rowsUrl('idem'), { body, headers: { 'idempotency-key': 'k-2' } });
    expect(await count('idem')).toBe(2);
  });
});

describe('concurrency', () => {
  it('50 concurrent writers plus readers finish without an error and lose nothing', async () => {
    await s.call('POST', rowsUrl('conc'), { body: [{ time: '2026-01-01T00:00:00Z', w: 0, i: 0 }] });
    const writers = Array.from({ length: 50 }, (_, w) => s.call('POST', rowsUrl('conc'), {
      body: Array.from({ length: 200 }, (_, i) => ({ time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), w, i })),
    }));
    const readers = Array.from({ length: 20 }, () => s.call('POST', '/api/v1/query', { body: { dataset: 'conc', measures: ['count()', 'sum(w)'], from: '2025-01-01', to: '2027-01-01' } }));
    const results = await Promise.all([...writers, ...readers]);
    for (const r of results) expect(r.status).toBe(200);
    expect(await count('conc')).toBe(1 + 50 * 200);
  });
});

describe('back-pressure', () => {
  it('answers 429 with Retry-After when the write queue is full, and stores what it acknowledged', async () => {
    const small = await startServer({ maxQueuedRows: 3000 });
    try {
      const body = Array.from({ length: 2000 }, (_, i) => ({ time: new Date(Date.UTC(2026, 0, 1) + i).toISOString(), v: i }));
      await small.call('POST', rowsUrl('bp'), { body: body.slice(0, 1) });
      const results = await Promise.all(Array.from({ length: 12 }, () => small.call('POST', rowsUrl('bp'), { body })));
      const busy = results.filter((r) => r.status === 429);
      expect(busy.length).toBeGreaterThan(0);
      expect(busy[0].headers.get('retry-after')).toBe('1');
      expect(busy[0].body.error.code).toBe('queue_full');
      const ok = results.filter((r) => r.status === 200).length;
      const q = await small.call('POST', '/api/v1/query', { body: { dataset: 'bp', from: '2025-01-01', to: '2027-01-01' } });
      expect(q.body.series[0].points[0][1]).toBe(1 + ok * 2000);
    } finally {
      await small.close();
    }
  });
});

describe('the OpenAPI document', () => {
  it('is generated from the schemas that validate requests', async () => {
    const doc = (await s.call('GET', '/api/v1/openapi.json', { key: null })).body;
    expect(doc.openapi).toMatch(/^3\./);
    const query = doc.paths['/api/v1/query'].post;
    expect(Object.keys(query.requestBody.content['application/json'].schema.properties)).toEqual(
      ['dataset', 'metric', 'measures', 'filter', 'groupBy', 'from', 'to', 'step', 'limit', 'fill']);
    expect(doc.paths['/api/v1/datasets/{name}/rows'].post.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['mode', 'precision']));
  });
});
