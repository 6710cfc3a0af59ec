/** Shared vocabulary of the anomaly detectors. */

/** How eager a detector is to flag: `high` flags more points, `low` only the clearest. */
export type Sensitivity = 'low' | 'medium' | 'high';

export const SENSITIVITIES: readonly Sensitivity[] = ['low', 'medium', 'high'];

/** Which side of the expected value a point lies on. */
export type Direction = 'up' | 'down' | 'none';

/**
 * The verdict on one point. `score` ∈ [0, 1] grows with how unusual the point is;
 * `isAnomaly` is `score ≥` the detector's threshold for the chosen sensitivity.
 * `expected` is what the detector predicted, `[lower, upper]` the band outside which
 * a point is flagged at that sensitivity, `deviation` = value − expected.
 */
export interface AnomalyVerdict {
  readonly score: number;
  readonly isAnomaly: boolean;
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
  readonly deviation: number;
  readonly direction: Direction;
}

/** A verdict on the point at `index` of a batch. */
export interface AnomalyPoint extends AnomalyVerdict {
  readonly index: number;
  readonly value: number;
}

export function isSensitivity(value: unknown): value is Sensitivity {
  return value === 'low' || value === 'medium' || value === 'high';
}

export function directionOf(deviation: number): Direction {
  return deviation > 0 ? 'up' : deviation < 0 ? 'down' : 'none';
}
