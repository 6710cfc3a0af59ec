import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAlmanac, type Almanac } from '../src/almanac.js';
import { applyBundle } from '../src/definitions/bundle.js';
import { ingestBody } from '../src/ingest/ingest-body.js';
import { ingestRows, type IngestOptions } from '../src/ingest/ingest-rows.js';
import { parseBody } from '../src/ingest/parse-body.js';
import type { Definition, IngestResult } from '../src/store/store.js';

/**
 * The CSV fast path (DuckDB reads and checks the body) must store exactly what
 * the JS path stores, and give way to it for anything else. Each case ingests
 * the same body twice into twin datasets — once through `ingestBody` (fast
 * path) and once through `ingestRows(parseBody(…))` (JS only) — and compares
 * the answers and every stored value, time to the microsecond.
 */

let dir: string;
let almanac: Almanac;
let twin = 0;

const COLUMNS = [
  { name: 'time', type: 'time' }, { name: 'id', type: 'string' }, { name: 'name', type: 'string' },
  { name: 'n', type: 'number' }, { name: 'ok', type: 'boolean' },
];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'almanac-csvfast-'));
  almanac = await openAlmanac({ dataDir: dir, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await almanac?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function twins(opts: { id?: boolean } = {}) {
  twin++;
  const names = [`fast_${twin}`, `js_${twin}`];
  await applyBundle(almanac.store, 'default', names.map((name) => ({
    kind: 'dataset', name, timeColumn: 'time', ...(opts.id ? { idColumn: 'id' } : {}), columns: COLUMNS,
  })) as unknown as Definition[]);
  return names as [string, string];
}

async function stored(name: string) {
  return almanac.store.meta.read(async (c) => (await c.runAndReadAll(
    `SELECT CAST(epoch_us(time) AS VARCHAR) AS t, id, name, n, ok FROM ws_default."${name}" ORDER BY epoch_us(time), id, name`)).getRowObjectsJS());
}

const settle = (p: Promise<IngestResult>) => p.then((r) => ({ ok: r }), (e) => ({ error: { code: e.code, message: e.message, body: e.body } }));

/** Ingest `csv` both ways; returns the fast side's path and both outcomes. */
async function both(csv: string, opts: IngestOptions = {}, twinOpts: { id?: boolean } = {}) {
  const [fast, js] = await twins(twinOpts);
  const paths: string[] = [];
  const a = await settle(ingestBody(almanac, 'default', fast, Buffer.from(csv), 'csv', { ...opts, onPath: (p) => paths.push(p) }));
  const b = await settle(ingestRows(almanac, 'default', js, parseBody(csv, 'csv'), opts));
  return { paths, a, b, fastRows: await stored(fast), jsRows: await stored(js) };
}

/** A deterministic generator (LCG). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
const pick = <T,>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)];

function pad(n: number, w = 2) { return String(n).padStart(w, '0'); }
/** ISO times in years 1901–2038: the fast path's range (beyond it it gives way, tested below). */
function isoTime(r: () => number): string {
  const y = 1901 + Math.floor(r() * 138);
  const mo = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  const frac = pick(r, ['', '.1', '.12', '.123', '.1234', '.12345', '.123456', '.999999', '.000001', '.5']);
  const off = pick(r, ['Z', '+00:00', '+05:30', '-11:45', '+14:00', '-03:00', '+23:59']);
  return `${y}-${pad(mo)}-${pad(d)}T${pad(Math.floor(r() * 24))}:${pad(Math.floor(r() * 60))}:${pad(Math.floor(r() * 60))}${frac}${off}`;
}
/** Epoch numbers in units of `msPerUnit`, around now and before 1970, with fractions down to below a microsecond. */
function epochTime(r: () => number, msPerUnit: number): string {
  const v = ((r() - 0.5) * 4e12) / msPerUnit;
  return pick(r, [String(Math.round(v)), v.toFixed(3), v.toFixed(7), v.toFixed(4), String(Math.round(v)) + '.5', v.toExponential(12), '+' + Math.abs(v).toFixed(2)]);
}
const NUMBERS = ['0', '1', '-1', '3.25', '+5', '.5', '5.', ' 7 ', '-0', '1e5', '1.5E-3', '123456789012345678901234567890', '1e300', '0.1', '2.2250738585072014e-308', ''];
const STRINGS = ['a', 'b c', ' padded ', 'ünïcødé ✓', 'x;y', '', 'tab\there', '#'];
// Not empty: the last column, and a line ending in a comma goes the JS way (tested below).
const BOOLS = ['true', 'false', 'TRUE', 'False'];

function goodCsv(seed: number, rows: number, eol = '\n', msPerUnit = 1): string {
  const r = rng(seed);
  const lines = ['time,id,name,n,ok'];
  for (let i = 0; i < rows; i++) {
    lines.push([r() < 0.5 ? isoTime(r) : epochTime(r, msPerUnit), `id${Math.floor(r() * rows)}`, pick(r, STRINGS), pick(r, NUMBERS), pick(r, BOOLS)].join(','));
  }
  return lines.join(eol) + eol;
}

describe('the CSV fast path stores exactly what the JS path stores', () => {
  it.each([[1, 'ms', 1], [2, 's', 1000], [3, 'us', 1e-3], [4, 'ns', 1e-6]] as const)('random rows (seed %i, precision %s), ISO and epoch times, every kind of number, string and boolean', async (seed, precision, msPerUnit) => {
    const csv = goodCsv(seed, 600, '\n', msPerUnit);
    const { paths, a, b, fastRows, jsRows } = await both(csv, { precision });
    expect(b).toEqual({ ok: { accepted: 600, rejected: 0, deduplicated: 0, errors: [] } });
    expect(paths).toEqual(['fast']);
    expect(a).toEqual(b);
    expect(fastRows).toHaveLength(600);
    expect(fastRows).toEqual(jsRows);
  });

  it('Windows line ends, a byte order mark and no final line break', async () => {
    const csv = '\ufeff' + goodCsv(4, 300, '\r\n').replace(/\r\n$/, '');
    const { paths, a, b, fastRows, jsRows } = await both(csv);
    expect(paths).toEqual(['fast']);
    expect(a).toEqual(b);
    expect(fastRows).toEqual(jsRows);
  });

  it('ids: the first row of each id is kept and stored ids are not stored again, counted as deduplicated', async () => {
    const csv = goodCsv(5, 400);
    const [fast, js] = await twins({ id: true });
    const paths: string[] = [];
    for (let round = 0; round < 2; round++) {
      const a = await ingestBody(almanac, 'default', fast, Buffer.from(csv), 'csv', { onPath: (p) => paths.push(p) });
      const b = await ingestRows(almanac, 'default', js, parseBody(csv, 'csv'));
      expect(a).toEqual(b);
      if (round === 1) expect(a.accepted).toBe(0);
    }
    expect(paths).toEqual(['fast', 'fast']);
    expect(await stored(fast)).toEqual(await stored(js));
  });

  it('an Idempotency-Key replay returns the first answer and stores nothing', async () => {
    const csv = goodCsv(6, 250);
    const [fast] = await twins();
    const first = await ingestBody(almanac, 'default', fast, Buffer.from(csv), 'csv', { idempotencyKey: 'k-1' });
    const again = await ingestBody(almanac, 'default', fast, Buffer.from(csv), 'csv', { idempotencyKey: 'k-1' });
    expect(again).toEqual(first);
    expect(await stored(fast)).toHaveLength(250);
  });
});

describe('anything the fast path cannot vouch for goes the JS way, with the same answer', () => {
  const bad: [string, (csv: string) => string][] = [
    ['a hexadecimal number', (c) => c.replace(/\n(.*?),(.*?),(.*?),(.*?),/, '\n$1,$2,$3,0x10,')],
    ['a number with an underscore', (c) => c.replace(/\n(.*?),(.*?),(.*?),(.*?),/, '\n$1,$2,$3,1_000,')],
    ['Infinity', (c) => c.replace(/\n(.*?),(.*?),(.*?),(.*?),/, '\n$1,$2,$3,Infinity,')],
    ['a number too large for a double', (c) => c.replace(/\n(.*?),(.*?),(.*?),(.*?),/, '\n$1,$2,$3,1e400,')],
    ['a boolean that is not one', (c) => c.replace(/,(true|false|TRUE|False|)\n/, ',yes\n')],
    ['a day that does not exist', (c) => c.replace(/\n[^,]*,/, '\n2026-02-30T00:00:00Z,')],
    ['a time without an offset', (c) => c.replace(/\n[^,]*,/, '\n2026-01-01T00:00:00,')],
    ['a time with nanoseconds (valid, read by the JS path)', (c) => c.replace(/\n[^,]*,/, '\n2026-01-01T00:00:00.123456789Z,')],
    ['a time outside years 1000–9999', (c) => c.replace(/\n[^,]*,/, '\n0999-12-31T23:00:00Z,')],
    ['a time after 2039 (the JS path rounds some of those)', (c) => c.replace(/\n[^,]*,/, '\n2040-01-01T00:00:00.123456Z,')],
    ['a time before 1900', (c) => c.replace(/\n[^,]*,/, '\n1828-07-12T11:55:41.123400+05:30,')],
    ['an epoch past year 9999', (c) => c.replace(/\n[^,]*,/, '\n253402300800000,')],
    ['a missing time', (c) => c.replace(/\n[^,]*,/, '\n,')],
    ['a row with too many fields', (c) => c.replace(/\n(.*)\n/, '\n$1,extra\n')],
    ['a row with too few fields', (c) => c.replace(/\n(.*?),(.*?),(.*?),(.*?),(.*?)\n/, '\n$1,$2\n')],
    ['a line of spaces', (c) => c.replace(/\n/, '\n   \n')],
    ['a quoted field', (c) => c.replace(/\n(.*?),(.*?),/, '\n$1,"q,uoted",')],
    ['a column the dataset does not have', (c) => c.replace('time,id,name,n,ok', 'time,id,name,n,ok2')],
    ['a time with a tab around it', (c) => c.replace(/\n([^,]*),/, '\n\t$1,')],
    ['a row ending in a comma (one field too many, empty)', (c) => c.replace(/\n(.*)\n/, '\n$1,\n')],
    ['a row ending in two commas', (c) => c.replace(/\n(.*)\n/, '\n$1,,\n')],
    ['an empty last field (a line ending in a comma, Windows line ends)', (c) => c.replace(/\n(.*),[^,\n]*\n/, '\n$1,\r\n')],
    ['a last line ending in a comma, without a line break', (c) => c.replace(/\n$/, ',')],
  ];
  it.each(bad)('%s', async (_what, spoil) => {
    const csv = spoil(goodCsv(7, 300));
    const { paths, a, b, fastRows, jsRows } = await both(csv);
    expect(paths[0]).not.toBe('fast');
    expect(a).toEqual(b);
    expect(fastRows).toEqual(jsRows);
  });

  it('partial mode stores the good rows and keeps the bad one in the dead letters, as the JS path does', async () => {
    const csv = goodCsv(8, 300).replace(/\n(.*?),(.*?),(.*?),(.*?),/, '\n$1,$2,$3,0x10,');
    const { paths, a, b, fastRows, jsRows } = await both(csv, { mode: 'partial' });
    expect(paths).toEqual(['declined', 'general']);
    expect(a).toEqual(b);
    expect((a as { ok: IngestResult }).ok).toMatchObject({ accepted: 299, rejected: 1 });
    expect(fastRows).toEqual(jsRows);
  });

  it('small bodies, dry runs and new datasets never try the fast path', async () => {
    const [fast] = await twins();
    const paths: string[] = [];
    await ingestBody(almanac, 'default', fast, Buffer.from(goodCsv(9, 20)), 'csv', { onPath: (p) => paths.push(p) });
    await ingestBody(almanac, 'default', fast, Buffer.from(goodCsv(9, 300)), 'csv', { dryRun: true, onPath: (p) => paths.push(p) });
    await ingestBody(almanac, 'default', `brand_new_${twin}`, Buffer.from(goodCsv(9, 300)), 'csv', { onPath: (p) => paths.push(p) });
    expect(paths).toEqual(['general', 'general', 'general']);
  });
});
