/**
 * Changepoint detection: level shifts and slope changes, by PELT.
 *
 * References:
 * - R. Killick, P. Fearnhead, I. A. Eckley, "Optimal detection of changepoints
 *   with a linear computational cost", JASA 107, 2012 — PELT: exact minimisation
 *   of Σ segment cost + β·(#changepoints), pruning candidates s with
 *   F(s) + C(s, t) > F(t) (valid here because both costs satisfy
 *   C(s, t) + C(t, T) ≤ C(s, T)).
 * - Costs are Gaussian −2·log-likelihoods with a common noise σ: for `level`, the
 *   residual sum of squares about the segment mean / σ² (a mean-shift model); for
 *   `slope` and `both`, the residual sum of squares about the segment's own
 *   least-squares line / σ² (piecewise-linear, each segment with its own level
 *   and slope). Both are O(1) per segment from cumulative sums.
 * - σ is estimated robustly from first differences, σ̂ = 1.4826·MAD(Δy)/√2
 *   (P. Fryzlewicz, "Wild binary segmentation", Ann. Statist. 42, 2014), so a
 *   handful of shifts or a trend barely moves it.
 * - Default penalty, BIC-like: β = (p + 2)·ln n with p parameters per segment
 *   (p = 1 for a mean, 2 for a line) — the "MBIC" penalty of R's `changepoint`
 *   package (after N. R. Zhang & D. O. Siegmund, "A modified Bayes information
 *   criterion with applications to the analysis of comparative genomic
 *   hybridization data", Biometrics 63, 2007). Plain BIC, (p + 1)·ln n, flagged a
 *   changepoint in ~12 % of pure-noise series of length 100 in our tests; MBIC in ~2 %.
 * - For `slope` (always) and `both` (when that fit is about as good as the jump
 *   model), a changepoint that is not a pure jump is moved to the best kink of a
 *   continuous two-phase regression y = a + b·x + c·(x − τ)₊ over its two
 *   neighbouring segments (D. V. Hinkley, "Inference in two-phase regression",
 *   JASA 66, 1971): the piecewise-linear cost lets the line jump, which places a
 *   pure kink only roughly.
 *
 * Each changepoint is then described by the segments either side, and classified
 * by two z-tests at the boundary: a jump (the two lines' values at the changepoint)
 * and a slope difference. With `kind: 'slope'` boundaries that are only a jump are
 * not reported as changepoints, but stay as segment edges.
 */
import type { Issue } from '../../core/errors.js';
import { normalQuantile } from '../distributions.js';
import { cleanPairs, createWarning, maxAbs, median, type TrendWarning } from './types.js';
import { checkOpenUnit, checkPositive, checkTimes, throwIfInvalid } from './validate-options.js';

const KINDS: Record<ChangeKind, true> = { level: true, slope: true, both: true };

export type ChangeKind = 'level' | 'slope' | 'both';
export type ChangeType = 'level' | 'slope' | 'level-and-slope';

export interface ChangepointOptions {
  /** What to look for (default 'level'). */
  kind?: ChangeKind;
  /** Fewest points in a segment (default 5 for level, 8 for slope/both; at least 2 / 3). */
  minSegment?: number;
  /** Cost added per changepoint, in units of −2·log-likelihood. Default (p + 2)·ln n (3·ln n level, 4·ln n slope). */
  penalty?: number;
  /** Times of the points (same length as y). Slopes are then per unit of time. */
  times?: readonly number[];
  /** Significance level of the jump / slope-change tests used to classify (default 0.01). */
  alpha?: number;
}

export interface Segment {
  /** First index (into the input) of the segment, inclusive. */
  start: number;
  /** One past the last index. */
  end: number;
  mean: number;
  /** Least-squares slope per unit time (per step without times); 0 for `level`. */
  slope: number;
}

export interface Changepoint {
  /** Index (into the input, counting dropped missing values) of the first point after the change. */
  index: number;
  /** times[index] when times were given. */
  time?: number;
  type: ChangeType;
  meanBefore: number;
  meanAfter: number;
  slopeBefore: number;
  slopeAfter: number;
  /** The after-segment's fitted value minus the before-segment's line extended to the changepoint. */
  jump: number;
}

export interface ChangepointResult {
  changepoints: Changepoint[];
  segments: Segment[];
  /** The robust noise estimate σ̂ and the penalty actually used. */
  sigma: number;
  penalty: number;
  warnings: TrendWarning[];
}

interface Sums {
  x: Float64Array;
  y: Float64Array;
  xx: Float64Array;
  xy: Float64Array;
  yy: Float64Array;
}

function cumulativeSums(x: readonly number[], y: readonly number[]): Sums {
  const m = y.length + 1;
  const s: Sums = { x: new Float64Array(m), y: new Float64Array(m), xx: new Float64Array(m), xy: new Float64Array(m), yy: new Float64Array(m) };
  for (let i = 0; i < y.length; i++) {
    s.x[i + 1] = s.x[i] + x[i];
    s.y[i + 1] = s.y[i] + y[i];
    s.xx[i + 1] = s.xx[i] + x[i] * x[i];
    s.xy[i + 1] = s.xy[i] + x[i] * y[i];
    s.yy[i + 1] = s.yy[i] + y[i] * y[i];
  }
  return s;
}

/** Least-squares fit on [a, b): mean of x and y, slope, centred Sxx, residual sum of squares. */
function fitSegment(s: Sums, a: number, b: number, linear: boolean) {
  const n = b - a;
  const sx = s.x[b] - s.x[a];
  const sy = s.y[b] - s.y[a];
  const mx = sx / n;
  const my = sy / n;
  const syy = s.yy[b] - s.yy[a] - sy * my;
  const sxx = s.xx[b] - s.xx[a] - sx * mx;
  const sxy = s.xy[b] - s.xy[a] - sx * my;
  if (!linear || sxx <= 0) return { n, mx, my, slope: 0, sxx, rss: Math.max(0, syy) };
  const slope = sxy / sxx;
  return { n, mx, my, slope, sxx, rss: Math.max(0, syy - slope * sxy) };
}

/** Segment cost (RSS) without allocation, for the PELT inner loop. */
function segmentRss(s: Sums, a: number, b: number, linear: boolean): number {
  const n = b - a;
  const sy = s.y[b] - s.y[a];
  const syy = s.yy[b] - s.yy[a] - (sy * sy) / n;
  if (!linear) return syy > 0 ? syy : 0;
  const sx = s.x[b] - s.x[a];
  const sxx = s.xx[b] - s.xx[a] - (sx * sx) / n;
  if (!(sxx > 0)) return syy > 0 ? syy : 0;
  const sxy = s.xy[b] - s.xy[a] - (sx * sy) / n;
  const rss = syy - (sxy * sxy) / sxx;
  return rss > 0 ? rss : 0;
}

/**
 * PELT (Killick et al. 2012) with a minimum segment length; returns the segment
 * starts after 0. Linear time when changepoints are spread through the series;
 * without any, pruning is weak and the cost approaches O(n²) (measured ≈ 1 s for
 * 10,000 points of pure noise, ≈ 0.2 s for 5,000), so the loop avoids allocation.
 */
function pelt(n: number, s: Sums, linear: boolean, scale: number, beta: number, minSeg: number): number[] {
  const f = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const last = new Int32Array(n + 1);
  f[0] = -beta;
  let cand = new Int32Array(n + 1);
  let next = new Int32Array(n + 1);
  const vals = new Float64Array(n + 1);
  let count = 1;
  cand[0] = 0;
  for (let t = minSeg; t <= n; t++) {
    const admitted = t - minSeg;
    if (admitted >= minSeg && Number.isFinite(f[admitted])) cand[count++] = admitted;
    let best = Number.POSITIVE_INFINITY;
    let arg = 0;
    for (let k = 0; k < count; k++) {
      const v = f[cand[k]] + segmentRss(s, cand[k], t, linear) * scale;
      vals[k] = v;
      if (v < best) {
        best = v;
        arg = cand[k];
      }
    }
    f[t] = best + beta;
    last[t] = arg;
    // Prune s when F(s) + C(s, t) > F(t): it can never be the last changepoint again.
    let kept = 0;
    for (let k = 0; k < count; k++) if (vals[k] <= f[t]) next[kept++] = cand[k];
    [cand, next] = [next, cand];
    count = kept;
  }
  const cps: number[] = [];
  for (let t = n; t > 0; t = last[t]) if (last[t] > 0) cps.push(last[t]);
  return cps.reverse();
}

/** Solves the symmetric 3×3 system A·b = r by Cramer's rule; null when singular. */
function solve3(a: number[][], r: number[]): number[] | null {
  const det = (m: number[][]) =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const d = det(a);
  if (!(Math.abs(d) > 1e-12)) return null;
  return [0, 1, 2].map((c) => det(a.map((row, i) => row.map((v, j) => (j === c ? r[i] : v)))) / d);
}

/**
 * Best kink position in [a, b) for the continuous two-phase regression
 * y = β0 + β1·x + β2·(x − x_k)₊ (Hinkley 1971), each side keeping ≥ minSeg points.
 * O(1) per candidate from the cumulative sums; returns `fallback` if none fits.
 */
function bestKink(s: Sums, xs: readonly number[], a: number, b: number, minSeg: number, fallback: number): { index: number; rss: number } {
  const nW = b - a;
  const sx = s.x[b] - s.x[a];
  const sy = s.y[b] - s.y[a];
  const sxx = s.xx[b] - s.xx[a];
  const sxy = s.xy[b] - s.xy[a];
  const syy = s.yy[b] - s.yy[a];
  let best = fallback;
  let bestRss = Number.POSITIVE_INFINITY;
  for (let k = a + minSeg; k <= b - minSeg; k++) {
    const tau = xs[k];
    const nS = b - k;
    const qx = s.x[b] - s.x[k];
    const qy = s.y[b] - s.y[k];
    const qxx = s.xx[b] - s.xx[k];
    const qxy = s.xy[b] - s.xy[k];
    const sh = qx - tau * nS;
    const shh = qxx - 2 * tau * qx + tau * tau * nS;
    const sxh = qxx - tau * qx;
    const shy = qxy - tau * qy;
    const rhs = [sy, sxy, shy];
    const coef = solve3([[nW, sx, sh], [sx, sxx, sxh], [sh, sxh, shh]], rhs);
    if (!coef) continue;
    const rss = syy - (coef[0] * rhs[0] + coef[1] * rhs[1] + coef[2] * rhs[2]);
    if (rss < bestRss) {
      bestRss = rss;
      best = k;
    }
  }
  return { index: best, rss: bestRss };
}

/**
 * Finds level shifts and/or slope changes in a series.
 *
 * @example
 * const { changepoints } = detectChangepoints(y, { kind: 'level' });
 * changepoints[0] // { index: 120, type: 'level', meanBefore: 10.1, meanAfter: 14.9, … }
 */
export function detectChangepoints(y: readonly number[], opts: ChangepointOptions = {}): ChangepointResult {
  const issues: Issue[] = [];
  if (opts.kind !== undefined && !Object.hasOwn(KINDS, opts.kind)) {
    issues.push({ path: 'kind', message: `expected 'level', 'slope' or 'both', received ${JSON.stringify(opts.kind)}` });
  }
  checkPositive(issues, 'minSegment', opts.minSegment);
  checkPositive(issues, 'penalty', opts.penalty, true);
  checkOpenUnit(issues, 'alpha', opts.alpha);
  checkTimes(issues, 'times', opts.times, y.length);
  throwIfInvalid('changepoint options', issues);
  const kind: ChangeKind = opts.kind ?? 'level';
  const linear = kind !== 'level';
  const clean = cleanPairs(y, opts.times);
  const warnings = clean.warnings;
  const n = clean.y.length;
  const minSeg = Math.max(linear ? 3 : 2, Math.floor(opts.minSegment ?? (linear ? 8 : 5)));
  const beta = opts.penalty ?? (linear ? 4 : 3) * Math.log(Math.max(n, 2));
  const zCrit = normalQuantile(1 - (opts.alpha ?? 0.01) / 2);

  // Regress on a shifted, step-scaled time so the cumulative sums stay well conditioned
  // (epoch milliseconds squared would lose every digit); slopes are converted back below.
  const steps: number[] = [];
  for (let i = 1; i < n; i++) steps.push(clean.x[i] - clean.x[i - 1]);
  const step = steps.length > 0 && median(steps) > 0 ? median(steps) : 1;
  const x0 = n > 0 ? clean.x[0] : 0;
  const xs = clean.x.map((v) => (v - x0) / step);
  const y0 = n > 0 ? median(clean.y) : 0;
  const ys = clean.y.map((v) => v - y0);

  const empty = (sigma: number): ChangepointResult => {
    const segs: Segment[] = [];
    if (n > 0) {
      const sums = cumulativeSums(xs, ys);
      const fit = fitSegment(sums, 0, n, linear);
      segs.push({ start: clean.index[0], end: clean.index[n - 1] + 1, mean: fit.my + y0, slope: fit.slope / step });
    }
    return { changepoints: [], segments: segs, sigma, penalty: beta, warnings };
  };
  if (n < 2 * minSeg) {
    warnings.push(createWarning('too-few-points', `need at least ${2 * minSeg} points (two segments of minSegment = ${minSeg}); got ${n}`));
    return empty(Number.NaN);
  }

  const diffs = steps.map((_, i) => clean.y[i + 1] - clean.y[i]);
  const md = median(diffs);
  let sigma = (1.4826 * median(diffs.map((d) => Math.abs(d - md)))) / Math.SQRT2;
  if (!(sigma > 0)) {
    // More than half the differences are equal (e.g. a noiseless step): fall back to their SD.
    const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    sigma = Math.sqrt(diffs.reduce((a, d) => a + (d - mean) ** 2, 0) / Math.max(1, diffs.length - 1)) / Math.SQRT2;
  }
  if (!(sigma > 1e-12 * Math.max(1, maxAbs(clean.y)))) {
    warnings.push(createWarning('constant-series', 'the first differences are all equal (a constant series or an exact line): there is no noise to measure a change against'));
    return empty(0);
  }

  const sums = cumulativeSums(xs, ys);
  let starts = pelt(n, sums, linear, 1 / (sigma * sigma), beta, minSeg);

  const describe = (bounds: number[]) => {
    const edges = [0, ...bounds, n];
    const fits = edges.slice(0, -1).map((a, k) => ({ a, b: edges[k + 1], ...fitSegment(sums, a, edges[k + 1], linear) }));
    const cps = bounds.map((index, k) => {
      const before = fits[k];
      const after = fits[k + 1];
      const tau = xs[index];
      const fitBefore = before.my + before.slope * (tau - before.mx);
      const fitAfter = after.my + after.slope * (tau - after.mx);
      const jump = fitAfter - fitBefore;
      const varB = linear && before.sxx > 0 ? 1 / before.n + (tau - before.mx) ** 2 / before.sxx : 1 / before.n;
      const varA = linear && after.sxx > 0 ? 1 / after.n + (tau - after.mx) ** 2 / after.sxx : 1 / after.n;
      const zJump = Math.abs(jump) / (sigma * Math.sqrt(varA + varB));
      const zSlope = linear && before.sxx > 0 && after.sxx > 0 ? Math.abs(after.slope - before.slope) / (sigma * Math.sqrt(1 / before.sxx + 1 / after.sxx)) : 0;
      let type: ChangeType;
      if (!linear) type = 'level';
      else if (zJump > zCrit && zSlope > zCrit) type = 'level-and-slope';
      else if (zJump > zCrit) type = 'level';
      else if (zSlope > zCrit) type = 'slope';
      else type = zSlope > zJump ? 'slope' : 'level'; // found by PELT but neither test alone is decisive
      const cp: Changepoint = {
        index: clean.index[index],
        type,
        meanBefore: before.my + y0,
        meanAfter: after.my + y0,
        slopeBefore: before.slope / step,
        slopeAfter: after.slope / step,
        jump,
      };
      if (opts.times) cp.time = clean.x[index];
      return cp;
    });
    const segments: Segment[] = fits.map((f) => ({ start: clean.index[f.a], end: clean.index[f.b - 1] + 1, mean: f.my + y0, slope: f.slope / step }));
    return { cps, segments };
  };

  let described = describe(starts);
  if (linear) {
    // A kink without a jump is placed only roughly by the jump-allowing segment cost,
    // so move a changepoint to the best kink of the continuous two-phase fit
    // (Hinkley 1971) over its two neighbouring segments: always for 'slope' (the
    // caller says changes are kinks; pure jumps were classified first and stay put),
    // and for 'both' where that fit is not worse than the jump model by more than
    // ln n (BIC for the one parameter it saves).
    const moved = starts.map((cp, k) => {
      if (described.cps[k].type === 'level') return cp;
      const a = k === 0 ? 0 : starts[k - 1];
      const b = k + 1 < starts.length ? starts[k + 1] : n;
      const kink = bestKink(sums, xs, a, b, minSeg, cp);
      const jumpRss = segmentRss(sums, a, cp, true) + segmentRss(sums, cp, b, true);
      return kind === 'slope' || (kink.rss - jumpRss) / (sigma * sigma) < Math.log(n) ? kink.index : cp;
    });
    if (moved.some((v, k) => v !== starts[k])) {
      starts = moved;
      described = describe(starts);
    }
  }
  // For 'slope', boundaries that are only level shifts stay as segment edges (so the
  // slopes either side are not bent by the jump) but are not reported.
  const changepoints = kind === 'slope' ? described.cps.filter((c) => c.type !== 'level') : described.cps;
  return { changepoints, segments: described.segments, sigma, penalty: beta, warnings };
}
