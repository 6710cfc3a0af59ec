import { describe, expect, it } from 'vitest';
import { inferDataset, inferNewColumns } from './infer-schema.js';
import type { BodyFormat, InputRecord } from './parse-body.js';
import { errorOf } from '../testing/fixtures.js';

const recs = (...rows: Record<string, unknown>[]): InputRecord[] => rows.map((fields, i) => ({ row: i + 1, fields, raw: JSON.stringify(fields) }));


describe('inferDataset: the time column', () => {
  it.each([
    ['time', { time: '2026-01-01T00:00:00Z', n: 1 }, 'time'],
    ['timestamp', { timestamp: '2026-01-01T00:00:00Z', n: 1 }, 'timestamp'],
    ['ts', { ts: 1, n: 1 }, 'ts'],
    ['date', { date: '2026-01-01', n: 1 }, 'date'],
    ['time is preferred over the other names', { date: 1, ts: 2, timestamp: 3, time: 4 }, 'time'],
    ['timestamp is preferred over ts and date', { date: 1, ts: 2, timestamp: 3 }, 'timestamp'],
  ])('found by name: %s', (_desc, fields, expected) => {
    const ds = inferDataset('events', recs(fields), 'json', {});
    expect(ds.timeColumn).toBe(expected);
    expect(ds.columns[0]).toEqual({ name: expected, type: 'time' });
  });

  it('is found when only a later row has it', () => {
    expect(inferDataset('events', recs({ n: 1 }, { n: 2, ts: 5 }), 'json', {}).timeColumn).toBe('ts');
  });

  it('can be given by name', () => {
    const ds = inferDataset('events', recs({ at: '2026-01-01T00:00:00Z', time: 'not the time', n: 1 }), 'json', { time: 'at' });
    expect(ds).toEqual({
      kind: 'dataset', name: 'events', timeColumn: 'at',
      columns: [{ name: 'at', type: 'time' }, { name: 'time', type: 'string' }, { name: 'n', type: 'number' }],
    });
  });

  it('is not guessed from other names: a clear error says how to name it', () => {
    const e = errorOf(() => inferDataset('events', recs({ when: '2026-01-01T00:00:00Z', n: 1 }), 'json', {}));
    expect(e.code).toBe('bad_request');
    expect(e.message).toMatchInlineSnapshot(`"dataset "events" does not exist and the rows have no time column named time, timestamp, ts, date; name it with ?time=COLUMN"`);
  });

  it('refuses a given time column that is not in the rows', () => {
    expect(errorOf(() => inferDataset('events', recs({ time: 1 }), 'json', { time: 'at' })).message).toBe('time column "at" (from ?time=) is not in the rows');
  });

  it('refuses a given time column with an unsafe name', () => {
    expect(errorOf(() => inferDataset('events', recs({ 'my time': 1 }), 'json', { time: 'my time' })).message).toBe('column name "my time" is not allowed: use letters, digits and _ (starting with a letter or a single _), at most 63 characters');
  });
});

describe('inferDataset: the id column', () => {
  it('is a column named id when present', () => {
    expect(inferDataset('events', recs({ time: 1, id: 'a' }), 'json', {})).toEqual({
      kind: 'dataset', name: 'events', timeColumn: 'time', idColumn: 'id',
      columns: [{ name: 'time', type: 'time' }, { name: 'id', type: 'string' }],
    });
  });

  it('is absent without an id column', () => {
    expect(inferDataset('events', recs({ time: 1, n: 1 }), 'json', {})).not.toHaveProperty('idColumn');
  });

  it('is absent when id is null in every row (no column is made for it)', () => {
    const ds = inferDataset('events', recs({ time: 1, id: null }), 'json', {});
    expect(ds).not.toHaveProperty('idColumn');
    expect(ds.columns.map((c) => c.name)).toEqual(['time']);
  });

  it('can be given by name', () => {
    expect(inferDataset('events', recs({ time: 1, key: 7, id: 'x' }), 'json', { id: 'key' })).toMatchObject({ idColumn: 'key' });
  });

  it('refuses a given id column that is not in the rows', () => {
    expect(errorOf(() => inferDataset('events', recs({ time: 1 }), 'json', { id: 'key' })).message).toBe('id column "key" (from ?id=) is not in the rows');
  });
});

describe('inferNewColumns', () => {
  const none = new Set<string>();

  it.each([
    ['JSON types', 'json', recs({ s: 'a', n: 1.5, b: true }), [{ name: 's', type: 'string' }, { name: 'n', type: 'number' }, { name: 'b', type: 'boolean' }]],
    ['JSON takes the first non-null value', 'json', recs({ x: null }, { x: 2 }, { x: 'a' }), [{ name: 'x', type: 'number' }]],
    ['JSON numeric text stays a string', 'ndjson', recs({ x: '1' }), [{ name: 'x', type: 'string' }]],
    ['JSON nested values give no type', 'json', recs({ o: { a: 1 }, l: [1] }), []],
    ['CSV numbers', 'csv', recs({ n: '1' }, { n: '2.5' }, { n: '-1e3' }), [{ name: 'n', type: 'number' }]],
    ['CSV is a number only if every value is', 'csv', recs({ n: '1' }, { n: '2' }, { n: 'three' }), [{ name: 'n', type: 'string' }]],
    ['CSV booleans', 'csv', recs({ b: 'true' }, { b: 'FALSE' }), [{ name: 'b', type: 'boolean' }]],
    ['CSV numbers mixed with booleans fall back to text', 'csv', recs({ x: '1' }, { x: 'true' }), [{ name: 'x', type: 'string' }]],
    ['CSV empty cells (null) do not spoil a number column', 'csv', recs({ n: '1' }, { n: null }, { n: '3' }), [{ name: 'n', type: 'number' }]],
    ['null-only columns are skipped', 'json', recs({ a: null, b: 1 }, { a: null, b: 2 }), [{ name: 'b', type: 'number' }]],
    ['null-only CSV columns are skipped', 'csv', recs({ a: null, b: 'x' }), [{ name: 'b', type: 'string' }]],
    ['columns keep the order they first appear in', 'json', recs({ b: 1 }, { a: 1, c: 1 }), [{ name: 'b', type: 'number' }, { name: 'a', type: 'number' }, { name: 'c', type: 'number' }]],
  ] satisfies [string, BodyFormat, InputRecord[], unknown[]][])('%s', (_desc, format, records, expected) => {
    expect(inferNewColumns(records, none, format)).toEqual(expected);
  });

  it('leaves out known columns', () => {
    expect(inferNewColumns(recs({ time: 1, service: 'a', n: 2 }), new Set(['time', 'service']), 'json')).toEqual([{ name: 'n', type: 'number' }]);
  });

  it.each([['with space'], ['1starts_with_digit'], ['dash-ed'], ['a'.repeat(64)]])('refuses the column name %s', (name) => {
    const e = errorOf(() => inferNewColumns(recs({ [name]: 1 }), none, 'json'));
    expect(e.message).toBe(`column name ${JSON.stringify(name)} is not allowed: use letters, digits and _ (starting with a letter or a single _), at most 63 characters`);
  });

  it('does not refuse an unsafe name whose values are all null (no column is made)', () => {
    expect(inferNewColumns(recs({ 'bad name': null }), none, 'json')).toEqual([]);
  });
});
