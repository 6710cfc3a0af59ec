import { AlmanacError, type Issue } from '../../core/errors.js';
import { finiteSorted, quantileSorted, robustScaleSorted } from './robust-stats.js';
import { directionOf, isSensitivity, type Direction, type Sensitivity } from './types.js';

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit seeded PRNG, so a forest built
 * from the same rows and seed is the same on every machine.
 */
export function createSeededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EULER_GAMMA = 0.5772156649015329;

/** c(n): the average path length of an unsuccessful search in a binary search tree of n points (Liu et al. 2008, eq. 1). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

type Node =
  | { readonly leaf: true; readonly size: number }
  | { readonly leaf: false; readonly dim: number; readonly split: number; readonly left: Node; readonly right: Node };

export interface IsolationForestOptions {
  /** Number of trees (default 100, as in the paper). */
  readonly trees?: number;
  /** Rows drawn (without replacement) per tree, ψ (default 256, as in the paper). */
  readonly sampleSize?: number;
  /** PRNG seed (default 1). */
  readonly seed?: number;
}

export interface IsolationForest {
  /** Anomaly score s(x) = 2^(−E[h(x)] / c(ψ)) ∈ (0, 1]: near 1 isolated early (anomalous), ≲ 0.5 ordinary. */
  score(row: ArrayLike<number>): number;
  readonly dimensions: number;
}

/**
 * Isolation forest (Liu, Ting & Zhou, "Isolation Forest", ICDM 2008): anomalies are
 * few and different, so random axis-parallel splits isolate them in fewer steps.
 * Each tree is grown on ψ rows sampled without replacement, splitting on a random
 * dimension (among those not constant in the node) at a uniform random value between
 * its min and max, to depth ⌈log2 ψ⌉; a point's path length h(x) adds c(size) at a
 * leaf holding several rows. Deterministic for a given seed. Missing values in a row
 * are replaced by the column median of the training rows.
 */
export function createIsolationForest(rows: ReadonlyArray<ArrayLike<number>>, options: IsolationForestOptions = {}): IsolationForest {
  const issues: Issue[] = [];
  const trees = options.trees ?? 100;
  const seed = options.seed ?? 1;
  if (rows.length < 2) issues.push({ path: 'rows', message: `needs at least 2 rows, got ${rows.length}` });
  const d = rows.length ? rows[0].length : 0;
  if (rows.length && d < 1) issues.push({ path: 'rows[0]', message: 'needs at least one column' });
  rows.forEach((r, i) => {
    if (r.length !== d) issues.push({ path: `rows[${i}]`, message: `has ${r.length} columns, expected ${d}` });
  });
  if (!(Number.isInteger(trees) && trees >= 1)) issues.push({ path: 'trees', message: `must be a positive integer, got ${trees}` });
  if (options.sampleSize !== undefined && !(Number.isInteger(options.sampleSize) && options.sampleSize >= 2)) {
    issues.push({ path: 'sampleSize', message: `must be an integer ≥ 2, got ${options.sampleSize}` });
  }
  if (!Number.isFinite(seed)) issues.push({ path: 'seed', message: `must be a number, got ${seed}` });
  if (issues.length) throw new AlmanacError('bad_request', 'invalid isolation forest input', { issues });

  const n = rows.length;
  const psi = Math.min(options.sampleSize ?? 256, n);
  const maxDepth = Math.ceil(Math.log2(psi));
  const medians = Array.from({ length: d }, (_, j) => {
    const col = finiteSorted(rows.map((r) => r[j]));
    return col.length ? quantileSorted(col, 0.5) : 0;
  });
  const clean = (r: ArrayLike<number>) => Float64Array.from({ length: d }, (_, j) => (Number.isFinite(r[j]) ? r[j] : medians[j]));
  const data = rows.map(clean);
  const random = createSeededRandom(seed);

  const grow = (idx: number[], depth: number): Node => {
    if (idx.length <= 1 || depth >= maxDepth) return { leaf: true, size: idx.length };
    const candidates: { dim: number; lo: number; hi: number }[] = [];
    for (let j = 0; j < d; j++) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const i of idx) {
        const v = data[i][j];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi > lo) candidates.push({ dim: j, lo, hi });
    }
    if (candidates.length === 0) return { leaf: true, size: idx.length };
    const c = candidates[Math.floor(random() * candidates.length)];
    const split = c.lo + random() * (c.hi - c.lo);
    const left: number[] = [];
    const right: number[] = [];
    for (const i of idx) (data[i][c.dim] < split ? left : right).push(i);
    return { leaf: false, dim: c.dim, split, left: grow(left, depth + 1), right: grow(right, depth + 1) };
  };

  const forest: Node[] = [];
  const all = Array.from({ length: n }, (_, i) => i);
  for (let t = 0; t < trees; t++) {
    // Partial Fisher–Yates shuffle: the first ψ entries are a sample without replacement.
    for (let i = 0; i < psi; i++) {
      const j = i + Math.floor(random() * (n - i));
      [all[i], all[j]] = [all[j], all[i]];
    }
    forest.push(grow(all.slice(0, psi), 0));
  }
  const cPsi = averagePathLength(psi);

  const pathLength = (node: Node, x: Float64Array, depth: number): number => {
    let cur = node;
    let h = depth;
    while (!cur.leaf) {
      cur = x[cur.dim] < cur.split ? cur.left : cur.right;
      h++;
    }
    return h + averagePathLength(cur.size);
  };

  return {
    dimensions: d,
    score(row: ArrayLike<number>): number {
      if (row.length !== d) throw new AlmanacError('bad_request', `isolation forest row has ${row.length} columns, expected ${d}`);
      const x = clean(row);
      let total = 0;
      for (const tree of forest) total += pathLength(tree, x, 0);
      return cPsi > 0 ? 2 ** (-(total / forest.length) / cPsi) : 0.5;
    },
  };
}

/** Isolation scores at or above which a row is flagged. The paper reads s ≫ 0.5 as anomalous and s ≲ 0.5 as normal. */
export const ISOLATION_THRESHOLDS: Record<Sensitivity, number> = { high: 0.6, medium: 0.65, low: 0.72 };

/** How one metric of a row departs from that metric's median. */
export interface MetricDeviation {
  readonly metric: number;
  readonly value: number;
  /** The column median. */
  readonly expected: number;
  /** Band: median ± 3 robust σ of the column. */
  readonly lower: number;
  readonly upper: number;
  readonly deviation: number;
  /** deviation / robust σ (0 when the column is constant). */
  readonly z: number;
  readonly direction: Direction;
}

export interface MultivariatePoint {
  readonly index: number;
  readonly score: number;
  readonly isAnomaly: boolean;
  /** Every metric, the most deviating (largest |z|) first. */
  readonly metrics: readonly MetricDeviation[];
}

/**
 * Scores every row of a multi-metric table with an isolation forest trained on the
 * same rows (rows are points in time, columns are metrics), and explains each row by
 * how far each metric is from its median in robust σ.
 *
 * @example
 * detectMultivariateAnomalies(rows, { sensitivity: 'low', seed: 7 }).filter((p) => p.isAnomaly)
 */
export function detectMultivariateAnomalies(
  rows: ReadonlyArray<ArrayLike<number>>,
  options: IsolationForestOptions & { sensitivity?: Sensitivity } = {},
): MultivariatePoint[] {
  if (options.sensitivity !== undefined && !isSensitivity(options.sensitivity)) {
    throw new AlmanacError('bad_request', 'invalid isolation forest input', {
      issues: [{ path: 'sensitivity', message: `must be low, medium or high, got ${String(options.sensitivity)}` }],
    });
  }
  const forest = createIsolationForest(rows, options);
  const threshold = ISOLATION_THRESHOLDS[options.sensitivity ?? 'medium'];
  const d = forest.dimensions;
  const columns = Array.from({ length: d }, (_, j) => {
    const sorted = finiteSorted(rows.map((r) => r[j]));
    const center = sorted.length ? quantileSorted(sorted, 0.5) : 0;
    const scale = sorted.length ? robustScaleSorted(sorted, sorted.length, center) : 0;
    return { center, scale };
  });
  return rows.map((row, index) => {
    const score = forest.score(row);
    const metrics = columns
      .map(({ center, scale }, metric): MetricDeviation => {
        const value = row[metric];
        const deviation = Number.isFinite(value) ? value - center : 0;
        return {
          metric, value, expected: center, lower: center - 3 * scale, upper: center + 3 * scale,
          deviation, z: scale > 0 ? deviation / scale : 0, direction: directionOf(deviation),
        };
      })
      .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.metric - b.metric);
    return { index, score, isAnomaly: score >= threshold, metrics };
  });
}
