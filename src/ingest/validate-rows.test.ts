import { describe, expect, it } from 'vitest';
import type { DatasetDef } from '../core/dataset.js';
import type { InputRecord } from './parse-body.js';
import { compileValidator, type Precision } from './validate-rows.js';

const http: DatasetDef = {
  kind: 'dataset',
  name: 'http',
  timeColumn: 'time',
  columns: [
    { name: 'time', type: 'time' },
    { name: 'service', type: 'string' },
    { name: 'status', type: 'number' },
    { name: 'ok', type: 'boolean' },
  ],
};

const JAN1 = Date.UTC(2026, 0, 1);
const rec = (row: number, fields: Record<string, unknown>): InputRecord => ({ row, fields, raw: JSON.stringify(fields) });

/** Validate one record; the accepted row as an object, or the rejects. */
function one(fields: Record<string, unknown>, format: 'json' | 'ndjson' | 'csv' = 'json', precision?: Precision) {
  const { batch, rejects } = compileValidator(http, format, precision)([rec(1, fields)]);
  if (rejects.length) return { rejects: rejects.map((r) => ({ column: r.column, message: r.message })) };
  expect(batch.length).toBe(1);
  return { row: Object.fromEntries(batch.columns.map((c, i) => [c.name, batch.values[i][0]])) };
}

describe('compileValidator: JSON values', () => {
  it.each([
    ['a full row', { time: '2026-01-01T00:00:00Z', service: 'web', status: 200, ok: true }, { time: JAN1, service: 'web', status: 200, ok: true }],
    ['missing columns are null', { time: '2026-01-01T00:00:00Z' }, { time: JAN1, service: null, status: null, ok: null }],
    ['explicit nulls are null', { time: '2026-01-01T00:00:00Z', service: null, status: null, ok: null }, { time: JAN1, service: null, status: null, ok: null }],
    ['false is a boolean, not missing', { time: '2026-01-01T00:00:00Z', ok: false }, { time: JAN1, service: null, status: null, ok: false }],
    ['zero and negatives are numbers', { time: '2026-01-01T00:00:00Z', status: -0.5 }, { time: JAN1, service: null, status: -0.5, ok: null }],
    ['empty string is a string', { time: '2026-01-01T00:00:00Z', service: '' }, { time: JAN1, service: '', status: null, ok: null }],
    ['unknown column with null is ignored', { time: '2026-01-01T00:00:00Z', extra: null }, { time: JAN1, service: null, status: null, ok: null }],
  ])('accepts %s', (_desc, fields, expected) => {
    expect(one(fields)).toEqual({ row: expected });
  });

  it.each([
    ['a string in a number column', { time: JAN1, status: '200' }, 'status', 'column "status": "200" is not a number (expected number)'],
    ['a boolean in a number column', { time: JAN1, status: true }, 'status', 'column "status": true is not a number (expected number)'],
    ['a string in a boolean column', { time: JAN1, ok: 'true' }, 'ok', 'column "ok": "true" is not a boolean (true or false) (expected boolean)'],
    ['a number in a boolean column', { time: JAN1, ok: 1 }, 'ok', 'column "ok": 1 is not a boolean (true or false) (expected boolean)'],
    ['a number in a string column', { time: JAN1, service: 5 }, 'service', 'column "service": 5 is not a string (expected string)'],
    ['an object in a string column', { time: JAN1, service: { a: 1 } }, 'service', 'column "service": {"a":1} is not a string (expected string)'],
    ['an array in a number column', { time: JAN1, status: [1] }, 'status', 'column "status": [1] is not a number (expected number)'],
    ['a long value is shortened', { time: JAN1, status: 'x'.repeat(100) }, 'status', `column "status": "${'x'.repeat(56)}… is not a number (expected number)`],
    ['an unknown column with a value', { time: JAN1, region: 'eu' }, 'region', 'column "region" is not in dataset "http"'],
    ['a missing time column', { service: 'web' }, 'time', 'time column "time" is missing'],
    ['a null time column', { time: null, service: 'web' }, 'time', 'time column "time" is missing'],
  ])('rejects %s', (_desc, fields, column, message) => {
    expect(one(fields)).toEqual({ rejects: [{ column, message }] });
  });

  it('pins the message for a string in a number column', () => {
    const { rejects } = compileValidator(http, 'json')([rec(7, { time: JAN1, status: 'slow' })]);
    expect(rejects).toMatchInlineSnapshot(`
      [
        {
          "column": "status",
          "message": "column "status": "slow" is not a number (expected number)",
          "raw": "{"time":1767225600000,"status":"slow"}",
          "row": 7,
        },
      ]
    `);
  });
});

describe('compileValidator: CSV text', () => {
  it.each([
    ['integer text', '200', 200],
    ['decimal text', '1.5', 1.5],
    ['leading dot', '.5', 0.5],
    ['exponent', '1e3', 1000],
    ['sign', '-2', -2],
    ['surrounding spaces', ' 42 ', 42],
  ])('reads %s as a number: %s', (_desc, text, expected) => {
    expect(one({ time: '2026-01-01T00:00:00Z', status: text }, 'csv')).toMatchObject({ row: { status: expected } });
  });

  it.each([
    ['true', true],
    ['false', false],
    ['TRUE', true],
    ['False', false],
  ])('reads %s as a boolean', (text, expected) => {
    expect(one({ time: '2026-01-01T00:00:00Z', ok: text }, 'csv')).toMatchObject({ row: { ok: expected } });
  });

  it('keeps numeric-looking text in a string column as text', () => {
    expect(one({ time: '2026-01-01T00:00:00Z', service: '007' }, 'csv')).toMatchObject({ row: { service: '007' } });
  });

  it.each([
    ['a word in a number column', { status: 'abc' }, 'status', 'column "status": "abc" is not a number (expected number)'],
    ['a number with a unit', { status: '5ms' }, 'status', 'column "status": "5ms" is not a number (expected number)'],
    ['yes in a boolean column', { ok: 'yes' }, 'ok', 'column "ok": "yes" is not a boolean (true or false) (expected boolean)'],
    ['1 in a boolean column', { ok: '1' }, 'ok', 'column "ok": "1" is not a boolean (true or false) (expected boolean)'],
  ])('rejects %s', (_desc, fields, column, message) => {
    expect(one({ time: '2026-01-01T00:00:00Z', ...fields }, 'csv')).toEqual({ rejects: [{ column, message }] });
  });

  it('treats JSON strings strictly but CSV strings by column type', () => {
    expect(one({ time: JAN1, status: '200' }, 'ndjson')).toHaveProperty('rejects');
    expect(one({ time: '1767225600' }, 'json', 's')).toHaveProperty('rejects');
    expect(one({ time: '1767225600' }, 'csv', 's')).toEqual({ row: { time: JAN1, service: null, status: null, ok: null } });
    expect(one({ time: String(JAN1), status: '200' }, 'csv')).toEqual({ row: { time: JAN1, service: null, status: 200, ok: null } });
  });
});

describe('compileValidator: time values', () => {
  it.each([
    ['ISO with Z', '2026-01-01T00:00:00Z', 'ms', JAN1],
    ['ISO with an offset', '2026-01-01T01:00:00+01:00', 'ms', JAN1],
    ['ISO with microseconds (kept to the microsecond)', '2026-01-01T00:00:00.123456Z', 'ms', JAN1 + 123.456],
    ['bare date', '2026-01-01', 'ms', JAN1],
    ['epoch seconds', 1767225600, 's', JAN1],
    ['epoch milliseconds', 1767225600123, 'ms', JAN1 + 123],
    ['epoch microseconds keep the fraction', 1767225600123456, 'us', JAN1 + 123.456],
    ['epoch nanoseconds keep microseconds', 1767225600123456, 'ns', 1767225600.123],
    ['fractional epoch seconds', 1767225600.5, 's', JAN1 + 500],
  ] satisfies [string, unknown, Precision, number][])('%s: %s at precision %s', (_desc, value, precision, expected) => {
    expect(one({ time: value }, 'json', precision)).toEqual({ row: { time: expected, service: null, status: null, ok: null } });
  });

  it.each([
    ['ISO without an offset', '2026-01-01T00:00:00', 'ms',
      'column "time": "2026-01-01T00:00:00" is not a time; expected ISO 8601 with an offset (2026-01-01T12:00:00Z) or an epoch number (expected time)'],
    ['an impossible date', '2026-02-30T00:00:00Z', 'ms',
      'column "time": "2026-02-30T00:00:00Z" is not a time; expected ISO 8601 with an offset (2026-01-01T12:00:00Z) or an epoch number (expected time)'],
    ['a word', 'yesterday', 'ms',
      'column "time": "yesterday" is not a time; expected ISO 8601 with an offset (2026-01-01T12:00:00Z) or an epoch number (expected time)'],
    ['a boolean', true, 'ms', 'column "time": true is not a time; expected ISO 8601 with an offset or an epoch number (expected time)'],
    ['milliseconds read as seconds', 1767225600123, 's',
      'column "time": 1767225600123 is outside years 1000–9999 at precision s; set ?precision=s|ms|us|ns (expected time)'],
    ['microseconds read as milliseconds', 1767225600123456, 'ms',
      'column "time": 1767225600123456 is outside years 1000–9999 at precision ms; set ?precision=s|ms|us|ns (expected time)'],
    ['nanoseconds read as microseconds', 1767225600123456789, 'us',
      'column "time": 1767225600123456800 is outside years 1000–9999 at precision us; set ?precision=s|ms|us|ns (expected time)'],
    ['a year before 1000', '0999-12-31T00:00:00Z', 'ms',
      'column "time": "0999-12-31T00:00:00Z" is outside years 1000–9999 at precision ms; set ?precision=s|ms|us|ns (expected time)'],
  ] satisfies [string, unknown, Precision, string][])('rejects %s', (_desc, value, precision, message) => {
    expect(one({ time: value }, 'json', precision)).toEqual({ rejects: [{ column: 'time', message }] });
  });
});

describe('compileValidator: batches', () => {
  it('keeps good rows in order as columns and reports one reject per problem with its 1-based row', () => {
    const validate = compileValidator(http, 'json');
    const { batch, rejects } = validate([
      rec(1, { time: '2026-01-01T00:00:00Z', service: 'a', status: 1 }),
      rec(2, { time: '2026-01-01T00:00:01Z', status: 'x', ok: 'y', region: 'eu' }),
      rec(3, { service: 'no time' }),
      rec(4, { time: '2026-01-01T00:00:02Z', service: 'b', ok: false, unused: null }),
    ]);
    expect(batch).toEqual({
      columns: http.columns,
      values: [[JAN1, JAN1 + 2000], ['a', 'b'], [1, null], [null, false]],
      length: 2,
    });
    expect(rejects.map((r) => [r.row, r.column])).toEqual([
      [2, 'status'],
      [2, 'ok'],
      [2, 'region'],
      [3, 'time'],
    ]);
    expect(rejects[0].raw).toBe(JSON.stringify({ time: '2026-01-01T00:00:01Z', status: 'x', ok: 'y', region: 'eu' }));
  });

  it('accepts nothing from an empty batch', () => {
    const { batch, rejects } = compileValidator(http, 'csv')([]);
    expect(batch).toEqual({ columns: http.columns, values: [[], [], [], []], length: 0 });
    expect(rejects).toEqual([]);
  });

  it('uses the dataset time column, whatever its name', () => {
    const events: DatasetDef = { kind: 'dataset', name: 'events', timeColumn: 'at', columns: [{ name: 'at', type: 'time' }, { name: 'n', type: 'number' }] };
    const validate = compileValidator(events, 'json');
    expect(validate([rec(1, { n: 1 })]).rejects).toEqual([{ row: 1, column: 'at', message: 'time column "at" is missing', raw: '{"n":1}' }]);
    expect(validate([rec(1, { at: JAN1, n: 1 })]).batch.values).toEqual([[JAN1], [1]]);
  });
});
