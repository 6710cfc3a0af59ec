import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';

/** Inputs found by review to reach a 500, a hang or silent loss: each must now be a clear 4xx. */
let s: TestServer;
const T = '2026-01-01T00:00:00Z';
beforeAll(async () => {
  s = await startServer();
  await s.call('POST', '/api/v1/datasets/base/rows', { body: [{ time: T, price: 1, tag: 'a' }] });
});
afterAll(async () => { await s.close(); });

const rows = (ds: string, body: unknown, qs = '') => s.call('POST', `/api/v1/datasets/${ds}/rows${qs}`, { body });
const query = (body: object) => s.call('POST', '/api/v1/query', { body });

describe('names', () => {
  it.each([
    ['a column name reserved for internal SQL', 'res1', [{ time: T, __b: 1 }], /column name "__b" is not allowed/],
    ['two columns differing only in case', 'case1', [{ time: T, Price: 1, price: 2 }], /"Price" and "price" differ only in case/],
    ['time and TIME', 'case2', [{ time: T, TIME: T }], /differ only in case/],
    ['a new column differing from a stored one only in case', 'base', [{ time: T, Price: 3 }], /"price" and "Price" differ only in case/],
  ])('%s → 400', async (_d, ds, body, message) => {
    const r = await rows(ds, body);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(message);
  });

  it('the id column cannot be the time column', async () => {
    const r = await rows('idtime', [{ time: T, v: 1 }], '?id=time');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/id column cannot be the time column/);
    const d = await s.call('POST', '/api/v1/datasets', { body: { name: 'idtime2', timeColumn: 'time', idColumn: 'time', columns: [{ name: 'time', type: 'time' }] } });
    expect(d.status).toBe(400);
  });
});

describe('values', () => {
  it('a number too large for a double is a rejected row, not Infinity', async () => {
    const r = await s.call('POST', '/api/v1/datasets/base/rows', { body: `[{"time":"${T}","price":1e400}]`, type: 'application/json' });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ row: 1, column: 'price', message: expect.stringMatching(/too large/) });
  });

  it('a nested object names the problem', async () => {
    const r = await rows('base', [{ time: T, meta: { a: 1 } }]);
    expect(r.body.errors[0].message).toMatch(/column "meta" holds an object; rows must be flat/);
  });

  it('deeply nested JSON is a rejected row, not a crash', async () => {
    const deep = '['.repeat(20000) + ']'.repeat(20000);
    const r = await s.call('POST', '/api/v1/datasets/base/rows', { body: `[${deep}]`, type: 'application/json' });
    expect([400, 413]).toContain(r.status);
    expect(r.body.error).toBeDefined();
  });
});

describe('expressions', () => {
  it.each([
    ['deep parentheses', '('.repeat(100) + 'count()' + ')'.repeat(100), /nested more than 64 levels/],
    ['a very long operator chain', Array.from({ length: 300 }, () => 'count()').join('+'), /more than 256 operations deep/],
  ])('%s → 400', async (_d, measure, message) => {
    const r = await query({ dataset: 'base', measures: [measure] });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(message);
  });

  it('a measure longer than 4000 characters is refused by the request schema', async () => {
    const r = await query({ dataset: 'base', measures: ['('.repeat(5000) + 'count()' + ')'.repeat(5000)] });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/body\.measures\[0\]/);
  });

  it('metrics that expand exponentially are refused quickly', async () => {
    const docs = [{ kind: 'metric', name: 'm0', dataset: 'base', expr: 'count()' },
      ...Array.from({ length: 22 }, (_, i) => ({ kind: 'metric', name: `m${i + 1}`, dataset: 'base', expr: `m${i} + m${i}` }))];
    const started = Date.now();
    const r = await s.call('POST', '/api/v1/apply', { body: docs });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/too large to run/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each([
    ['a step with a huge count', { dataset: 'base', step: '99999999999999999999999mo' }, /not a duration/],
    ['an unknown fill', { dataset: 'base', fill: 'linear' }, /body\.fill: must be one of "null", "zero", "previous"/],
  ])('%s → 400', async (_d, body, message) => {
    const r = await query(body);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(message);
  });

  it('range boundaries keep microseconds', async () => {
    await rows('micro', [{ time: '2026-01-01T00:00:00.000Z', v: 1 }, { time: '2026-01-01T00:00:00.0005Z', v: 2 }]);
    const r = await query({ dataset: 'micro', measures: ['sum(v)'], from: '2026-01-01T00:00:00.0004Z', to: '2026-01-02T00:00:00Z' });
    expect(r.body.series[0].points[0][1]).toBe(2);
  });
});

describe('definitions keep the workspace consistent', () => {
  it('a metric used by another cannot be deleted, and apply cannot break a stored metric', async () => {
    await s.call('POST', '/api/v1/apply', { body: [
      { kind: 'metric', name: 'errors', dataset: 'base', expr: 'sum(price)' },
      { kind: 'metric', name: 'error_share', dataset: 'base', expr: 'errors / count()' },
    ] });
    const del = await s.call('DELETE', '/api/v1/metrics/errors');
    expect(del.status).toBe(409);
    expect(del.body.error.message).toMatch(/used by metric "error_share"/);
    const broken = await s.call('POST', '/api/v1/apply', { body: [{ kind: 'metric', name: 'errors', dataset: 'base', expr: 'sum(tag)' }] });
    expect(broken.status).toBe(400);
    const exported = await s.call('GET', '/api/v1/export?format=json');
    const again = await s.call('POST', '/api/v1/apply', { body: exported.body });
    expect(again.status).toBe(200);
    expect(again.body.created).toEqual([]);
  });
});

describe('operations', () => {
  it('/metrics names no workspace or dataset', async () => {
    const text = (await s.call('GET', '/metrics', { key: null })).body as string;
    expect(text).toMatch(/almanac_ingested_rows_total \d+/);
    expect(text).not.toMatch(/dataset="/);
    expect(text).not.toMatch(/workspace="/);
  });
});
