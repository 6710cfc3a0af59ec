/**
 * Seasonal period detection from the autocorrelation function.
 *
 * References: the ACF-peak approach of M. Vlachos, P. Yu, V. Castelli, "On
 * periodicity detection and structural periodic similarity", SDM 2005 (a period
 * is a hill of the ACF; the periodogram only proposes candidates and is
 * imprecise at long periods), and the harmonic check of R. J. Hyndman's
 * `findfrequency`/Wang, Smith & Hyndman 2006. Peaks are read at integer lags,
 * so a clean 24-point cycle gives exactly 24 (augurs' detector is off by one
 * there, see ARCHITECTURE §11).
 *
 * Steps:
 * 1. remove a least-squares line (a trend makes the ACF decay slowly and hides
 *    the hills);
 * 2. r_k for k ≤ n/2 (at least two full cycles must be seen);
 * 3. candidates are local maxima of r with r_p ≥ `minStrength` that rise at least
 *    `minProminence` above the lowest r between p/2 and p (a hill, not a wiggle
 *    on a slope);
 * 4. shortest first, a candidate that is a multiple (±1 lag) of accepted
 *    periods is a harmonic and is kept only when it stands out from the
 *    neighbouring multiples of each of them (r_p − max(r_{p−q}, r_{p+q}) ≥
 *    `minProminence`, e.g. a weekly cycle on top of a daily one: 168 = 7·24 rises
 *    above 144 and 192, while 336 does not rise above 168 and 504).
 */
import { autocorrelation } from './seasonality.js';
import { linearFit } from './theta.js';

export interface DetectedPeriod {
  period: number;
  /** Autocorrelation of the detrended series at the period (−1…1). */
  strength: number;
}

export interface DetectPeriodsOptions {
  minPeriod?: number;
  /** Longest period considered (default min(n/2, 1000); never above n/2). */
  maxPeriod?: number;
  /** Maximum number of periods returned (default 3). */
  maxPeriods?: number;
  /** Smallest autocorrelation at a period (default 0.2). */
  minStrength?: number;
  /** Smallest rise of a hill above its valley (default 0.1). */
  minProminence?: number;
}

/**
 * Seasonal periods of `y` (finite values), ascending, with their strength.
 *
 * @example detectPeriods(Array.from({ length: 240 }, (_, t) => Math.sin((2 * Math.PI * t) / 24)))
 * // → [{ period: 24, strength: ≈0.9 }]
 */
export function detectPeriods(y: readonly number[], options: DetectPeriodsOptions = {}): DetectedPeriod[] {
  const n = y.length;
  const minPeriod = Math.max(2, options.minPeriod ?? 2);
  const maxPeriod = Math.min(Math.floor(n / 2), options.maxPeriod ?? 1000);
  const minStrength = options.minStrength ?? 0.2;
  const minProminence = options.minProminence ?? 0.1;
  if (n < 8 || maxPeriod < minPeriod) return [];
  const { intercept, slope } = linearFit(y);
  const detrended = y.map((v, i) => v - (intercept + slope * (i + 1)));
  // r[k] holds lag k (r[0] = 1), up to 1.5·maxPeriod so that harmonics can be compared with the next multiple.
  const r = [1, ...autocorrelation(detrended, Math.min(n - 1, Math.floor(1.5 * maxPeriod) + 1))];
  const at = (k: number) => (k < r.length ? r[k] : Number.NEGATIVE_INFINITY);

  const candidates: number[] = [];
  for (let p = minPeriod; p <= maxPeriod; p++) {
    if (!(r[p] > r[p - 1] && r[p] >= at(p + 1) && r[p] >= minStrength)) continue;
    let valley = r[p];
    for (let k = Math.max(1, Math.floor(p / 2)); k < p; k++) valley = Math.min(valley, r[k]);
    if (r[p] - valley >= minProminence) candidates.push(p);
  }

  const accepted: DetectedPeriod[] = [];
  for (const p of candidates) {
    if (accepted.some(({ period: q }) => Math.abs(p - q) <= 1)) continue;
    // A multiple of accepted periods must stand out from its neighbouring multiples of each of them.
    const bases = accepted.filter(({ period: q }) => {
      const m = Math.round(p / q);
      return m >= 2 && Math.abs(p - m * q) <= 1;
    });
    const harmonic = bases.some(({ period: q }) => {
      const m = Math.round(p / q);
      // Without the next multiple to compare with, there is no evidence of a longer cycle.
      return !((m + 1) * q < r.length && r[p] - Math.max(at((m - 1) * q), at((m + 1) * q)) >= minProminence);
    });
    if (!harmonic) accepted.push({ period: p, strength: r[p] });
  }
  const maxPeriods = options.maxPeriods ?? 3;
  return accepted
    .sort((a, b) => b.strength - a.strength)
    .slice(0, maxPeriods)
    .sort((a, b) => a.period - b.period);
}
