import { describe, expect, it } from 'vitest';
import { formatOfMediaType, parseBody, type BodyFormat } from './parse-body.js';
import { errorOf } from '../testing/fixtures.js';


/** Records as [row, fields] and rejects as [row, message], for compact tables. */
function summary(text: string, format: BodyFormat) {
  const out = parseBody(text, format);
  expect(out.format).toBe(format);
  return { records: out.records.map((r) => [r.row, r.fields]), rejects: out.rejects.map((r) => [r.row, r.message]) };
}

describe('formatOfMediaType', () => {
  it.each([
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['Application/JSON', 'json'],
    ['application/x-ndjson', 'ndjson'],
    ['application/ndjson', 'ndjson'],
    ['application/jsonl', 'ndjson'],
    ['text/csv', 'csv'],
    ['text/csv; header=present', 'csv'],
  ])('%s is %s', (type, expected) => {
    expect(formatOfMediaType(type)).toBe(expected);
  });

  it.each([['text/plain'], ['application/xml'], ['multipart/form-data; boundary=x'], [''], [undefined]])('refuses %s', (type) => {
    const e = errorOf(() => formatOfMediaType(type));
    expect(e.code).toBe('unsupported_media_type');
    expect(e.status).toBe(415);
    expect(e.message).toBe(`Content-Type ${JSON.stringify(type ?? '')} is not accepted; send application/json (an array of objects), application/x-ndjson or text/csv with a header row`);
  });

  it('pins the message', () => {
    expect(() => formatOfMediaType('text/plain')).toThrowErrorMatchingInlineSnapshot(
      `[AlmanacError: Content-Type "text/plain" is not accepted; send application/json (an array of objects), application/x-ndjson or text/csv with a header row]`,
    );
  });
});

describe('parseBody: JSON', () => {
  it.each([
    ['an array of objects', '[{"a":1},{"b":"x"}]', [[1, { a: 1 }], [2, { b: 'x' }]], []],
    ['one object', '{"a":1}', [[1, { a: 1 }]], []],
    ['an empty array', '[]', [], []],
    ['non-object elements are rejected by position', '[{"a":1}, 5, null, [1], "x", {"b":2}]', [[1, { a: 1 }], [6, { b: 2 }]], [
      [2, 'element is 5, expected an object of column: value'],
      [3, 'element is null, expected an object of column: value'],
      [4, 'element is [1], expected an object of column: value'],
      [5, 'element is "x", expected an object of column: value'],
    ]],
  ])('%s', (_desc, text, records, rejects) => {
    expect(summary(text, 'json')).toEqual({ records, rejects });
  });

  it('keeps the raw text of each element', () => {
    const out = parseBody('[ {"a": 1} , 7 ]', 'json');
    expect(out.records[0].raw).toBe('{"a":1}');
    expect(out.rejects[0].raw).toBe('7');
  });

  it.each([
    ['a number', '5', 'a JSON body must be an array of row objects (or one object)'],
    ['a string', '"x"', 'a JSON body must be an array of row objects (or one object)'],
    ['null', 'null', 'a JSON body must be an array of row objects (or one object)'],
  ])('refuses %s', (_desc, text, message) => {
    const e = errorOf(() => parseBody(text, 'json'));
    expect(e.code).toBe('bad_request');
    expect(e.message).toBe(message);
  });

  it('refuses invalid JSON', () => {
    const e = errorOf(() => parseBody('[{"a":1}', 'json'));
    expect(e.code).toBe('bad_request');
    expect(e.message).toMatch(/^the body is not valid JSON: /);
  });
});

describe('parseBody: NDJSON', () => {
  it.each([
    ['one object per line', '{"a":1}\n{"a":2}', [[1, { a: 1 }], [2, { a: 2 }]], []],
    ['a trailing newline adds nothing', '{"a":1}\n', [[1, { a: 1 }]], []],
    ['CRLF line ends', '{"a":1}\r\n{"a":2}\r\n', [[1, { a: 1 }], [2, { a: 2 }]], []],
    ['blank lines are skipped but counted', '\n{"a":1}\n\n   \n{"a":2}', [[2, { a: 1 }], [5, { a: 2 }]], []],
    ['an empty body', '', [], []],
    ['a line that is not an object', '{"a":1}\n[1]\n5\n{"a":2}', [[1, { a: 1 }], [4, { a: 2 }]], [[2, 'line is not a JSON object'], [3, 'line is not a JSON object']]],
  ])('%s', (_desc, text, records, rejects) => {
    expect(summary(text, 'ndjson')).toEqual({ records, rejects });
  });

  it('rejects a bad line with its line number and raw text, and keeps going', () => {
    const out = parseBody('{"a":1}\n\nnot json\n{"a":2}\r\n', 'ndjson');
    expect(out.records.map((r) => r.row)).toEqual([1, 4]);
    expect(out.rejects).toHaveLength(1);
    expect(out.rejects[0]).toMatchObject({ row: 3, raw: 'not json' });
    expect(out.rejects[0].message).toMatch(/^line is not valid JSON: /);
    expect(out.records[1].raw).toBe('{"a":2}');
  });
});

describe('parseBody: CSV', () => {
  it.each([
    ['header and rows, values as text', 'time,service,n\n2026-01-01T00:00:00Z,web,1\n2026-01-01T00:00:01Z,api,2',
      [[2, { time: '2026-01-01T00:00:00Z', service: 'web', n: '1' }], [3, { time: '2026-01-01T00:00:01Z', service: 'api', n: '2' }]], []],
    ['header names are trimmed', ' a , b \n1,2', [[2, { a: '1', b: '2' }]], []],
    ['a byte-order mark is dropped', '\uFEFFa,b\n1,2', [[2, { a: '1', b: '2' }]], []],
    ['an empty cell is null', 'a,b,c\n1,,3', [[2, { a: '1', b: null, c: '3' }]], []],
    ['quoted fields with commas and doubled quotes', 'a,b\n"x, y","say ""hi"""', [[2, { a: 'x, y', b: 'say "hi"' }]], []],
    ['a quoted field spanning lines is one record, numbered where it starts', 'a,b\n1,"x\ny"\n3,4', [[2, { a: '1', b: 'x\ny' }], [4, { a: '3', b: '4' }]], []],
    ['CRLF line ends', 'a,b\r\n1,2\r\n3,4\r\n', [[2, { a: '1', b: '2' }], [3, { a: '3', b: '4' }]], []],
    ['blank lines are skipped but counted', 'a,b\n1,2\n\n3,4\n', [[2, { a: '1', b: '2' }], [4, { a: '3', b: '4' }]], []],
    ['too few fields', 'a,b,c\n1,2,3\n4,5\n6,7,8', [[2, { a: '1', b: '2', c: '3' }], [4, { a: '6', b: '7', c: '8' }]], [[3, 'has 2 fields, the header has 3']]],
    ['too many fields', 'a,b\n1,2,3', [], [[2, 'has 3 fields, the header has 2']]],
    ['only a header', 'a,b\n', [], []],
    ['an empty body', '', [], []],
  ])('%s', (_desc, text, records, rejects) => {
    expect(summary(text, 'csv')).toEqual({ records, rejects });
  });

  it('keeps the raw line without line breaks for dead letters', () => {
    const out = parseBody('a,b\r\n1,2\r\n\r\n3\r\n', 'csv');
    expect(out.records[0].raw).toBe('1,2');
    expect(out.rejects).toEqual([{ row: 4, message: 'has 1 fields, the header has 2', raw: '3' }]);
  });

  it.each([
    ['a duplicate header', 'a,b,a\n1,2,3', 'the CSV header names column "a" twice'],
    ['a duplicate header after trimming', 'a, a\n1,2', 'the CSV header names column "a" twice'],
    ['an empty header name', 'a,,c\n1,2,3', 'the CSV header has an empty column name'],
  ])('refuses %s', (_desc, text, message) => {
    const e = errorOf(() => parseBody(text, 'csv'));
    expect(e.code).toBe('bad_request');
    expect(e.message).toBe(message);
  });

  it('rejects the row with an unclosed quote, naming its line', () => {
    const r = parseBody('a,b\n1,2\n1,"x', 'csv');
    expect(r.records).toHaveLength(1);
    expect(r.rejects).toEqual([{ row: 3, message: expect.stringMatching(/^is not valid CSV: .*[Qq]uote/), raw: '1,"x' }]);
  });
});
