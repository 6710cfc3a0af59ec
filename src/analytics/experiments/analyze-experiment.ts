import { mean as sampleMean, sampleVariance } from 'simple-statistics';
import type { Issue } from '../../core/errors.js';
import { normalQuantile, normalSurvival, studentTQuantile, studentTTwoSided } from '../distributions.js';
import { conversionPosterior, probabilityToBeatConversion, probabilityToBeatMean } from './probability-to-beat.js';
import { checkSampleRatio } from './sample-ratio.js';
import type {
  ContinuousVariant,
  ConversionVariant,
  ExperimentOptions,
  ExperimentResult,
  Interval,
  SummaryVariant,
  RelativeIntervalMethod,
  VariantResult,
} from './types.js';
import { checkProbability, throwIfIssues } from './validate.js';

interface Resolved {
  controlIndex: number;
  confidence: number;
}

function checkOptions(issues: Issue[], names: readonly string[], options: ExperimentOptions): Resolved {
  if (names.length < 2) issues.push({ path: 'variants', message: `expected at least 2 variants, received ${names.length}` });
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (seen.has(name)) issues.push({ path: `variants[${i}].name`, message: `duplicate variant name '${name}'` });
    seen.add(name);
  });
  const controlIndex = options.control === undefined ? 0 : names.indexOf(options.control);
  if (controlIndex < 0) {
    issues.push({ path: 'control', message: `control '${options.control}' is not one of the variants (${names.join(', ')})` });
  }
  checkProbability(issues, 'confidence', options.confidence);
  checkProbability(issues, 'srmThreshold', options.srmThreshold);
  if (options.relativeInterval !== undefined && options.relativeInterval !== 'delta' && options.relativeInterval !== 'fieller') {
    issues.push({ path: 'relativeInterval', message: `expected 'delta' or 'fieller', received ${String(options.relativeInterval)}` });
  }
  if (options.expectedSplit !== undefined) {
    if (options.expectedSplit.length !== names.length) {
      issues.push({ path: 'expectedSplit', message: `expected ${names.length} weights (one per variant), received ${options.expectedSplit.length}` });
    }
    options.expectedSplit.forEach((w, i) => {
      if (!(Number.isFinite(w) && w > 0)) issues.push({ path: `expectedSplit[${i}]`, message: `expected a positive weight, received ${String(w)}` });
    });
  }
  return { controlIndex, confidence: options.confidence ?? 0.95 };
}

const isCount = (x: number, min: number) => Number.isInteger(x) && x >= min;

/**
 * Relative lift r = b/a − 1 and its interval, for independent estimates a (control) and b.
 *
 * - `delta`: Var(b/a) ≈ se_b²/a² + b²·se_a²/a⁴ (first-order Taylor expansion; Casella & Berger,
 *   Statistical Inference, 2nd ed., §5.5.4). Symmetric around r.
 * - `fieller`: the θ with (b − θa)² ≤ c²(se_b² + θ²se_a²) (Fieller, J. R. Stat. Soc. Suppl. 7, 1940),
 *   i.e. the roots of θ²(a² − c²se_a²) − 2abθ + (b² − c²se_b²) = 0. Asymmetric and better when the
 *   control estimate is noisy; unbounded (null) when a is not significantly different from 0.
 */
function relativeLift(
  a: number, seA: number, b: number, seB: number, critical: number, method: RelativeIntervalMethod,
): { lift: number | null; interval: Interval | null } {
  if (a === 0) return { lift: null, interval: null };
  const lift = b / a - 1;
  if (method === 'delta') {
    const se = Math.sqrt((seB * seB) / (a * a) + (b * b * seA * seA) / a ** 4);
    return { lift, interval: { lower: lift - critical * se, upper: lift + critical * se } };
  }
  const c2 = critical * critical;
  const qa = a * a - c2 * seA * seA;
  const qb = -2 * a * b;
  const qc = b * b - c2 * seB * seB;
  const disc = qb * qb - 4 * qa * qc;
  if (qa <= 0 || disc < 0) return { lift, interval: null };
  const root = Math.sqrt(disc);
  const t1 = (-qb - root) / (2 * qa);
  const t2 = (-qb + root) / (2 * qa);
  return { lift, interval: { lower: Math.min(t1, t2) - 1, upper: Math.max(t1, t2) - 1 } };
}

function controlRow(name: string, n: number, value: number, standardError: number): VariantResult {
  return {
    name, isControl: true, n, value, standardError,
    absoluteLift: null, absoluteLiftInterval: null, relativeLift: null, relativeLiftInterval: null,
    pValue: null, statistic: null, degreesOfFreedom: null, probabilityToBeatControl: null,
  };
}

/**
 * Analyse an A/B(/n) test on a conversion metric: each variant against the control.
 *
 * - Absolute lift p_B − p_A with the unpooled Wald interval (Agresti & Caffo 2000 discuss its coverage).
 * - p-value from the pooled two-proportion z-test, z = (p_B − p_A) / √(p̂(1 − p̂)(1/n_A + 1/n_B)),
 *   p̂ the pooled rate (Fleiss, Levin & Paik, Statistical Methods for Rates and Proportions, 3rd ed., §2.4);
 *   equivalent to Pearson's χ² test on the 2×2 table without continuity correction.
 * - Relative lift with a delta-method (default) or Fieller interval; Bayesian probability to beat control with Beta(1 + c, 1 + n − c) posteriors.
 * - Sample-ratio-mismatch check over all variants.
 *
 * Variants are compared one at a time with the control; no multiple-comparison correction is applied.
 *
 * @example analyzeConversionExperiment([{ name: 'control', n: 1000, conversions: 100 }, { name: 'b', n: 1000, conversions: 120 }])
 */
export function analyzeConversionExperiment(variants: readonly ConversionVariant[], options: ExperimentOptions = {}): ExperimentResult {
  const issues: Issue[] = [];
  const { controlIndex, confidence } = checkOptions(issues, variants.map((v) => v.name), options);
  variants.forEach((v, i) => {
    if (!isCount(v.n, 1)) issues.push({ path: `variants[${i}].n`, message: `expected a positive integer, received ${String(v.n)}` });
    if (!isCount(v.conversions, 0) || v.conversions > v.n) {
      issues.push({ path: `variants[${i}].conversions`, message: `expected an integer between 0 and n (${String(v.n)}), received ${String(v.conversions)}` });
    }
  });
  throwIfIssues('conversion experiment', issues);

  const z = normalQuantile(1 - (1 - confidence) / 2);
  const control = variants[controlIndex];
  const pA = control.conversions / control.n;
  const seA = Math.sqrt((pA * (1 - pA)) / control.n);
  const postA = conversionPosterior(control.n, control.conversions);

  const rows = variants.map((v, i): VariantResult => {
    const p = v.conversions / v.n;
    const se = Math.sqrt((p * (1 - p)) / v.n);
    if (i === controlIndex) return controlRow(v.name, v.n, p, se);
    const diff = p - pA;
    const seDiff = Math.sqrt(seA * seA + se * se);
    const pooled = (control.conversions + v.conversions) / (control.n + v.n);
    const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / control.n + 1 / v.n));
    // Both groups at 0 % or at 100 %: no evidence of a difference.
    const statistic = sePooled === 0 ? 0 : diff / sePooled;
    const rel = relativeLift(pA, seA, p, se, z, options.relativeInterval ?? 'delta');
    return {
      name: v.name, isControl: false, n: v.n, value: p, standardError: se,
      absoluteLift: diff,
      absoluteLiftInterval: { lower: diff - z * seDiff, upper: diff + z * seDiff },
      relativeLift: rel.lift,
      relativeLiftInterval: rel.interval,
      pValue: Math.min(1, 2 * normalSurvival(Math.abs(statistic))),
      statistic,
      degreesOfFreedom: null,
      probabilityToBeatControl: probabilityToBeatConversion(postA, conversionPosterior(v.n, v.conversions)),
    };
  });
  return {
    metric: 'conversion',
    control: control.name,
    confidence,
    variants: rows,
    sampleRatio: checkSampleRatio(variants.map((v) => v.n), options.expectedSplit, options.srmThreshold),
  };
}

/** Summary statistics of a continuous variant (raw values: mean and n − 1 sample variance). */
export function summarizeVariant(v: ContinuousVariant): SummaryVariant {
  if ('values' in v) {
    return { name: v.name, n: v.values.length, mean: sampleMean([...v.values]), variance: sampleVariance([...v.values]) };
  }
  return v;
}

/**
 * Analyse an A/B(/n) test on a continuous metric (revenue per user, latency, …).
 *
 * - Welch's t-test, t = (x̄_B − x̄_A) / √(s_A²/n_A + s_B²/n_B), with Welch–Satterthwaite degrees of freedom
 *   ν = (s_A²/n_A + s_B²/n_B)² / ((s_A²/n_A)²/(n_A − 1) + (s_B²/n_B)²/(n_B − 1))
 *   (Welch, Biometrika 34, 1947; Satterthwaite, Biometrics Bulletin 2, 1946).
 * - Absolute-lift interval with the t critical value at ν; relative-lift interval (delta method or
 *   Fieller) with the same critical value.
 * - Probability to beat control from normal posteriors of the means (flat prior).
 */
export function analyzeContinuousExperiment(variants: readonly ContinuousVariant[], options: ExperimentOptions = {}): ExperimentResult {
  const issues: Issue[] = [];
  const { controlIndex, confidence } = checkOptions(issues, variants.map((v) => v.name), options);
  variants.forEach((v, i) => {
    if ('values' in v) {
      if (v.values.length < 2) issues.push({ path: `variants[${i}].values`, message: `expected at least 2 values, received ${v.values.length}` });
      const bad = v.values.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) issues.push({ path: `variants[${i}].values[${bad}]`, message: `expected a finite number, received ${String(v.values[bad])}` });
    } else {
      if (!isCount(v.n, 2)) issues.push({ path: `variants[${i}].n`, message: `expected an integer ≥ 2, received ${String(v.n)}` });
      if (!Number.isFinite(v.mean)) issues.push({ path: `variants[${i}].mean`, message: `expected a finite number, received ${String(v.mean)}` });
      if (!(Number.isFinite(v.variance) && v.variance >= 0)) {
        issues.push({ path: `variants[${i}].variance`, message: `expected a non-negative number, received ${String(v.variance)}` });
      }
    }
  });
  throwIfIssues('continuous experiment', issues);

  const stats = variants.map(summarizeVariant);
  const control = stats[controlIndex];
  const vA = control.variance / control.n;
  const seA = Math.sqrt(vA);

  const rows = stats.map((v, i): VariantResult => {
    const vB = v.variance / v.n;
    const se = Math.sqrt(vB);
    if (i === controlIndex) return controlRow(v.name, v.n, v.mean, se);
    const diff = v.mean - control.mean;
    const seDiff = Math.sqrt(vA + vB);
    // Both variances 0: the t statistic and ν are undefined; fall back to the normal (ν = ∞).
    const df = seDiff === 0 ? Infinity : (vA + vB) ** 2 / (vA ** 2 / (control.n - 1) + vB ** 2 / (v.n - 1));
    const statistic = seDiff === 0 ? (diff === 0 ? 0 : Math.sign(diff) * Infinity) : diff / seDiff;
    const critical = studentTQuantile(1 - (1 - confidence) / 2, df);
    const rel = relativeLift(control.mean, seA, v.mean, se, critical, options.relativeInterval ?? 'delta');
    return {
      name: v.name, isControl: false, n: v.n, value: v.mean, standardError: se,
      absoluteLift: diff,
      absoluteLiftInterval: { lower: diff - critical * seDiff, upper: diff + critical * seDiff },
      relativeLift: rel.lift,
      relativeLiftInterval: rel.interval,
      pValue: studentTTwoSided(statistic, df),
      statistic,
      degreesOfFreedom: df,
      probabilityToBeatControl: probabilityToBeatMean(control.mean, seA, v.mean, se),
    };
  });
  return {
    metric: 'continuous',
    control: control.name,
    confidence,
    variants: rows,
    sampleRatio: checkSampleRatio(stats.map((v) => v.n), options.expectedSplit, options.srmThreshold),
  };
}
