import type { Issue } from '../../core/errors.js';
import { normalQuantile } from '../distributions.js';
import { checkProbability, throwIfIssues } from './validate.js';

export type EffectScale = 'absolute' | 'relative';

interface CommonSampleSizeInput {
  /** Minimum detectable effect: a difference (absolute) or a fraction of the baseline (relative, 0.1 = +10 %). */
  readonly mde: number;
  /** Default 'absolute'. */
  readonly mdeScale?: EffectScale;
  /** Significance level, default 0.05. */
  readonly alpha?: number;
  /** Power 1 − β, default 0.8. */
  readonly power?: number;
  /** Two-sided test (default true). */
  readonly twoSided?: boolean;
}

export interface ProportionSampleSizeInput extends CommonSampleSizeInput {
  readonly metric: 'conversion';
  /** Baseline conversion rate of the control, in (0, 1). */
  readonly baseline: number;
}

export interface MeanSampleSizeInput extends CommonSampleSizeInput {
  readonly metric: 'continuous';
  /** Baseline mean of the control (needed for a relative MDE). */
  readonly baseline: number;
  /** Standard deviation of the metric per unit (assumed equal in both groups). */
  readonly standardDeviation: number;
}

export type SampleSizeInput = ProportionSampleSizeInput | MeanSampleSizeInput;

export interface SampleSizeResult {
  /** Units needed in each of the two groups (rounded up). */
  readonly perVariant: number;
  /** Both groups together. */
  readonly total: number;
  /** The unrounded per-group size from the formula. */
  readonly exact: number;
  /** The absolute difference the test is sized to detect. */
  readonly absoluteEffect: number;
}

/**
 * Units per group for a two-group test with equal allocation.
 *
 * - Conversion: n = [z_{α}·√(2 p̄ q̄) + z_{β}·√(p₁q₁ + p₂q₂)]² / (p₂ − p₁)², p̄ = (p₁ + p₂)/2, the normal
 *   approximation without continuity correction (Fleiss, Levin & Paik, 3rd ed., eq. 4.14).
 * - Continuous: n = 2σ²(z_{α} + z_{β})² / δ² (Chow, Shao & Wang, Sample Size Calculations in Clinical
 *   Research, 2nd ed., §3.2.1).
 *
 * z_{α} is z_{1−α/2} for a two-sided test and z_{1−α} for a one-sided one; z_{β} = z_{power}.
 *
 * @example sampleSize({ metric: 'conversion', baseline: 0.1, mde: 0.05 }) // 0.10 → 0.15: 686 per group
 */
export function sampleSize(input: SampleSizeInput): SampleSizeResult {
  const issues: Issue[] = [];
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  checkProbability(issues, 'alpha', alpha);
  checkProbability(issues, 'power', power);
  if (!(Number.isFinite(input.mde) && input.mde !== 0)) issues.push({ path: 'mde', message: `expected a non-zero number, received ${String(input.mde)}` });
  const scale = input.mdeScale ?? 'absolute';
  if (input.metric === 'conversion') {
    checkProbability(issues, 'baseline', input.baseline);
  } else {
    if (!Number.isFinite(input.baseline)) issues.push({ path: 'baseline', message: `expected a finite number, received ${String(input.baseline)}` });
    if (!(Number.isFinite(input.standardDeviation) && input.standardDeviation > 0)) {
      issues.push({ path: 'standardDeviation', message: `expected a positive number, received ${String(input.standardDeviation)}` });
    }
    if (scale === 'relative' && input.baseline === 0) issues.push({ path: 'baseline', message: 'a relative MDE needs a non-zero baseline' });
  }
  const delta = scale === 'relative' ? input.mde * input.baseline : input.mde;
  if (input.metric === 'conversion' && issues.length === 0 && !(input.baseline + delta > 0 && input.baseline + delta < 1)) {
    issues.push({ path: 'mde', message: `baseline ${input.baseline} plus the effect ${delta} must stay strictly between 0 and 1` });
  }
  throwIfIssues('sample size request', issues);

  const zAlpha = normalQuantile(1 - (input.twoSided === false ? alpha : alpha / 2));
  const zBeta = normalQuantile(power);
  let exact: number;
  if (input.metric === 'conversion') {
    const p1 = input.baseline;
    const p2 = p1 + delta;
    const pBar = (p1 + p2) / 2;
    const num = zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
    exact = (num * num) / (delta * delta);
  } else {
    exact = (2 * input.standardDeviation ** 2 * (zAlpha + zBeta) ** 2) / (delta * delta);
  }
  // Guard against 62.000000000001 rounding up to 63.
  const perVariant = Math.ceil(exact - 1e-9);
  return { perVariant, total: 2 * perVariant, exact, absoluteEffect: Math.abs(delta) };
}
