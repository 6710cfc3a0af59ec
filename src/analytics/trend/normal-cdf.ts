/**
 * The standard normal CDF Φ(x), for the Mann-Kendall p-value.
 *
 * Reference: G. Marsaglia, "Evaluating the Normal Distribution", Journal of
 * Statistical Software 11(4), 2004 — the Taylor series
 * Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + …), summed until the term no longer
 * changes the sum; absolute error ~1e-15 for |x| ≤ 8. Beyond ±8 Φ is 0 or 1 to
 * double precision (1 − Φ(8) ≈ 6e-16), so those values are returned directly.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < -8) return 0;
  if (x > 8) return 1;
  let sum = x;
  let term = x;
  const q = x * x;
  for (let i = 3; ; i += 2) {
    term *= q / i;
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return 0.5 + sum * Math.exp(-0.5 * q - 0.91893853320467274178);
}

/** Upper tail 1 − Φ(x), computed as Φ(−x) to keep precision for large x. */
export function normalUpperTail(x: number): number {
  return normalCdf(-x);
}
