import { nextBucket, parseStep } from '../core/time.js';
import type { Point, QueryAnswer } from './answer.js';
import { lastValue } from './chart-base.js';
import { formatChange, formatValue, type FormatSpec } from './format.js';
import { seriesName } from './series-name.js';

export interface StatModel {
  /** Name of the series shown (the first of the answer). */
  name: string;
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
  /** Time of the newest value. */
  time: number | null;
  /**
   * The newest value's bucket reaches past the range end (a range ending now):
   * it is still filling, so a count or sum there is lower than a full bucket's.
   */
  partial: boolean;
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
 * The stat panel: the first series' newest value, compared with the same value
 * of `previousPeriod` (the query over the period before, when the UI ran it), or
 * else with the bucket before the newest one.
 */
export function statModel(answer: QueryAnswer, spec: FormatSpec = {}, previousPeriod?: QueryAnswer): StatModel {
  const s = answer.series[0];
  const points = s?.points ?? [];
  const i = newestIndex(points);
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
    partial: i >= 0 && isPartial(points[i][0], answer.meta.step, answer.meta.to),
    sparkline: points,
  };
}
