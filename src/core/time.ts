import { AlmanacError } from './errors.js';

/**
 * Durations and time ranges. A step is either fixed (a number of milliseconds) or
 * calendar (months), because a month has no fixed length; both align in UTC.
 */
export type Step = { kind: 'fixed'; ms: number; text: string } | { kind: 'calendar'; months: number; text: string };

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const UNIT_MONTHS: Record<string, number> = { mo: 1, q: 3, y: 12 };

const DURATION = /^(\d{1,9})(ms|s|m|h|d|w|mo|q|y)$/;

/** Parse `30s`, `5m`, `1h`, `7d`, `1w`, `1mo`, `1q`, `1y`. */
export function parseStep(raw: string, path = 'step'): Step {
  const text = String(raw).trim();
  const m = DURATION.exec(text);
  if (!m) throw new AlmanacError('invalid_query', `${path}: ${JSON.stringify(text)} is not a duration; use e.g. 1s, 5m, 1h, 1d, 1w, 1mo, 1q, 1y`);
  const n = Number(m[1]);
  const unit = m[2];
  if (n <= 0) throw new AlmanacError('invalid_query', `${path}: ${JSON.stringify(text)} must be positive`);
  if (unit in UNIT_MONTHS) return { kind: 'calendar', months: n * UNIT_MONTHS[unit], text };
  const ms = n * UNIT_MS[unit];
  if (ms < 1000) throw new AlmanacError('invalid_query', `${path}: ${JSON.stringify(text)} is shorter than the smallest step, 1s`);
  return { kind: 'fixed', ms, text };
}

/** A fixed duration in milliseconds, e.g. an alert window (calendar units are refused: they have no fixed length). */
export function parseDurationMs(text: string, path = 'duration'): number {
  const m = DURATION.exec(String(text).trim());
  if (!m || m[2] in UNIT_MONTHS) throw new AlmanacError('bad_request', `${path}: ${JSON.stringify(text)} is not a duration; use e.g. 30s, 5m, 24h, 7d`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

const RELATIVE = /^(?:now)?\s*([+-])\s*(\d+)(ms|s|m|h|d|w|mo|q|y)$/;

/**
 * Resolve a time expression against `now` (epoch ms): ISO 8601 with an offset
 * (or a bare date, taken as UTC midnight), `now`, `-24h`, `now-7d`, `now+1h`, or epoch ms.
 */
export function parseTime(value: string | number, now: number, path: string): number {
  const ms = parseTimeUnchecked(value, now, path);
  if (!(ms >= MIN_TIME && ms <= MAX_TIME)) throw new AlmanacError('invalid_query', `${path}: ${JSON.stringify(value)} is outside years 1000–9999`);
  return ms;
}

/** Times Almanac accepts: years 1000–9999. Outside, a timestamp is almost always a wrong unit. */
export const MIN_TIME = Date.UTC(1000, 0, 1);
export const MAX_TIME = Date.UTC(10000, 0, 1) - 1;

function parseTimeUnchecked(value: string | number, now: number, path: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new AlmanacError('invalid_query', `${path}: ${value} is not a time`);
    return value;
  }
  const text = String(value).trim();
  if (text === 'now') return now;
  const rel = RELATIVE.exec(text);
  if (rel) {
    const sign = rel[1] === '-' ? -1 : 1;
    const n = Number(rel[2]);
    const unit = rel[3];
    if (unit in UNIT_MONTHS) return addMonths(now, sign * n * UNIT_MONTHS[unit]);
    return now + sign * n * UNIT_MS[unit];
  }
  const ms = parseIsoTime(text);
  if (ms === null) {
    throw new AlmanacError('invalid_query', `${path}: ${JSON.stringify(text)} is not a time; use ISO 8601 (2026-01-01T00:00:00Z), now, -24h or now-7d`);
  }
  return ms;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * ISO 8601 with an explicit offset, or a bare date (UTC midnight). A date-time
 * without an offset is refused: guessing a zone would silently shift data.
 */
export function parseIsoTime(text: string): number | null {
  const fast = parseCanonicalIso(text);
  if (fast !== undefined) return fast;
  if (!dayExists(text)) return null;
  if (ISO_DATE.test(text)) {
    const ms = Date.parse(text + 'T00:00:00Z');
    return Number.isNaN(ms) ? null : ms;
  }
  const m = ISO_WITH_ZONE.exec(text);
  if (!m) return null;
  // Date.parse keeps only milliseconds, so extra fraction digits are added back here.
  // The rewrites only happen when needed: this runs once per ingested timestamp.
  let iso = text[10] === ' ' ? text.slice(0, 10) + 'T' + text.slice(11) : text;
  let extra = 0;
  const frac = m[2];
  if (frac && frac.length > 4) {
    extra = Number('0.' + frac.slice(4)); // digits past milliseconds, in ms
    iso = iso.replace(frac, frac.slice(0, 4));
  }
  const ms = Date.parse(iso) + extra;
  return Number.isNaN(ms) ? null : ms;
}

const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};
const num = (s: string, i: number, n: number) => {
  let v = 0;
  for (let k = 0; k < n; k++) v = v * 10 + digit(s, i + k);
  return v;
};

/**
 * The form nearly every sender uses, `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`,
 * read by character codes: this runs once per ingested timestamp and is ~4×
 * faster than the regular expression and Date.parse. Anything else returns
 * undefined and takes the general path.
 */
function parseCanonicalIso(s: string): number | null | undefined {
  if (s.length < 20 || s[4] !== '-' || s[7] !== '-' || (s[10] !== 'T' && s[10] !== 't') || s[13] !== ':' || s[16] !== ':') return undefined;
  const y = num(s, 0, 4), mo = num(s, 5, 2), d = num(s, 8, 2), h = num(s, 11, 2), mi = num(s, 14, 2), sec = num(s, 17, 2);
  let i = 19;
  let frac = 0;
  if (s[i] === '.') {
    let scale = 100;
    i++;
    const start = i;
    while (i < s.length && digit(s, i) >= 0) { frac += digit(s, i) * scale; scale /= 10; i++; }
    if (i === start) return undefined;
  }
  let offset = 0;
  const z = s[i];
  if ((z === 'Z' || z === 'z') && i + 1 === s.length) offset = 0;
  else if ((z === '+' || z === '-') && i + 6 === s.length && s[i + 3] === ':') offset = (z === '+' ? 1 : -1) * (num(s, i + 1, 2) * 60 + num(s, i + 4, 2)) * 60_000;
  else return undefined;
  if (Number.isNaN(y + mo + d + h + mi + sec + offset) || y < 100) return undefined; // Date.UTC maps years 0–99 to 1900–1999
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 59 || !dayExists(s)) return null;
  return Date.UTC(y, mo - 1, d, h, mi, sec) + Math.round(frac * 1000) / 1000 - offset;
}

/** Date.parse (V8) rolls `2026-02-30` over to March 2 instead of refusing it; check the day against its month. */
function dayExists(text: string): boolean {
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return days !== undefined && d >= 1 && d <= days;
}

export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

// Fixed steps that are whole weeks align to Monday 00:00 UTC (ISO weeks); the
// Unix epoch was a Thursday, so shift by four days.
const WEEK_OFFSET_MS = 4 * UNIT_MS.d;

/** Offset added before flooring to the step, so buckets align as users expect. */
export function stepOffsetMs(step: Step & { kind: 'fixed' }): number {
  return step.ms % UNIT_MS.w === 0 ? -WEEK_OFFSET_MS : 0;
}

/** The start of the bucket holding `ms`. */
export function bucketStart(ms: number, step: Step): number {
  if (step.kind === 'fixed') {
    const off = stepOffsetMs(step);
    return Math.floor((ms + off) / step.ms) * step.ms - off;
  }
  const d = new Date(ms);
  const monthIndex = d.getUTCFullYear() * 12 + d.getUTCMonth();
  const start = Math.floor(monthIndex / step.months) * step.months;
  return Date.UTC(Math.floor(start / 12), start % 12, 1);
}

export function nextBucket(ms: number, step: Step): number {
  return step.kind === 'fixed' ? ms + step.ms : addMonths(ms, step.months);
}
