import { studentTCdf } from '../../analytics/distributions.js';
import { DEFAULT_MAX_ACHIEVEMENT, DEFAULT_THRESHOLDS, type Category, type Direction, type Thresholds } from './types.js';

/**
 * Pure scoring of KPI values: achievement (percent of target), category,
 * overall score and the confidence of a category. No I/O, no clock.
 * Every formula here is written out in docs/kpis.md.
 */

/** What scoring needs to know about a KPI. */
export interface ScoringSpec {
  direction: Direction;
  target?: number;
  targetLow?: number;
  targetHigh?: number;
  thresholds: Thresholds;
  maxAchievement: number;
}

/** The KPI's thresholds with defaults filled in. */
export function resolveThresholds(t: Partial<Thresholds> | undefined): Thresholds {
  return { ...DEFAULT_THRESHOLDS, ...(t ?? {}) };
}

export function scoringSpec(def: { direction: Direction; target?: number; targetLow?: number; targetHigh?: number; thresholds?: Partial<Thresholds>; maxAchievement?: number }): ScoringSpec {
  return {
    direction: def.direction,
    target: def.target,
    targetLow: def.targetLow,
    targetHigh: def.targetHigh,
    thresholds: resolveThresholds(def.thresholds),
    maxAchievement: def.maxAchievement ?? DEFAULT_MAX_ACHIEVEMENT,
  };
}

/**
 * Achievement in percent of target, uncapped, never negative.
 * - higher: 100 · value / target (a negative value scores 0);
 * - lower: 100 · target / value; a value ≤ 0 (nothing of a thing you want less
 *   of) is as good as it gets and scores the KPI's cap, `maxAchievement`;
 * - band: 100 inside [targetLow, targetHigh]; outside, 100 · (1 − d / w) where d
 *   is the distance to the nearer bound and w = targetHigh − targetLow, floored
 *   at 0 — one band-width outside scores 0.
 */
export function achievement(spec: ScoringSpec, value: number): number {
  switch (spec.direction) {
    case 'higher':
      return Math.max(0, (100 * value) / spec.target!);
    case 'lower':
      return value <= 0 ? spec.maxAchievement : (100 * spec.target!) / value;
    case 'band': {
      const lo = spec.targetLow!;
      const hi = spec.targetHigh!;
      if (value >= lo && value <= hi) return 100;
      const d = value < lo ? lo - value : value - hi;
      return Math.max(0, 100 * (1 - d / (hi - lo)));
    }
  }
}

/** The category of an achievement: the best whose threshold it reaches. */
export function categorize(achievementPct: number, t: Thresholds): Category {
  if (achievementPct >= t.excellent) return 'excellent';
  if (achievementPct >= t.good) return 'good';
  if (achievementPct >= t.average) return 'average';
  return 'poor';
}

/** Achievement capped at the KPI's maximum, as it enters the overall score. */
export function capped(spec: ScoringSpec, achievementPct: number): number {
  return Math.min(achievementPct, spec.maxAchievement);
}

/**
 * The overall score: Σ wᵢ · min(aᵢ, capᵢ) / Σ wᵢ over the KPIs that have an
 * achievement and a positive weight, categorised with the default thresholds.
 */
export function overallScore(rows: { achievement: number | null; weight: number; maxAchievement: number }[]): { score: number | null; category: Category | null } {
  let num = 0;
  let den = 0;
  for (const r of rows) {
    if (r.achievement === null || !(r.weight > 0)) continue;
    num += r.weight * Math.min(r.achievement, r.maxAchievement);
    den += r.weight;
  }
  if (den === 0) return { score: null, category: null };
  const score = num / den;
  return { score, category: categorize(score, DEFAULT_THRESHOLDS) };
}

/** Values where the category may change: where the achievement equals a threshold. */
function boundaries(spec: ScoringSpec): number[] {
  const ts = [spec.thresholds.excellent, spec.thresholds.good, spec.thresholds.average].filter((t) => t > 0);
  switch (spec.direction) {
    case 'higher': return ts.map((t) => (spec.target! * t) / 100);
    case 'lower': return ts.map((t) => (spec.target! * 100) / t);
    case 'band': {
      const w = spec.targetHigh! - spec.targetLow!;
      return ts.filter((t) => t <= 100).flatMap((t) => [spec.targetLow! - w * (1 - t / 100), spec.targetHigh! + w * (1 - t / 100)]);
    }
  }
}

/** The interval of values around `value` with the same category (bounds may be ±∞). */
export function categoryInterval(spec: ScoringSpec, value: number): { low: number; high: number } {
  const cat = categorize(achievement(spec, value), spec.thresholds);
  const eps = (c: number) => Math.max(Math.abs(c), 1) * 1e-9;
  const points = [...new Set(boundaries(spec))].sort((a, b) => a - b);
  let low = -Infinity;
  let high = Infinity;
  // Walk outwards to the nearest boundary where the category really changes
  // (in a band, the inside and a thin rim outside can share one category).
  for (const c of points.filter((c) => c <= value).reverse()) {
    if (categorize(achievement(spec, c - eps(c)), spec.thresholds) !== cat) { low = c; break; }
  }
  for (const c of points.filter((c) => c > value)) {
    if (categorize(achievement(spec, c + eps(c)), spec.thresholds) !== cat) { high = c; break; }
  }
  return { low, high };
}

/** Mean and sample standard deviation of finite values. */
export function summarize(xs: readonly number[]): { n: number; mean: number; sd: number } {
  const v = xs.filter(Number.isFinite);
  const n = v.length;
  const mean = n ? v.reduce((a, b) => a + b, 0) / n : Number.NaN;
  const sd = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : Number.NaN;
  return { n, mean, sd };
}

/**
 * How sure the category is, from the per-bucket values of the period.
 *
 * The buckets are n samples of the KPI's level with mean x̄ and standard
 * deviation s. The standard error of the period value V is the relative standard
 * error of the bucket mean carried over to V:
 *
 *   se = |V| · (s / √n) / |x̄|    (se = s / √n when x̄ = 0)
 *
 * which is √n · s for a sum over the buckets and s / √n for a mean-like value.
 * With [L, H] the values that keep V's category, the confidence is the
 * probability that the true value lies there under a Student t with n − 1
 * degrees of freedom centred on V:
 *
 *   confidence = T_{n−1}((H − V) / se) − T_{n−1}((L − V) / se)
 *
 * Fewer buckets (wider t, larger se) or noisier buckets (larger s) lower it; a
 * value far from any category boundary raises it. With fewer than 2 buckets
 * there is no variance to judge by, and the confidence is 0.
 */
export function categoryConfidence(spec: ScoringSpec, value: number, buckets: readonly number[]): number {
  const { n, mean, sd } = summarize(buckets);
  if (n < 2) return 0;
  const { low, high } = categoryInterval(spec, value);
  const se = mean !== 0 ? (Math.abs(value) * (sd / Math.sqrt(n))) / Math.abs(mean) : sd / Math.sqrt(n);
  if (se === 0) return 1;
  const df = n - 1;
  const cdf = (x: number) => (x === Infinity ? 1 : x === -Infinity ? 0 : studentTCdf(x, df));
  return Math.min(1, Math.max(0, cdf((high - value) / se) - cdf((low - value) / se)));
}

/** A percent for people: whole numbers, unless rounding would cross a category threshold (99.7 % must not read 100 %). */
function pct(a: number, t: Thresholds): string {
  const whole = Math.round(a);
  if (categorize(whole, t) === categorize(a, t)) return `${whole} %`;
  return `${(Math.floor(a * 10) / 10).toFixed(1)} %`;
}

/** A sentence about where the period is heading (or ended). */
export function forecastText(spec: ScoringSpec, value: number, achievementPct: number, category: Category, state: 'running' | 'ended' | 'rolling'): string {
  const lead = { running: 'on track for', ended: 'ended at', rolling: 'at' }[state];
  if (spec.direction === 'band') {
    if (value >= spec.targetLow! && value <= spec.targetHigh!) return `${{ running: 'on track to end', ended: 'ended', rolling: 'is' }[state]} inside the band (${category})`;
    return `${lead} ${pct(achievementPct, spec.thresholds)} (${value < spec.targetLow! ? 'below' : 'above'} the band, ${category})`;
  }
  return `${lead} ${pct(achievementPct, spec.thresholds)} of target (${category})`;
}
