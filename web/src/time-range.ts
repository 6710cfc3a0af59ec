import { parseTime, parseStep, bucketStart, type Step } from '../../src/core/time.js';

/**
 * The dashboard time range as the user wrote it: relative (`-24h`, `now-7d`,
 * `now`) or absolute ISO times. Kept as text so a shared URL stays relative;
 * `resolveRange` turns it into epoch ms at query time.
 */
export interface TimeRange {
  from: string;
  to: string;
}

export const DEFAULT_RANGE: TimeRange = { from: '-24h', to: 'now' };

export const QUICK_PICKS: { label: string; range: TimeRange }[] = [
  { label: 'Last 15 minutes', range: { from: '-15m', to: 'now' } },
  { label: 'Last 1 hour', range: { from: '-1h', to: 'now' } },
  { label: 'Last 6 hours', range: { from: '-6h', to: 'now' } },
  { label: 'Last 24 hours', range: { from: '-24h', to: 'now' } },
  { label: 'Last 7 days', range: { from: '-7d', to: 'now' } },
  { label: 'Last 30 days', range: { from: '-30d', to: 'now' } },
  { label: 'Last 90 days', range: { from: '-90d', to: 'now' } },
];

/** Epoch ms for one end of a range, or null when the text is not a time. */
export function parseTimeText(text: string, now: number): number | null {
  try {
    return parseTime(text, now, 'time');
  } catch {
    return null;
  }
}

/** Check a range the user typed; returns a message naming the bad part, or null. */
export function rangeProblem(r: TimeRange, now = Date.now()): string | null {
  const f = parseTimeText(r.from, now);
  if (f === null) return `From: ${JSON.stringify(r.from)} is not a time; use -24h, now-7d or 2026-01-01T00:00:00Z`;
  const t = parseTimeText(r.to, now);
  if (t === null) return `To: ${JSON.stringify(r.to)} is not a time; use now, -1h or 2026-01-02T00:00:00Z`;
  if (f >= t) return 'From must be before To';
  return null;
}

export function resolveRange(r: TimeRange, now = Date.now()): { from: number; to: number } {
  const from = parseTimeText(r.from, now);
  const to = parseTimeText(r.to, now);
  if (from === null || to === null || from >= to) {
    return { from: now - 86_400_000, to: now };
  }
  return { from, to };
}

/**
 * The range as fixed ISO times at one instant. A dashboard resolves its range
 * once per load or refresh, so every panel shows the same window (resolving
 * "now" per request would shift each panel by its own few milliseconds) and
 * panels asking for the same series send the same query, which the server then
 * answers once. Ends that do not parse are kept as written (the server names them).
 */
export function resolveDashboardRange(r: TimeRange, now: number): TimeRange {
  const at = (text: string) => {
    if (!/^(now|[+-])/.test(text.trim())) return text;
    const ms = parseTimeText(text, now);
    return ms === null ? text : new Date(ms).toISOString();
  };
  return { from: at(r.from), to: at(r.to) };
}

/** Is the range anchored at now (so it slides: refresh and live make sense)? */
export function isRelative(r: TimeRange): boolean {
  return /^(now|[+-])/.test(r.to.trim()) || /^(now|[+-])/.test(r.from.trim());
}

/** A short label: the quick-pick name, or "from → to". */
export function rangeLabel(r: TimeRange): string {
  const q = QUICK_PICKS.find((p) => p.range.from === r.from && p.range.to === r.to);
  if (q) return q.label;
  const show = (s: string) => (/^\d{4}-/.test(s) ? s.replace('T', ' ').replace(/:00(\.000)?Z$/, 'Z') : s);
  return `${show(r.from)} → ${show(r.to)}`;
}

/** The range from URL params, else the dashboard default, else the last 24 hours. */
export function rangeFromSearch(sp: URLSearchParams, fallback?: TimeRange): TimeRange {
  const from = sp.get('from');
  const to = sp.get('to');
  if (from && to) return { from, to };
  return fallback ?? DEFAULT_RANGE;
}

const NICE_STEPS = ['1m', '5m', '10m', '15m', '30m', '1h', '3h', '6h', '12h', '1d', '7d', '30d'];
const NICE_MS = [60e3, 300e3, 600e3, 900e3, 1800e3, 3600e3, 3 * 3600e3, 6 * 3600e3, 12 * 3600e3, 86400e3, 7 * 86400e3, 30 * 86400e3];

/** A step giving at most about `points` buckets over the range (used when a time chart has no step). */
export function autoStep(fromMs: number, toMs: number, points = 240): string {
  const want = (toMs - fromMs) / points;
  for (let i = 0; i < NICE_MS.length; i++) if (NICE_MS[i] >= want) return NICE_STEPS[i];
  return NICE_STEPS[NICE_STEPS.length - 1];
}

/** The start of the bucket containing `ms` for a step text, or `ms` when the step does not parse. */
export function bucketOf(ms: number, step: string | undefined): number {
  if (!step) return ms;
  let s: Step;
  try {
    s = parseStep(step);
  } catch {
    return ms;
  }
  return bucketStart(ms, s);
}

/** Refresh intervals offered in the picker. */
export const REFRESH_CHOICES = ['off', '10s', '30s', '1m', '5m', '15m', '1h'];

export function refreshMs(text: string | null | undefined): number | null {
  if (!text || text === 'off') return null;
  const m = /^(\d+)(s|m|h)$/.exec(text);
  if (!m) return null;
  const ms = Number(m[1]) * (m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 3_600_000);
  return ms >= 5000 ? ms : null;
}
