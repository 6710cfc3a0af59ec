/**
 * KPI documents and scorecards. A KPI is a metric query scored against a target
 * over a period; a scorecard is computed from the data, never stored by hand.
 */

export type Direction = 'higher' | 'lower' | 'band';

/** Categories from best to worst; `null` in a scorecard row means the period has no value. */
export type Category = 'excellent' | 'good' | 'average' | 'poor';
export const CATEGORIES: readonly Category[] = ['excellent', 'good', 'average', 'poor'];

/** Lowest achievement (percent of target) of each category above `poor`. */
export interface Thresholds {
  excellent: number;
  good: number;
  average: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { excellent: 100, good: 90, average: 75 };
export const DEFAULT_MAX_ACHIEVEMENT = 120;

/** The metric query of a KPI: no range, step or groups (the period gives the range; a KPI is one number). */
export interface KpiQuery {
  dataset?: string;
  metric?: string;
  measures?: string[];
  filter?: string;
}

/** A `kind: kpi` document. */
export interface KpiDef {
  kind: 'kpi';
  name: string;
  title?: string;
  description?: string;
  query: KpiQuery;
  /** Arithmetic on `value`, e.g. `1 - value`. */
  transform?: string;
  /** `day | week | month | quarter | rolling:<duration>` (calendar periods in UTC, weeks start Monday). */
  period: string;
  target?: number;
  targetLow?: number;
  targetHigh?: number;
  direction: Direction;
  weight?: number;
  thresholds?: Partial<Thresholds>;
  maxAchievement?: number;
}

export interface KpiChange {
  /** The value of the previous period: whole, or up to the same point for a running sum or count (`comparedWith`). */
  previous: number;
  comparedWith: 'previous period' | 'previous period to the same point';
  /** value − previous. */
  absolute: number;
  /** (value − previous) / |previous|; null when previous is 0. */
  relative: number | null;
  /** Welch t-test of the per-bucket values of both periods; null with too few buckets. */
  pValue: number | null;
  /** pValue < 0.05; null when the test could not be made. */
  significant: boolean | null;
  significance: 'significant' | 'not significant' | 'insufficient data';
  /** Buckets behind the test: current period, previous period. */
  buckets: { current: number; previous: number };
}

export interface KpiPace {
  /** What the expected share comes from: how far the previous period had got by the same point, or the time elapsed. */
  basis: 'previous period' | 'elapsed time';
  /** Fraction of the period's length elapsed. */
  elapsed: number;
  /** Fraction of the period's total expected by now. */
  expectedShare: number;
  /** The value so far ÷ expectedShare (transformed like the value): what the period totals at this pace. */
  projected: number | null;
}

export interface KpiForecast {
  /** The KPI's value expected at the end of the period (the actual value once the period is complete). */
  value: number;
  achievement: number | null;
  category: Category | null;
  /** e.g. `on track for 94 % of target (good)`. */
  text: string;
}

export interface KpiRow {
  name: string;
  title: string;
  description?: string;
  /** Period bounds (epoch ms, `to` exclusive); values cover `from` up to the scorecard's `at` or `to`, whichever is earlier. */
  period: { from: number; to: number; complete: boolean };
  value: number | null;
  target: number | null;
  targetLow?: number;
  targetHigh?: number;
  direction: Direction;
  /** Percent of target (uncapped); null without a value. A running sum or count is scored on `pace.projected`. */
  achievement: number | null;
  category: Category | null;
  weight: number;
  /** A running period of a sum or count: how far in it is and what it totals at this pace; null otherwise. */
  pace: KpiPace | null;
  change: KpiChange | null;
  /** Probability in [0, 1] that the category reflects the underlying level rather than bucket-to-bucket noise. */
  confidence: number;
  forecast: KpiForecast | null;
}

export interface Scorecard {
  at: number;
  kpis: KpiRow[];
  /** Weight-averaged capped achievement of the KPIs that have a value; null when none has. */
  overall: { score: number | null; category: Category | null };
}

export interface KpiHistory {
  from: number;
  to: number;
  /** One row per KPI per period, ordered by KPI name then period start. */
  rows: KpiRow[];
}
