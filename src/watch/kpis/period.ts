import { AlmanacError } from '../../core/errors.js';
import { bucketStart, nextBucket, parseDurationMs, parseStep, type Step } from '../../core/time.js';

/**
 * KPI periods. Calendar periods (`day`, `week`, `month`, `quarter`) are UTC and
 * aligned like query steps (weeks start Monday); `rolling:<duration>` is the
 * window of that length ending at the scorecard's time.
 *
 * Each period is also cut into buckets (hourly for a day, daily for longer
 * periods) whose values feed the significance test, the confidence and the
 * forecast.
 */
export type KpiPeriod =
  | { kind: 'calendar'; text: string; step: Step; bucket: Step; lookbackMs: number }
  | { kind: 'rolling'; text: string; ms: number; step: Step; bucket: Step; lookbackMs: number };

const H = 3_600_000;
const D = 24 * H;

const CALENDAR: Record<string, { step: string; bucket: string; lookbackMs: number }> = {
  // Lookback: how much per-bucket history the forecast sees (several cycles of the bucket's season).
  day: { step: '1d', bucket: '1h', lookbackMs: 7 * D },
  week: { step: '1w', bucket: '1d', lookbackMs: 56 * D },
  month: { step: '1mo', bucket: '1d', lookbackMs: 120 * D },
  quarter: { step: '1q', bucket: '1d', lookbackMs: 366 * D },
};

export const PERIOD_PATTERN = '^(day|week|month|quarter|rolling:[0-9]{1,9}(ms|s|m|h|d|w))$';

/** Bucket for a rolling window: enough buckets (≥ 6) for a test, few enough (≤ ~500) to stay cheap. */
function rollingBucket(ms: number): string {
  if (ms >= 3 * D) return '1d';
  if (ms >= 6 * H) return '1h';
  if (ms >= 30 * 60_000) return '5m';
  return '1m';
}

/** Parse a period; throws `invalid_definition` with path `period`. */
export function parsePeriod(text: string): KpiPeriod {
  const cal = CALENDAR[text];
  if (cal) return { kind: 'calendar', text, step: parseStep(cal.step), bucket: parseStep(cal.bucket), lookbackMs: cal.lookbackMs };
  const m = /^rolling:(.+)$/.exec(text);
  const bad = (message: string): never => { throw new AlmanacError('invalid_definition', `period: ${message}`, { issues: [{ path: 'period', message }] }); };
  if (!m) return bad(`${JSON.stringify(text)} is not a period; use day, week, month, quarter or rolling:<duration> (e.g. rolling:7d)`);
  let ms: number;
  try {
    ms = parseDurationMs(m[1], 'period');
  } catch {
    return bad(`${JSON.stringify(m[1])} is not a duration; use e.g. rolling:24h or rolling:7d`);
  }
  if (ms < 6 * 60_000) bad('a rolling period must be at least 6m long (it is cut into 1m buckets)');
  if (ms > 400 * D) bad('a rolling period may be at most 400d long');
  // A rolling window is always complete (no forecast), so it needs no history beyond the previous window.
  return { kind: 'rolling', text, ms, step: { kind: 'fixed', ms, text: m[1] }, bucket: parseStep(rollingBucket(ms)), lookbackMs: 2 * ms };
}

/**
 * The period holding the instant just before `at` (so a scorecard at midnight
 * shows the day that just ended, complete), and the full period before it.
 */
export function periodAt(p: KpiPeriod, at: number): { from: number; to: number; previousFrom: number } {
  if (p.kind === 'rolling') return { from: at - p.ms, to: at, previousFrom: at - 2 * p.ms };
  const from = bucketStart(at - 1, p.step);
  const to = nextBucket(from, p.step);
  const previousFrom = bucketStart(from - 1, p.step);
  return { from, to, previousFrom };
}

/** Periods starting in [from, to), in order, for history (rolling windows on the duration's grid, like a query step). */
export function periodsBetween(p: KpiPeriod, from: number, to: number, max: number): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (let s = bucketStart(from, p.step); s < to; s = nextBucket(s, p.step)) {
    if (out.length >= max) {
      throw new AlmanacError('bad_request', `from: the range holds more than ${max} ${p.text} periods; use a shorter range`, { issues: [{ path: 'from', message: `more than ${max} periods` }] });
    }
    out.push({ from: s, to: nextBucket(s, p.step) });
  }
  return out;
}
