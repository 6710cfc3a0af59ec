/** Input and output shapes of the experiment (A/B test) analysis. */

/** A conversion-metric variant: `conversions` of `n` units converted. */
export interface ConversionVariant {
  readonly name: string;
  readonly n: number;
  readonly conversions: number;
}

/** A continuous-metric variant by summary statistics (`variance` is the sample variance, n − 1 denominator). */
export interface SummaryVariant {
  readonly name: string;
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
}

/** A continuous-metric variant by its raw per-unit values. */
export interface RawVariant {
  readonly name: string;
  readonly values: readonly number[];
}

export type ContinuousVariant = SummaryVariant | RawVariant;

export type MetricKind = 'conversion' | 'continuous';

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** One variant compared against the control. The control's own row has null comparisons. */
export interface VariantResult {
  readonly name: string;
  readonly isControl: boolean;
  readonly n: number;
  /** Conversion rate, or mean. */
  readonly value: number;
  /** Standard error of `value`. */
  readonly standardError: number;
  /** value − control value. */
  readonly absoluteLift: number | null;
  readonly absoluteLiftInterval: Interval | null;
  /** value / control value − 1 (null when the control value is 0). */
  readonly relativeLift: number | null;
  /** Interval for the relative lift (delta method or Fieller); null when unbounded or the control value is 0. */
  readonly relativeLiftInterval: Interval | null;
  /** Two-sided p-value: pooled two-proportion z-test, or Welch's t-test. */
  readonly pValue: number | null;
  /** z (conversion) or t (continuous) statistic. */
  readonly statistic: number | null;
  /** Welch–Satterthwaite degrees of freedom (continuous only). */
  readonly degreesOfFreedom: number | null;
  /** Posterior probability that this variant's true value exceeds the control's. */
  readonly probabilityToBeatControl: number | null;
}

export interface SampleRatioCheck {
  /** Observed units per variant, in input order. */
  readonly observed: readonly number[];
  readonly expected: readonly number[];
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  /** True when pValue < the threshold (default 0.001, the usual SRM alarm level). */
  readonly mismatch: boolean;
}

export interface ExperimentResult {
  readonly metric: MetricKind;
  readonly control: string;
  /** Confidence level of every interval (e.g. 0.95). */
  readonly confidence: number;
  readonly variants: readonly VariantResult[];
  readonly sampleRatio: SampleRatioCheck;
}

/** How the relative-lift interval is computed. */
export type RelativeIntervalMethod = 'delta' | 'fieller';

export interface ExperimentOptions {
  /** Relative-lift interval: 'delta' (default, symmetric) or 'fieller' (asymmetric, exact for a ratio of normals). */
  readonly relativeInterval?: RelativeIntervalMethod;
  /** Name of the control variant; defaults to the first variant. */
  readonly control?: string;
  /** Confidence level of the intervals, default 0.95. */
  readonly confidence?: number;
  /** Expected traffic split (weights, any scale, one per variant in input order); default equal. */
  readonly expectedSplit?: readonly number[];
  /** p-value below which the sample-ratio check reports a mismatch; default 0.001. */
  readonly srmThreshold?: number;
}
