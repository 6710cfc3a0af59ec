/**
 * How `auto`'s interval scale was chosen: coverage of the 80 % / 95 % intervals
 * on the M3 DESIGN split (training files only — this script never reads the test
 * files) for several ways of getting the combination's backtest errors.
 *
 *   node --import tsx bench/forecast/interval-variants.ts [--limit N]
 *
 * Same point forecast for every variant (the `auto` combination); only the
 * windows the intervals are computed from differ:
 *   members   weighted mean of the members' σ_k (the method before 2026-11-23)
 *   insample  the combination with its final weights on every origin
 *   loo       weights from all other origins (leave-one-origin-out)
 *   h-block   weights from the origins whose windows do not overlap (`crossFittedWindows`, used)
 *   forward   weights from the origins whose windows end before this one starts
 *   equal     equal weights at every origin
 * The numbers are quoted in docs/analytics-forecast.md ("Prediction intervals").
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { combinationWeights, crossFittedWindows, defaultCandidates } from '../../src/analytics/forecast/auto.js';
import { backtest, type Origin } from '../../src/analytics/forecast/backtest.js';
import { studentTQuantile } from '../../src/analytics/distributions.js';
import { predictionIntervals, smoothSigma, type BacktestWindow } from '../../src/analytics/forecast/intervals.js';
import { fitModel } from '../../src/analytics/forecast/models.js';
import { seasonalAdjustment } from '../../src/analytics/forecast/seasonality.js';
import { FREQUENCIES, loadM3, type Frequency } from './m3.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const i = process.argv.indexOf('--limit');
const limit = i >= 0 ? Number(process.argv[i + 1]) : Number.POSITIVE_INFINITY;
const all = loadM3(path.resolve(here, '../../../shared/data/m3'), { dev: true });
const series = (Object.keys(FREQUENCIES) as Frequency[]).flatMap((f) => all.filter((s) => s.frequency === f).slice(0, limit));

const VARIANTS = ['members', 'insample', 'loo', 'h-block', 'forward', 'equal'] as const;
type Variant = (typeof VARIANTS)[number];
const KEYS = [...(Object.keys(FREQUENCIES) as Frequency[]), 'All'] as const;

/** Scaled absolute error per origin, as `auto` scores candidates. */
function scaledErrors(origins: readonly Origin[], f: readonly number[][]): number[] {
  return origins.map((o, i) => {
    const norm = o.scale > 0 ? o.scale : Math.max(1e-12, o.actual.reduce((a, v) => a + Math.abs(v), 0) / o.actual.length);
    return o.actual.reduce((a, v, k) => a + Math.abs(v - f[i][k]), 0) / o.actual.length / norm;
  });
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const combine = (parts: number[][], w: number[]) => parts[0].map((_, k) => parts.reduce((a, f, j) => a + w[j] * f[k], 0));

/**
 * The former rule for a combination: σ_k = Σ_j w_j σ_jk, each member's σ_j from
 * its own backtest windows (log scale when everything is positive), half-width
 * t(ν = origins − 1, at least 2) · σ_k — what intervals.ts did before 2026-11-23.
 */
function membersIntervals(point: number[], origins: readonly Origin[], F: number[][][], w: number[], positive: boolean) {
  const h = point.length;
  const useLog = positive && point.every((v) => v > 0) && F.every((f, j) => !w[j] || f.every((x) => x.every((v) => v > 0)));
  const sigma = new Array<number>(h).fill(0);
  F.forEach((f, j) => {
    if (!w[j]) return;
    const sumSq = new Array<number>(h).fill(0);
    const counts = new Array<number>(h).fill(0);
    origins.forEach((o, oi) => o.actual.forEach((a, k) => {
      const e = useLog ? Math.log(a / f[oi][k]) : a - f[oi][k];
      if (!Number.isFinite(e)) return;
      sumSq[k] += e * e;
      counts[k]++;
    }));
    smoothSigma(sumSq, counts, h).forEach((v, k) => (sigma[k] += w[j] * v));
  });
  const nu = Math.max(2, origins.length - 1);
  const intervals = [80, 95].map((level) => {
    const q = studentTQuantile(0.5 + level / 200, nu);
    const d = sigma.map((v) => q * v);
    return useLog
      ? { level, lower: point.map((p, k) => p * Math.exp(-d[k])), upper: point.map((p, k) => p * Math.exp(d[k])) }
      : { level, lower: point.map((p, k) => p - d[k]), upper: point.map((p, k) => p + d[k]) };
  });
  return { intervals };
}

const tally = Object.fromEntries(VARIANTS.map((v) => [v, Object.fromEntries(KEYS.map((k) => [k, { in80: 0, in95: 0, n: 0 }]))])) as Record<Variant, Record<(typeof KEYS)[number], { in80: number; in95: number; n: number }>>;

for (const s of series) {
  const y = s.train;
  const h = s.horizon;
  const context = { season: s.season, seasons: [s.season] };
  const candidates = defaultCandidates(y, context);
  const { origins, forecasts } = backtest(y, candidates, context, { horizon: h, origins: 8, spacing: Math.ceil(h / 3) });
  const F = candidates.map((c) => forecasts[c]!);
  const E = F.map((f) => scaledErrors(origins, f));
  const weightsFrom = (idx: number[]) => combinationWeights(E.map((e) => (idx.length ? mean(idx.map((j) => e[j])) : Number.NaN)));
  const w = weightsFrom(origins.map((_, j) => j));
  const full = { ...context, adjustment: seasonalAdjustment(y, context.seasons) };
  const point = combine(candidates.map((c, j) => (w[j] ? fitModel(c, y, full).forecast(h) : new Array<number>(h).fill(0))), w);
  const windowsWith = (weightsAt: (o: number) => number[]): BacktestWindow[] =>
    origins.map((o, oi) => ({ actual: o.actual, forecast: combine(F.map((f) => f[oi]), weightsAt(oi)) }));
  const others = (oi: number, keep: (j: number) => boolean) => origins.map((_, j) => j).filter((j) => j !== oi && keep(j));
  const windows: Record<Exclude<Variant, 'members'>, BacktestWindow[]> = {
    insample: windowsWith(() => w),
    loo: windowsWith((oi) => weightsFrom(others(oi, () => true))),
    'h-block': crossFittedWindows(origins, F),
    forward: windowsWith((oi) => weightsFrom(others(oi, (j) => origins[j].train + origins[j].actual.length <= origins[oi].train))),
    equal: windowsWith(() => F.map(() => 1 / F.length)),
  };
  const diffs = y.slice(1).map((v, k) => v - y[k]);
  const fallbackSigma = Math.sqrt(mean(diffs.map((d) => d * d)));
  const positive = y.every((v) => v > 0);
  for (const variant of VARIANTS) {
    const r = variant === 'members' && origins.length > 0
      ? membersIntervals(point, origins, F, w, positive)
      : predictionIntervals({ point, windows: variant === 'members' ? [] : windows[variant], positive, fallbackSigma }, [80, 95]);
    const [i80, i95] = r.intervals.map((iv) => ({ lower: iv.lower.map((v) => Math.max(0, v)), upper: iv.upper }));
    for (const key of [s.frequency, 'All'] as const) {
      const t = tally[variant][key];
      s.test.forEach((a, k) => {
        t.in80 += +(a >= i80.lower[k] && a <= i80.upper[k]);
        t.in95 += +(a >= i95.lower[k] && a <= i95.upper[k]);
        t.n++;
      });
    }
  }
}

console.log(`M3 DESIGN split (training files only), ${series.length} series: coverage of auto's 80 / 95 % intervals by how the combination's errors are obtained`);
console.log('variant'.padEnd(10) + KEYS.map((k) => k.padStart(13)).join(''));
for (const v of VARIANTS) {
  console.log(v.padEnd(10) + KEYS.map((k) => {
    const t = tally[v][k];
    return `${((100 * t.in80) / t.n).toFixed(1)}/${((100 * t.in95) / t.n).toFixed(1)}`.padStart(13);
  }).join(''));
}
