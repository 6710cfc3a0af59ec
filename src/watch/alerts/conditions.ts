import { createStreamingDetector } from '../../analytics/anomaly/index.js';
import { forecast, whenCrosses } from '../../analytics/forecast/index.js';
import type { EvalResult } from './state-machine.js';
import type { Comparison, Condition } from './rule-schema.js';

/**
 * The conditions as pure functions of numbers: the evaluator (evaluate.ts)
 * fetches the series, these decide. Each answers an EvalResult with a short
 * `detail` saying why, which becomes the transition's reason.
 */

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : Number(x.toPrecision(6)).toString());

export function compare(op: Comparison, x: number, v: number): boolean {
  switch (op) {
    case '>': return x > v;
    case '>=': return x >= v;
    case '<': return x < v;
    case '<=': return x <= v;
  }
}

export function threshold(value: number | null, c: Extract<Condition, { type: 'threshold' }>): EvalResult {
  if (value === null) return { kind: 'nodata' };
  if (c.op === 'outside' || c.op === 'inside') {
    const inside = value >= c.low && value <= c.high;
    const met = c.op === 'inside' ? inside : !inside;
    return { kind: 'ok', met, value, detail: `${fmt(value)} ${inside ? 'inside' : 'outside'} [${fmt(c.low)}, ${fmt(c.high)}]` };
  }
  const { op, value: limit } = c as { op: Comparison; value: number };
  const met = compare(op, value, limit);
  return { kind: 'ok', met, value, detail: `${fmt(value)} ${met ? op : `not ${op}`} ${fmt(limit)}` };
}

/** Change of the current window against the baseline: percent (relative, the default) or absolute. */
export function change(current: number | null, baseline: number | null, c: Extract<Condition, { type: 'change' }>): EvalResult {
  if (current === null) return { kind: 'nodata' };
  const against = c.compareTo === '1d' ? 'a day before' : c.compareTo === '1w' ? 'a week before' : 'the previous window';
  if (baseline === null) return { kind: 'ok', met: false, value: null, detail: `no data in ${against} to compare with` };
  const relative = (c.mode ?? 'relative') === 'relative';
  if (relative && baseline === 0) return { kind: 'ok', met: false, value: null, detail: `${against} was 0: a relative change is undefined` };
  const delta = relative ? ((current - baseline) / Math.abs(baseline)) * 100 : current - baseline;
  const met = compare(c.op, delta, c.value);
  const unit = relative ? ' %' : '';
  return { kind: 'ok', met, value: delta, detail: `${fmt(current)} vs ${fmt(baseline)} ${against}: change ${fmt(delta)}${unit} ${met ? c.op : `not ${c.op}`} ${fmt(c.value)}${unit}` };
}

/**
 * The reduced point against the anomaly band learnt from the history before
 * the window (the streaming detector of analytics/anomaly, without repeated-alarm
 * suppression: an incident that lasts should keep the alert firing).
 */
export function anomaly(history: readonly [number, number | null][], current: number | null, at: number, c: Extract<Condition, { type: 'anomaly' }>): EvalResult {
  if (current === null) return { kind: 'nodata' };
  const detector = createStreamingDetector({ sensitivity: c.sensitivity ?? 'medium', suppression: false });
  let last = -Infinity;
  for (const [t, v] of history) {
    detector.update(v ?? Number.NaN, t);
    last = t;
  }
  const verdict = detector.update(current, Math.max(at, last + 1));
  // The detector answers a zero-width band until it has enough residuals to predict.
  if (!Number.isFinite(verdict.lower) || !Number.isFinite(verdict.upper) || verdict.lower === verdict.upper) {
    return { kind: 'ok', met: false, value: current, detail: `not enough history for an anomaly band (${history.length} points)` };
  }
  const met = current < verdict.lower || current > verdict.upper;
  return { kind: 'ok', met, value: current, detail: `${fmt(current)} ${met ? 'outside' : 'inside'} the anomaly band [${fmt(verdict.lower)}, ${fmt(verdict.upper)}] (expected ${fmt(verdict.expected)})` };
}

/** Does the forecast of the history cross the threshold within `steps` steps? (analytics/forecast capacity) */
export function forecastCrossing(values: readonly (number | null)[], steps: number, c: Extract<Condition, { type: 'forecast' }>): EvalResult {
  const present = values.filter((v) => v !== null).length;
  if (present === 0) return { kind: 'nodata' };
  if (present < 3) return { kind: 'ok', met: false, value: null, detail: `not enough history to forecast (${present} points)` };
  const r = forecast(values.map((v) => v ?? Number.NaN), { horizon: steps });
  const direction = c.direction ?? 'above';
  const crossing = whenCrosses(r, c.threshold, direction);
  const met = crossing.likely !== null;
  const value = met ? r.point[crossing.likely! - 1] : r.point[r.point.length - 1];
  return { kind: 'ok', met, value, detail: `forecast ${met ? `${direction === 'above' ? 'reaches' : 'falls to'} ${fmt(c.threshold)} in ${crossing.likely} of ${steps} steps` : `stays ${direction === 'above' ? 'below' : 'above'} ${fmt(c.threshold)} for ${steps} steps`} (${crossing.summary})` };
}
