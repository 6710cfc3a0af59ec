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
 *   (P. Fryzlewicz, "Wild binary segmentation", Ann. Statist. 42, 2014, §3), so a
 *   handful of shifts or a trend barely moves it.
 * - Default penalty, BIC-like: β = (p + 2)·ln n with p parameters per segment
 *   (p = 1 for a mean, 2 for a line) — the "MBIC" penalty of R's `changepoint`
 *   package (after N. R. Zhang & D. O. Siegmund, "A modified Bayes information
 *   criterion with applications to the analysis of comparative genomic
 *   hybridization data", Biometrics 63, 2007). Plain BIC, (p + 1)·ln n, flagged a
 *   changepoint in ~12 % of pure-noise series of length 100 in our tests; MBIC in ~2 %.
 * - For `kind: 'slope'` each changepoint is then moved to the best kink of a
 *   continuous two-phase regression y = a + b·x + c·(x − τ)₊ over its two
 *   neighbouring segments (D. V. Hinkley, "Inference in two-phase regression",
 *   JASA 66, 1971): the piecewise-linear cost lets the line jump, which places a
 *   pure kink (no jump) only roughly.
 *
 * Each changepoint is then described by the segments either side, and classified
 * by two z-tests at the boundary: a jump (the two lines' values at the changepoint)
 * and a slope difference. With `kind: 'slope'` only changepoints whose slope
 * change is significant are kept (pure jumps are dropped and the neighbouring
 * segments merged).
 */
import { normalQuantile } from '../forecast/distributions.js';
import { cleanPairs, createWarning, median, type TrendWarning } from './types.js';

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
  /** First index (into the cleaned series) of the segment, inclusive. */
  start: number;
  /** One past the last index. */
  end: number;
  mean: number;
  /** Least-squares slope per unit time (per step without times); 0 for `level`. */
  slope: number;
}

export interface Changepoint {
  /** Index of the first point after the change. */
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
  n: Float64Array;
  x: Float64Array;
  y: Float64Array;
  xx: Float64Array;
  xy: Float64Array;
  yy: Float64Array;
}

function cumulativeSums(x: readonly number[], y: readonly number[]): Sums {
  const m = y.length + 1;
  const s: Sums = { n: new Float64Array(m), x: new Float64Array(m), y: new Float64Array(m), xx: new Float64Array(m), xy: new Float64Array(m), yy: new Float64Array(m) };
  for (let i = 0; i < y.length; i++) {
    s.n[i + 1] = i + 1;
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

/** PELT (Killick et al. 2012) with a minimum segment length; returns the segment starts after 0. */
function pelt(n: number, cost: (a: number, b: number) => number, beta: number, minSeg: number): number[] {
  const f = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const last = new Int32Array(n + 1);
  f[0] = -beta;
  let candidates: number[] = [0];
  for (let t = minSeg; t <= n; t++) {
    const admitted = t - minSeg;
    if (admitted >= minSeg && Number.isFinite(f[admitted])) candidates.push(admitted);
    let best = Number.POSITIVE_INFINITY;
    let arg = 0;
    const costs = candidates.map((s) => f[s] + cost(s, t));
    for (let k = 0; k < candidates.length; k++) {
      if (costs[k] + beta < best) {
        best = costs[k] + beta;
        arg = candidates[k];
      }
    }
    f[t] = best;
    last[t] = arg;
    candidates = candidates.filter((_, k) => costs[k] <= best);
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
function bestKink(s: Sums, xs: readonly number[], a: number, b: number, minSeg: number, fallback: number): number {
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
  return best;
}

/**
 * Finds level shifts and/or slope changes in a series.
 *
 * @example
 * const { changepoints } = detectChangepoints(y, { kind: 'level' });
 * changepoints[0] // { index: 120, type: 'level', meanBefore: 10.1, meanAfter: 14.9, … }
 */
export function detectChangepoints(y: readonly number[], opts: ChangepointOptions = {}): ChangepointResult {
  const kind: ChangeKind = opts.kind ?? 'level';
  const linear = kind !== 'level';
  const clean = cleanPairs(y, opts.times);
  const warnings = clean.warnings;
  const n = clean.y.length;
  const minSeg = Math.max(linear ? 3 : 2, Math.floor(opts.minSegment ?? (linear ? 8 : 5)));
  const beta = opts.penalty ?? (linear ? 4 : 3) * Math.log(Math.max(n, 2));
  const zCrit = normalQuantile(1 - (opts.alpha ?? 0.01) / 2);

  // Regress on a centred, step-scaled time so the cumulative sums stay well conditioned
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
      segs.push({ start: 0, end: n, mean: fit.my + y0, slope: fit.slope / step });
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
  if (!(sigma > 1e-12 * Math.max(1, ...clean.y.map(Math.abs)))) {
    warnings.push(createWarning('constant-series', 'the first differences are all equal (a constant series or an exact line): there is no noise to measure a change against'));
    return empty(0);
  }

  const sums = cumulativeSums(xs, ys);
  const inv = 1 / (sigma * sigma);
  const cost = (a: number, b: number): number => fitSegment(sums, a, b, linear).rss * inv;
  let starts = pelt(n, cost, beta, minSeg);

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
        index,
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
    const segments: Segment[] = fits.map((f) => ({ start: f.a, end: f.b, mean: f.my + y0, slope: f.slope / step }));
    return { cps, segments };
  };

  if (kind === 'slope') {
    // Place each kink by the continuous two-phase fit between its neighbours, left to right.
    for (let k = 0; k < starts.length; k++) {
      const a = k === 0 ? 0 : starts[k - 1];
      const b = k + 1 < starts.length ? starts[k + 1] : n;
      starts[k] = bestKink(sums, xs, a, b, minSeg, starts[k]);
    }
  }
  let described = describe(starts);
  if (kind === 'slope') {
    // Drop pure level shifts one at a time, re-describing after each merge because
    // the merged segment's line (and so its neighbours' tests) changes.
    while (described.cps.some((c) => c.type === 'level')) {
      const drop = described.cps.find((c) => c.type === 'level')!;
      starts = starts.filter((s) => s !== drop.index);
      described = describe(starts);
    }
  }
  return { changepoints: described.cps, segments: described.segments, sigma, penalty: beta, warnings };
}
