/**
 * Capacity planning: when does a forecast cross a threshold?
 *
 * The point forecast gives the likely step; the interval bounds give the
 * earliest and latest plausible steps (for an upward crossing the upper bound
 * gets there first and the lower bound last; the reverse downwards). The
 * reading of prediction-interval bounds as scenarios follows Hyndman &
 * Athanasopoulos, FPP3 §5.5; with the default 95 % level, "earliest" is the
 * step by which there is about a 2.5 % chance of having crossed under the model.
 */
import type { ForecastResult } from './forecast.js';

export type CrossingDirection = 'above' | 'below';

export interface Crossing {
  threshold: number;
  direction: CrossingDirection;
  /** The interval level the earliest/latest steps come from. */
  level: 80 | 95;
  /** First step (1-based) where the optimistic bound crosses; null = not within the horizon. */
  earliest: number | null;
  /** First step where the point forecast crosses; null = not within the horizon. */
  likely: number | null;
  /** First step where the pessimistic bound crosses; null = not within the horizon. */
  latest: number | null;
  horizon: number;
  /** One sentence for people. */
  summary: string;
}

function firstCrossing(xs: readonly number[], threshold: number, direction: CrossingDirection): number | null {
  const i = xs.findIndex((v) => (direction === 'above' ? v >= threshold : v <= threshold));
  return i < 0 ? null : i + 1;
}

/**
 * @example
 * whenCrosses(forecast(diskUsedPct, { horizon: 720 }), 90, 'above')
 * // → { earliest: 310, likely: 402, latest: null, summary: 'likely reaches 90 at step 402 (earliest 310; the 95 % lower bound stays below within 720 steps)' }
 */
export function whenCrosses(
  result: Pick<ForecastResult, 'point' | 'lower80' | 'upper80' | 'lower95' | 'upper95'>,
  threshold: number,
  direction: CrossingDirection,
  level: 80 | 95 = 95,
): Crossing {
  const lower = level === 80 ? result.lower80 : result.lower95;
  const upper = level === 80 ? result.upper80 : result.upper95;
  const optimistic = direction === 'above' ? upper : lower;
  const pessimistic = direction === 'above' ? lower : upper;
  const earliest = firstCrossing(optimistic, threshold, direction);
  const likely = firstCrossing(result.point, threshold, direction);
  const latest = firstCrossing(pessimistic, threshold, direction);
  const horizon = result.point.length;
  const verb = direction === 'above' ? 'reaches' : 'falls to';
  let summary: string;
  if (earliest === null) summary = `not within the horizon: even the ${level} % ${direction === 'above' ? 'upper' : 'lower'} bound does not ${direction === 'above' ? 'reach' : 'fall to'} ${threshold} in ${horizon} steps`;
  else if (likely === null) summary = `unlikely within the horizon: the forecast stays ${direction === 'above' ? 'below' : 'above'} ${threshold} for ${horizon} steps, but the ${level} % bound ${verb} it at step ${earliest}`;
  else {
    const late = latest === null ? `the ${level} % ${direction === 'above' ? 'lower' : 'upper'} bound does not within ${horizon} steps` : `latest ${latest}`;
    summary = `likely ${verb} ${threshold} at step ${likely} (earliest ${earliest}; ${late})`;
  }
  return { threshold, direction, level, earliest, likely, latest, horizon, summary };
}
