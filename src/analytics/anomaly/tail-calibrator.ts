/**
 * Turns a non-negative anomaly statistic into a surprise S = −log10 P(X ≥ x) relative
 * to the statistic's own recent history — "how rarely was a value this large seen in
 * the last `horizon` points?". Calibrating every statistic against its own past is
 * what lets one threshold serve series as different as a noisy CPU gauge and a
 * mostly-zero counter (the same idea as the anomaly likelihood of Ahmad et al.,
 * "Unsupervised real-time anomaly detection for streaming data", Neurocomputing 2017,
 * with an empirical distribution instead of a Gaussian).
 *
 * Empirical (with +1 smoothing) while at least `tailCount` past values are ≥ x; beyond
 * the `tailCount`-th largest, an exponential tail is extrapolated as in the
 * peaks-over-threshold method (Pickands 1975; for streams: Siffer et al., "Anomaly
 * Detection in Streams with Extreme Value Theory", KDD 2017) with the GPD shape fixed
 * at 0, so the fit is a mean excess.
 *
 * The history is a sliding histogram with log-spaced bins: an update is O(1) and a
 * query costs O(bins touched), independent of the horizon.
 */

/** Surprise is capped here (p = 10⁻³⁰⁰) so scores stay finite and ordered. */
export const MAX_SURPRISE = 300;

export interface TailCalibratorOptions {
  /** Bins per unit of log(1 + x); 24 resolves ≈ 4 % steps. */
  readonly binsPerUnit?: number;
  /** Largest log(1 + x) with its own bin (larger values share the top bin). */
  readonly maxLog?: number;
  /** How many past values must lie above x before the tail is extrapolated. */
  readonly tailCount?: number;
}

export class TailCalibrator {
  private readonly binsPerUnit: number;
  private readonly bins: Float64Array;
  /** edges[b] = lower edge of bin b in statistic units (one more than there are bins). */
  private readonly edges: Float64Array;
  private readonly ring: Int32Array;
  private readonly horizon: number;
  private readonly tailCount: number;
  private head = 0;
  private count = 0;
  /** Highest non-empty bin (−1 when empty). */
  private top = -1;
  private pushes = 0;
  private cache: { surprise: number; at: number; value: number } | undefined;

  constructor(horizon: number, options: TailCalibratorOptions = {}) {
    if (!(Number.isInteger(horizon) && horizon >= 1)) throw new RangeError(`calibration horizon must be a positive integer, got ${horizon}`);
    this.horizon = horizon;
    this.binsPerUnit = options.binsPerUnit ?? 24;
    this.bins = new Float64Array(Math.ceil((options.maxLog ?? 9) * this.binsPerUnit) + 1);
    this.edges = Float64Array.from({ length: this.bins.length + 1 }, (_, b) => Math.expm1(b / this.binsPerUnit));
    this.ring = new Int32Array(horizon);
    this.tailCount = options.tailCount ?? 8;
  }

  get size(): number {
    return this.count;
  }

  private binOf(x: number): number {
    return Math.min(this.bins.length - 1, Math.floor(Math.log1p(x) * this.binsPerUnit));
  }

  /** Adds a value (negative or NaN values are ignored). */
  push(x: number): void {
    if (!(x >= 0)) return;
    const b = this.binOf(x);
    if (this.count === this.horizon) {
      const old = this.ring[this.head];
      this.bins[old]--;
      while (this.top >= 0 && this.bins[this.top] === 0) this.top--;
    } else {
      this.count++;
    }
    this.bins[b]++;
    if (b > this.top) this.top = b;
    this.ring[this.head] = b;
    this.head = (this.head + 1) % this.horizon;
    this.pushes++;
  }

  /** How many past values are ≥ x (fractional: uniform within x's bin). */
  private countAbove(x: number, bx: number): number {
    let above = 0;
    if (this.top - bx < bx) {
      for (let b = this.top; b > bx; b--) above += this.bins[b];
    } else {
      let below = 0;
      for (let b = 0; b < bx; b++) below += this.bins[b];
      above = this.count - below - this.bins[bx];
    }
    const lo = this.edges[bx];
    const hi = this.edges[bx + 1];
    return above + this.bins[bx] * Math.max(0, Math.min(1, (hi - x) / (hi - lo)));
  }

  /** Threshold u, count k ≥ tailCount and mean excess β of the largest past values. */
  private tail(): { u: number; k: number; beta: number } | undefined {
    let k = 0;
    let sum = 0;
    let b = this.top;
    for (; b >= 0 && k < this.tailCount; b--) {
      const c = this.bins[b];
      if (c === 0) continue;
      k += c;
      sum += (c * (this.edges[b] + this.edges[b + 1])) / 2;
    }
    if (k < this.tailCount) return undefined;
    const u = this.edges[b + 1];
    return { u, k, beta: Math.max(sum / k - u, 1e-9) };
  }

  /**
   * S = −log10 P(X ≥ x) under the history: at most log10(n + 1) from the counts alone,
   * more only through the extrapolated tail; 0 while the history is empty.
   */
  surprise(x: number): number {
    const n = this.count;
    if (n === 0 || !(x >= 0)) return 0;
    const above = this.countAbove(x, this.binOf(x));
    const empirical = -Math.log10((above + 1) / (n + 1));
    if (above >= this.tailCount) return empirical;
    const t = this.tail();
    if (!t || x <= t.u) return empirical;
    // In log space, so a value far beyond the history gives a large but finite surprise.
    const fromTail = -(Math.log10(t.k / (n + 1)) - (x - t.u) / t.beta / Math.LN10);
    return Math.min(MAX_SURPRISE, Math.max(empirical, fromTail));
  }

  /**
   * The smallest x with surprise(x) ≥ `surprise` — the inverse of `surprise` (which is
   * non-decreasing in x), by bisection; +∞ when no value reaches it. Cached for 16
   * pushes, since it is asked once per point to draw a band and moves slowly.
   */
  valueAt(surprise: number): number {
    if (this.cache && this.cache.surprise === surprise && this.pushes - this.cache.at < 16) return this.cache.value;
    let value = Number.POSITIVE_INFINITY;
    if (this.count > 0 && this.surprise(0) < surprise) {
      let lo = 0;
      let hi = 1;
      while (this.surprise(hi) < surprise && hi < 1e12) hi *= 4;
      if (this.surprise(hi) >= surprise) {
        for (let i = 0; i < 60 && hi - lo > 1e-9 * hi; i++) {
          const mid = (lo + hi) / 2;
          if (this.surprise(mid) < surprise) lo = mid;
          else hi = mid;
        }
        value = hi;
      }
    } else if (this.count > 0) {
      value = 0;
    }
    this.cache = { surprise, at: this.pushes, value };
    return value;
  }
}
