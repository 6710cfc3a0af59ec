/**
 * Repeated-alarm suppression for a stream of surprises (S = −log10 p), independent of
 * where the alert threshold will be set.
 *
 * An anomaly rarely lasts one point: a level shift or an outage keeps the surprise
 * high for many points, and an operator (or NAB, which credits only the earliest
 * detection in a window and charges every later false positive) wants one alarm per
 * episode. After a point with S ≥ `arm` fires, later points pass only if they beat a
 * bar that starts at `margin` × the episode's peak and decays to `arm` over `horizon`
 * points as `(1 − age/horizon)^shape`; a point that beats the bar becomes the new peak.
 * Suppressed points are reported at most at `arm / 2`.
 *
 * The suppression does not depend on where the alert threshold θ is set: a point
 * with S ≥ θ is held back only when an alarm within the horizon already reached at
 * least θ / margin — so the first crossing of θ survives unless a near-miss of the
 * same episode fired just before it.
 */
export interface AlarmSuppressorOptions {
  /** Surprise at which an episode starts (default 2, p = 0.01). */
  readonly arm?: number;
  /** Factor by which a later point must beat the peak right after an alarm (default 1.5). */
  readonly margin?: number;
  /** Points after the last alarm during which the bar applies (default 300). */
  readonly horizon?: number;
  /** Exponent of the bar's decay; larger ends the strict part sooner (default 3). */
  readonly shape?: number;
}

export interface AlarmSuppressor {
  /** The surprise to report for the next point, given its raw surprise. */
  next(surprise: number): number;
}

export function createAlarmSuppressor(options: AlarmSuppressorOptions = {}): AlarmSuppressor {
  const arm = options.arm ?? 2;
  const margin = options.margin ?? 1.5;
  const horizon = options.horizon ?? 300;
  const shape = options.shape ?? 3;
  let peak = 0;
  let age = Number.POSITIVE_INFINITY;
  return {
    next(surprise: number): number {
      age++;
      if (age <= horizon) {
        const bar = arm + (peak * margin - arm) * (1 - age / horizon) ** shape;
        if (surprise > bar) {
          peak = surprise;
          age = 0;
          return surprise;
        }
        return Math.min(surprise, arm) / 2;
      }
      if (surprise >= arm) {
        peak = surprise;
        age = 0;
      }
      return surprise;
    },
  };
}
