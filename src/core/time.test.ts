import { describe, expect, it } from 'vitest';
import { addMonths, bucketStart, nextBucket, parseDurationMs, parseIsoTime, parseStep, parseTime, type Step } from './time.js';
import { errorOf } from '../testing/fixtures.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const utc = (y: number, mo: number, d = 1, h = 0, mi = 0, s = 0, ms = 0) => Date.UTC(y, mo - 1, d, h, mi, s, ms);
const iso = (ms: number) => new Date(ms).toISOString();


describe('parseStep', () => {
  it.each([
    ['seconds', '1s', { kind: 'fixed', ms: 1000, text: '1s' }],
    ['many seconds', '30s', { kind: 'fixed', ms: 30_000, text: '30s' }],
    ['milliseconds that make a whole second', '1000ms', { kind: 'fixed', ms: 1000, text: '1000ms' }],
    ['minutes', '5m', { kind: 'fixed', ms: 5 * MIN, text: '5m' }],
    ['hours', '1h', { kind: 'fixed', ms: HOUR, text: '1h' }],
    ['days', '7d', { kind: 'fixed', ms: 7 * DAY, text: '7d' }],
    ['weeks', '1w', { kind: 'fixed', ms: 7 * DAY, text: '1w' }],
    ['months', '1mo', { kind: 'calendar', months: 1, text: '1mo' }],
    ['several months', '6mo', { kind: 'calendar', months: 6, text: '6mo' }],
    ['quarters', '1q', { kind: 'calendar', months: 3, text: '1q' }],
    ['two quarters', '2q', { kind: 'calendar', months: 6, text: '2q' }],
    ['years', '1y', { kind: 'calendar', months: 12, text: '1y' }],
  ])('%s: %s', (_desc, text, expected) => {
    expect(parseStep(text)).toEqual(expected);
  });

  it('accepts surrounding whitespace', () => {
    expect(parseStep(' 5m ')).toMatchObject({ kind: 'fixed', ms: 5 * MIN });
  });

  it.each([
    ['below one second', '500ms', 'step: "500ms" is shorter than the smallest step, 1s'],
    ['999 milliseconds', '999ms', 'step: "999ms" is shorter than the smallest step, 1s'],
    ['zero', '0s', 'step: "0s" must be positive'],
    ['zero months', '0mo', 'step: "0mo" must be positive'],
    ['no number', 'm', 'step: "m" is not a duration; use e.g. 1s, 5m, 1h, 1d, 1w, 1mo, 1q, 1y'],
    ['no unit', '5', 'step: "5" is not a duration; use e.g. 1s, 5m, 1h, 1d, 1w, 1mo, 1q, 1y'],
    ['unknown unit', '5x', 'step: "5x" is not a duration; use e.g. 1s, 5m, 1h, 1d, 1w, 1mo, 1q, 1y'],
    ['negative', '-5m', 'step: "-5m" is not a duration; use e.g. 1s, 5m, 1h, 1d, 1w, 1mo, 1q, 1y'],
    ['fraction', '1.5h', 'step: "1.5h" is not a duration; use e.g. 1s, 5m, 1h, 1d, 1w, 1mo, 1q, 1y'],
    ['upper-case unit', '5M', 'step: "5M" is not a duration; use e.g. 1s, 5m, 1h, 1d, 1w, 1mo, 1q, 1y'],
    ['compound', '1h30m', 'step: "1h30m" is not a duration; use e.g. 1s, 5m, 1h, 1d, 1w, 1mo, 1q, 1y'],
    ['empty', '', 'step: "" is not a duration; use e.g. 1s, 5m, 1h, 1d, 1w, 1mo, 1q, 1y'],
  ])('refuses %s: %s', (_desc, text, expected) => {
    const e = errorOf(() => parseStep(text));
    expect(e.code).toBe('invalid_query');
    expect(e.status).toBe(400);
    expect(e.message).toBe(expected);
  });

  it('names the path it was given', () => {
    expect(() => parseStep('soon', 'alerts[0].step')).toThrowErrorMatchingInlineSnapshot(
      `[AlmanacError: alerts[0].step: "soon" is not a duration; use e.g. 1s, 5m, 1h, 1d, 1w, 1mo, 1q, 1y]`,
    );
  });
});

describe('parseDurationMs', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 5 * MIN],
    ['24h', 24 * HOUR],
    ['7d', 7 * DAY],
    ['250ms', 250],
  ])('%s', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each([['1mo'], ['1q'], ['1y'], ['5'], ['abc']])('refuses %s', (text) => {
    expect(errorOf(() => parseDurationMs(text, 'window')).message).toBe(`window: ${JSON.stringify(text)} is not a duration; use e.g. 30s, 5m, 24h, 7d`);
  });
});

describe('parseTime', () => {
  const now = utc(2026, 3, 31, 12, 30); // a 31st, to show month-end clamping

  it.each([
    ['now', 'now', now],
    ['now with spaces', '  now ', now],
    ['minus hours', '-24h', now - 24 * HOUR],
    ['now minus days', 'now-7d', now - 7 * DAY],
    ['now minus with spaces', 'now - 7d', now - 7 * DAY],
    ['now plus an hour', 'now+1h', now + HOUR],
    ['plus without now', '+30m', now + 30 * MIN],
    ['minus seconds', '-90s', now - 90_000],
    ['minus milliseconds', '-250ms', now - 250],
    ['minus a week', '-1w', now - 7 * DAY],
    ['minus a month clamps 31 March to 28 February', '-1mo', utc(2026, 2, 28, 12, 30)],
    ['minus a month in a leap year clamps to 29 February', '-1mo', utc(2024, 2, 29, 12, 30), utc(2024, 3, 31, 12, 30)],
    ['plus a month clamps 31 March to 30 April', 'now+1mo', utc(2026, 4, 30, 12, 30)],
    ['minus a quarter', '-1q', utc(2025, 12, 31, 12, 30)],
    ['minus a year from 29 February clamps', '-1y', utc(2023, 2, 28), utc(2024, 2, 29)],
    ['ISO with Z', '2026-01-01T00:00:00Z', utc(2026, 1, 1)],
    ['ISO with lower-case z', '2026-01-01t00:00:00z', utc(2026, 1, 1)],
    ['ISO with a positive offset', '2026-01-01T02:00:00+02:00', utc(2026, 1, 1)],
    ['ISO with a negative offset', '2025-12-31T19:00:00-05:00', utc(2026, 1, 1)],
    ['ISO with an offset without colon', '2026-01-01T02:00:00+0200', utc(2026, 1, 1)],
    ['ISO without seconds', '2026-01-01T10:15Z', utc(2026, 1, 1, 10, 15)],
    ['ISO with a space separator', '2026-01-01 10:15:00Z', utc(2026, 1, 1, 10, 15)],
    ['ISO with milliseconds', '2026-01-01T00:00:00.123Z', utc(2026, 1, 1, 0, 0, 0, 123)],
    ['bare date is UTC midnight', '2026-01-01', utc(2026, 1, 1)],
    ['29 February in a leap year', '2024-02-29', utc(2024, 2, 29)],
    ['epoch milliseconds as a number', 1767225600000, 1767225600000],
  ])('%s: %s', (_desc, value, expected, at = now) => {
    expect(iso(parseTime(value, at, 'from'))).toBe(iso(expected));
  });

  it.each([
    ['microseconds', '2026-01-01T00:00:00.123456Z', 123.456],
    ['nanoseconds, kept to the microsecond', '2026-01-01T00:00:00.123456789Z', 123.456789],
    ['microseconds with an offset', '2026-01-01T02:00:00.000001+02:00', 0.001],
    ['one fraction digit', '2026-01-01T00:00:00.5Z', 500],
  ])('keeps sub-millisecond digits: %s', (_desc, text, fraction) => {
    expect(parseTime(text, now, 'from') - utc(2026, 1, 1)).toBeCloseTo(fraction, 3);
  });

  it.each([
    ['ISO without an offset', '2026-01-01T00:00:00'],
    ['ISO date-time without seconds or offset', '2026-01-01T00:00'],
    ['a word', 'yesterday'],
    ['epoch milliseconds as text', '1767225600000'],
    ['relative without a unit', '-24'],
    ['relative with an unknown unit', '-2x'],
    ['month 13', '2026-13-01'],
    ['30 February', '2026-02-30'],
    ['29 February in a common year', '2026-02-29T00:00:00Z'],
    ['31 April', '2026-04-31T12:00:00Z'],
    ['day 0', '2026-01-00'],
    ['hour 25', '2026-01-01T25:00:00Z'],
    ['slashes', '2026/01/01'],
    ['empty', ''],
  ])('refuses %s: %s', (_desc, value) => {
    const e = errorOf(() => parseTime(value, now, 'from'));
    expect(e.code).toBe('invalid_query');
    expect(e.message).toBe(`from: ${JSON.stringify(value)} is not a time; use ISO 8601 (2026-01-01T00:00:00Z), now, -24h or now-7d`);
  });

  it.each([
    ['a year before 1000', '0999-12-31'],
    ['a year past 9999 by relative time', '+8000y'],
    ['epoch microseconds given as milliseconds', 1767225600123456],
  ])('refuses %s: %s', (_desc, value) => {
    expect(errorOf(() => parseTime(value, now, 'from')).message).toBe(`from: ${JSON.stringify(value)} is outside years 1000–9999`);
  });

  it.each([[NaN], [Infinity]])('refuses the number %s', (value) => {
    expect(errorOf(() => parseTime(value, now, 'to')).message).toBe(`to: ${value} is not a time`);
  });

  it('pins the message for a time without an offset', () => {
    expect(() => parseTime('2026-01-01T00:00:00', now, 'from')).toThrowErrorMatchingInlineSnapshot(
      `[AlmanacError: from: "2026-01-01T00:00:00" is not a time; use ISO 8601 (2026-01-01T00:00:00Z), now, -24h or now-7d]`,
    );
  });
});

describe('parseIsoTime', () => {
  it.each([
    ['2026-01-01T00:00:00Z', utc(2026, 1, 1)],
    ['2026-01-01', utc(2026, 1, 1)],
    ['2026-01-01T00:00:00', null],
    ['2026-02-30', null],
    ['2026-02-31T00:00:00+01:00', null],
    ['2026-12-31T23:59:59.999Z', utc(2026, 12, 31, 23, 59, 59, 999)],
    ['now', null],
  ])('%s', (text, expected) => {
    expect(parseIsoTime(text)).toBe(expected);
  });
});

describe('addMonths', () => {
  it.each([
    ['keeps the time of day', utc(2026, 1, 15, 7, 45), 1, utc(2026, 2, 15, 7, 45)],
    ['clamps 31 January to 28 February', utc(2026, 1, 31), 1, utc(2026, 2, 28)],
    ['crosses a year forwards', utc(2026, 11, 30), 3, utc(2027, 2, 28)],
    ['crosses a year backwards', utc(2026, 1, 31), -2, utc(2025, 11, 30)],
    ['zero months', utc(2026, 5, 5), 0, utc(2026, 5, 5)],
  ])('%s', (_desc, from, months, expected) => {
    expect(iso(addMonths(from, months))).toBe(iso(expected));
  });
});

describe('bucketStart and nextBucket', () => {
  const step = (text: string): Step => parseStep(text);

  it.each([
    ['1s floors to the second', '1s', utc(2026, 1, 1, 10, 7, 33, 250), utc(2026, 1, 1, 10, 7, 33)],
    ['5m floors to a multiple of 5 minutes', '5m', utc(2026, 1, 1, 10, 7, 33), utc(2026, 1, 1, 10, 5)],
    ['5m on a boundary stays', '5m', utc(2026, 1, 1, 10, 5), utc(2026, 1, 1, 10, 5)],
    ['7m aligns to the epoch, not to the hour', '7m', utc(2026, 1, 1, 0, 0), Math.floor(utc(2026, 1, 1) / (7 * MIN)) * 7 * MIN],
    ['1h floors to the hour', '1h', utc(2026, 1, 1, 10, 59, 59, 999), utc(2026, 1, 1, 10)],
    ['1d floors to UTC midnight', '1d', utc(2026, 1, 1, 23, 59), utc(2026, 1, 1)],
    ['before the epoch floors downwards', '1h', -1, -HOUR],
    ['1w on a Thursday goes back to Monday', '1w', utc(2026, 1, 1, 12), utc(2025, 12, 29)],
    ['1w on a Monday at midnight stays', '1w', utc(2025, 12, 29), utc(2025, 12, 29)],
    ['1w on a Sunday night goes back six days', '1w', utc(2026, 1, 4, 23, 59), utc(2025, 12, 29)],
    ['7d is a week and also aligns to Monday', '7d', utc(2026, 1, 7), utc(2026, 1, 5)],
    ['1w at the epoch (a Thursday)', '1w', 0, utc(1969, 12, 29)],
    ['1mo floors to the first of the month', '1mo', utc(2026, 2, 28, 23, 59), utc(2026, 2, 1)],
    ['1mo on the first stays', '1mo', utc(2026, 3, 1), utc(2026, 3, 1)],
    ['2mo floors to odd months (Jan, Mar, …)', '2mo', utc(2026, 4, 15), utc(2026, 3, 1)],
    ['1q in May floors to April', '1q', utc(2026, 5, 10), utc(2026, 4, 1)],
    ['1q in December floors to October', '1q', utc(2026, 12, 31, 23), utc(2026, 10, 1)],
    ['1q in January stays in January', '1q', utc(2026, 1, 31), utc(2026, 1, 1)],
    ['1y floors to 1 January', '1y', utc(2026, 7, 4), utc(2026, 1, 1)],
  ])('%s', (_desc, text, ms, expected) => {
    expect(iso(bucketStart(ms, step(text)))).toBe(iso(expected));
  });

  it.each([
    ['fixed steps add their length', '5m', utc(2026, 1, 1, 10, 5), utc(2026, 1, 1, 10, 10)],
    ['1w adds seven days', '1w', utc(2025, 12, 29), utc(2026, 1, 5)],
    ['1mo goes from January to February', '1mo', utc(2026, 1, 1), utc(2026, 2, 1)],
    ['1mo goes from February to March', '1mo', utc(2026, 2, 1), utc(2026, 3, 1)],
    ['1q goes from October to next January', '1q', utc(2026, 10, 1), utc(2027, 1, 1)],
    ['1y goes to the next year', '1y', utc(2024, 1, 1), utc(2025, 1, 1)],
  ])('nextBucket: %s', (_desc, text, ms, expected) => {
    expect(iso(nextBucket(ms, step(text)))).toBe(iso(expected));
  });

  it('walks calendar months of different lengths without drifting', () => {
    const s = step('1mo');
    const out: string[] = [];
    for (let b = bucketStart(utc(2026, 1, 20), s); b < utc(2026, 7, 1); b = nextBucket(b, s)) out.push(iso(b).slice(0, 10));
    expect(out).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01']);
  });

  it('every bucket start is its own bucket start, and the next bucket follows it', () => {
    for (const text of ['1s', '5m', '1h', '1d', '1w', '2w', '1mo', '1q', '1y']) {
      const s = step(text);
      for (const ms of [utc(2025, 12, 31, 23, 59, 59), utc(2026, 2, 28, 12), utc(2026, 6, 15, 3, 4, 5)]) {
        const b = bucketStart(ms, s);
        expect(b).toBeLessThanOrEqual(ms);
        expect(bucketStart(b, s)).toBe(b);
        const next = nextBucket(b, s);
        expect(next).toBeGreaterThan(ms);
        expect(bucketStart(next, s)).toBe(next);
      }
    }
  });
});
