import { nextBucket, parseStep } from '../core/time.js';
import type { Point, QueryAnswer } from './answer.js';
import { lastValue } from './chart-base.js';
import { formatChange, formatValue, type FormatSpec } from './format.js';
import { seriesName } from './series-name.js';

export interface StatModel {
  /** Name of the series shown (the first of the answer). */
  name: string;
  /** The newest value of a complete bucket (see `inProgress`). */
  value: number | null;
  formatted: string;
  /** The value to compare with: the previous period's, else the bucket before the newest. */
  previous: number | null;
  previousFormatted: string;
  /** Relative change: 0.1 = +10 %; null when there is nothing to compare with or the previous value is 0. */
  change: number | null;
  /** `change` × 100. */
  changePercent: number | null;
  changeText: string;
  /** Time of the bucket `value` belongs to. */
  time: number | null;
  /**
   * The newest bucket reaches past the range end (a range ending now): it is
   * still filling, so a count or sum there is lower than a full bucket's.
   */
  partial: boolean;
  /**
   * That still-filling bucket, shown beside the big number rather than as it:
   * "−70 % vs previous" for an hour that is 20 minutes old would be a false alarm.
   * Null when the newest bucket is complete, or is the only one (then it is `value`).
   */
  inProgress: { value: number; formatted: string; time: number } | null;
  /** The points of the sparkline. */
  sparkline: Point[];
}

function isPartial(bucket: number, step: string | undefined, to: number): boolean {
  if (!step) return false;
  try {
    return nextBucket(bucket, parseStep(step)) > to;
  } catch {
    return false;
  }
}

/** Index of the newest non-null point. */
function newestIndex(points: readonly Point[]): number {
  for (let i = points.length - 1; i >= 0; i--) if (points[i][1] !== null && Number.isFinite(points[i][1])) return i;
  return -1;
}

/**
 * The stat panel: the first series' newest complete value, compared with the same value
 * of `previousPeriod` (the query over the period before, when the UI ran it), or
 * else with the bucket before the newest one.
 */
export function statModel(answer: QueryAnswer, spec: FormatSpec = {}, previousPeriod?: QueryAnswer): StatModel {
  const s = answer.series[0];
  const points = s?.points ?? [];
  const newest = newestIndex(points);
  const partial = newest >= 0 && isPartial(points[newest][0], answer.meta.step, answer.meta.to);
  const earlier = partial ? newestIndex(points.slice(0, newest)) : -1;
  // A filling bucket gives way to the newest complete one, when there is one.
  const i = earlier >= 0 ? earlier : newest;
  const inProgress = i !== newest ? { value: points[newest][1] as number, formatted: formatValue(points[newest][1], spec), time: points[newest][0] } : null;
  const value = i >= 0 ? points[i][1] : null;
  let previous: number | null = null;
  if (previousPeriod) {
    const p = previousPeriod.series.find((x) => x.measure === s?.measure && JSON.stringify(x.group) === JSON.stringify(s?.group)) ?? previousPeriod.series[0];
    previous = p ? lastValue(p.points) : null;
  } else if (i > 0) {
    previous = lastValue(points.slice(0, i));
  }
  const change = value !== null && previous !== null && previous !== 0 ? (value - previous) / Math.abs(previous) : null;
  return {
    name: s ? seriesName(s) : '',
    value,
    formatted: formatValue(value, spec),
    previous,
    previousFormatted: formatValue(previous, spec),
    change,
    changePercent: change === null ? null : change * 100,
    changeText: formatChange(change),
    time: i >= 0 ? points[i][0] : null,
    partial,
    inProgress,
    sparkline: points,
  };
}
