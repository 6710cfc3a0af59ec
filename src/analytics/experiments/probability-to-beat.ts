import { betaPdf, incompleteBeta, logBeta, normalCdf } from '../distributions.js';

/** A Beta(alpha, beta) posterior. */
export interface BetaPosterior {
  readonly alpha: number;
  readonly beta: number;
}

/** The Beta(1 + conversions, 1 + n − conversions) posterior of a conversion rate under a uniform prior. */
export function conversionPosterior(n: number, conversions: number): BetaPosterior {
  return { alpha: 1 + conversions, beta: 1 + n - conversions };
}

/** Above this many terms the closed-form sum gives way to numerical integration. */
const MAX_SUM_TERMS = 100_000;

/**
 * P(B > A) for independent A ~ Beta(αA, βA), B ~ Beta(αB, βB) with integer αB, by the exact sum
 *
 *   P(B > A) = Σ_{i=0}^{αB−1} B(αA + i, βA + βB) / ((βB + i) · B(1 + i, βB) · B(αA, βA))
 *
 * (Evan Miller, "Formulas for Bayesian A/B Testing", 2015; J. D. Cook, "Exact calculation of
 * beta inequalities", 2005). Terms are summed in log space so large counts do not overflow.
 */
export function probabilityBetaExceedsBySum(a: BetaPosterior, b: BetaPosterior): number {
  const base = logBeta(a.alpha, a.beta);
  let total = 0;
  for (let i = 0; i < b.alpha; i++) {
    total += Math.exp(logBeta(a.alpha + i, a.beta + b.beta) - Math.log(b.beta + i) - logBeta(1 + i, b.beta) - base);
  }
  return Math.min(1, Math.max(0, total));
}

/**
 * P(B > A) = ∫ f_B(x) · I_x(αA, βA) dx by composite Simpson's rule over B's mean ± 12 standard
 * deviations (clipped to [0, 1]) with 4,000 panels: deterministic, for counts too large for the sum.
 */
export function probabilityBetaExceedsByIntegration(a: BetaPosterior, b: BetaPosterior): number {
  const mean = b.alpha / (b.alpha + b.beta);
  const sd = Math.sqrt((b.alpha * b.beta) / ((b.alpha + b.beta) ** 2 * (b.alpha + b.beta + 1)));
  const lo = Math.max(0, mean - 12 * sd);
  const hi = Math.min(1, mean + 12 * sd);
  const panels = 4000;
  const h = (hi - lo) / panels;
  const f = (x: number) => betaPdf(x, b.alpha, b.beta) * incompleteBeta(x, a.alpha, a.beta);
  let sum = f(lo) + f(hi);
  for (let i = 1; i < panels; i++) sum += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
  return Math.min(1, Math.max(0, (sum * h) / 3));
}

/**
 * Posterior probability that variant B's conversion rate exceeds A's. Uses the exact sum over
 * the smaller of the two α parameters (P(B > A) = 1 − P(A > B): ties have probability 0), and
 * numerical integration when both counts are very large.
 */
export function probabilityToBeatConversion(a: BetaPosterior, b: BetaPosterior): number {
  if (b.alpha <= a.alpha && b.alpha <= MAX_SUM_TERMS) return probabilityBetaExceedsBySum(a, b);
  if (a.alpha <= MAX_SUM_TERMS) return 1 - probabilityBetaExceedsBySum(b, a);
  return probabilityBetaExceedsByIntegration(a, b);
}

/**
 * Posterior probability that B's mean exceeds A's for a continuous metric: with flat priors and
 * large samples the posterior of each mean is normal around the sample mean with the squared
 * standard error as variance (Gelman et al., Bayesian Data Analysis, 3rd ed., §3.2 and §4.1), so
 * P(μB > μA) = Φ((x̄B − x̄A) / √(seA² + seB²)).
 */
export function probabilityToBeatMean(meanA: number, seA: number, meanB: number, seB: number): number {
  const s = Math.sqrt(seA * seA + seB * seB);
  if (s === 0) return meanB > meanA ? 1 : meanB < meanA ? 0 : 0.5;
  return normalCdf((meanB - meanA) / s);
}
