import { describe, expect, it } from 'vitest';
import { parsePeriod, periodAt, periodsBetween } from './period.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('periods', () => {
  it.each([
    ['day', '2026-03-04T13:30:00Z', '2026-03-04T00:00:00.000Z', '2026-03-05T00:00:00.000Z', '2026-03-03T00:00:00.000Z'],
    ['week (Monday)', '2026-03-08T23:59:00Z', '2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z', '2026-02-23T00:00:00.000Z'],
    ['month', '2026-03-31T10:00:00Z', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
    ['quarter', '2026-05-15T00:00:01Z', '2026-04-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
    ['day, at midnight: the day just ended', '2026-03-04T00:00:00Z', '2026-03-03T00:00:00.000Z', '2026-03-04T00:00:00.000Z', '2026-03-02T00:00:00.000Z'],
    ['quarter, at its first instant: the quarter just ended', '2026-01-01T00:00:00Z', '2025-10-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2025-07-01T00:00:00.000Z'],
    ['rolling:36h', '2026-03-04T12:00:00Z', '2026-03-03T00:00:00.000Z', '2026-03-04T12:00:00.000Z', '2026-03-01T12:00:00.000Z'],
  ])('%s', (name, at, from, to, previousFrom) => {
    const p = parsePeriod(name.split(' ')[0].replace(/,$/, ''));
    const r = periodAt(p, t(at));
    expect([iso(r.from), iso(r.to), iso(r.previousFrom)]).toEqual([from, to, previousFrom]);
  });

  it('cuts periods into buckets: hours for a day, days for longer', () => {
    expect(parsePeriod('day').bucket.text).toBe('1h');
    expect(parsePeriod('quarter').bucket.text).toBe('1d');
    expect(parsePeriod('rolling:12h').bucket.text).toBe('1h');
    expect(parsePeriod('rolling:1h').bucket.text).toBe('5m');
  });

  it.each(['fortnight', 'rolling:', 'rolling:7x', 'rolling:1mo', 'rolling:5m', 'rolling:500d'])('refuses %s', (text) => {
    expect(() => parsePeriod(text)).toThrow(/^period: /);
  });

  it('lists the periods starting in a range, and refuses too many', () => {
    const weeks = periodsBetween(parsePeriod('week'), t('2026-03-04T00:00:00Z'), t('2026-03-20T00:00:00Z'), 10);
    expect(weeks.map((w) => iso(w.from).slice(0, 10))).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    expect(() => periodsBetween(parsePeriod('day'), t('2026-01-01T00:00:00Z'), t('2026-02-01T00:00:00Z'), 30)).toThrow(/more than 30/);
  });
});
