/**
 * The Numenta Anomaly Benchmark scoring rule, so a detector can be measured against
 * labelled anomaly windows (bench/anomaly uses it on the NAB data; users can use it
 * on their own labelled incidents).
 *
 * Reference: A. Lavin and S. Ahmad, "Evaluating Real-time Anomaly Detection
 * Algorithms – the Numenta Anomaly Benchmark", IEEE ICMLA 2015, and the scorer in
 * numenta/NAB (`nab/sweeper.py`, commit ea702d75), whose arithmetic this follows:
 * - the first `min(floor(0.15·n), 750)` rows of a series are a probation period and
 *   are not scored;
 * - windows are inclusive index ranges; inside a window the row at index i has the
 *   relative position `y = −(end − i + 1) / width` and a detection there earns
 *   `A_tp · σ(y) / σ(−1)` (exactly `A_tp` at the window start, ≈ 0 at its end), where
 *   `σ(y) = 2 / (1 + e^{5y}) − 1` (and −1 when `y > 3`);
 * - only the earliest detection inside a window counts (it has the largest σ);
 * - a detection outside every window adds `A_fp · σ(|prevEnd − i| / (prevWidth − 1))`
 *   relative to the previous window, or `−A_fp` when no window came before it;
 * - each window without a detection adds `−A_fn`.
 * The threshold is one for the whole corpus, chosen by trying every distinct score.
 */

/** Weights of a NAB application profile. */
export interface NabProfile {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
}

export type NabProfileName = 'standard' | 'reward_low_FP' | 'reward_low_FN';

/** The three profiles of NAB (`config/profiles.json`). */
export const NAB_PROFILES: Record<NabProfileName, NabProfile> = {
  standard: { tp: 1, fp: 0.11, fn: 1 },
  reward_low_FP: { tp: 1, fp: 0.22, fn: 1 },
  reward_low_FN: { tp: 1, fp: 0.11, fn: 2 },
};

/** One labelled series: its length and its anomaly windows as inclusive `[start, end]` row indices. */
export interface NabSeries {
  readonly name: string;
  readonly length: number;
  readonly windows: ReadonlyArray<readonly [number, number]>;
}

/** Rows at the start of a series that NAB does not score: `min(floor(0.15·n), 750)`. */
export function probationLength(length: number): number {
  return Math.min(Math.floor(0.15 * length), 750);
}

/** NAB's scaled sigmoid: `2 / (1 + e^{5y}) − 1`, or −1 far (y > 3) past a window. */
export function scaledSigmoid(y: number): number {
  return y > 3 ? -1 : 2 / (1 + Math.exp(5 * y)) - 1;
}

const MAX_TP = scaledSigmoid(-1);

/**
 * Per row, NAB's unweighted contribution if the row were a detection: for rows in a
 * window, `σ(y)/σ(−1)` (to be multiplied by A_tp) and the window's global number;
 * outside windows, `σ(y)` (to be multiplied by A_fp) and window −1. Probation rows
 * get window −2 (never scored).
 */
export interface NabRowWeights {
  readonly weight: Float64Array;
  readonly window: Int32Array;
}

/** Computes NAB's per-row weights of one series; `firstWindowId` numbers its windows corpus-wide. */
export function nabRowWeights(series: NabSeries, firstWindowId = 0): NabRowWeights {
  const n = series.length;
  const weight = new Float64Array(n);
  const window = new Int32Array(n);
  const probation = probationLength(n);
  const windows = [...series.windows].sort((a, b) => a[0] - b[0]);
  for (const [s, e] of windows) {
    if (!(Number.isInteger(s) && Number.isInteger(e) && 0 <= s && s <= e && e < n)) {
      throw new RangeError(`window [${s}, ${e}] of ${series.name} is not inside 0..${n - 1}`);
    }
  }
  let w = 0;
  let prevEnd = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    const cur = windows[w];
    if (cur && i >= cur[0] && i <= cur[1]) {
      const width = cur[1] - cur[0] + 1;
      weight[i] = scaledSigmoid(-(cur[1] - i + 1) / width) / MAX_TP;
      window[i] = firstWindowId + w;
      if (i === cur[1]) {
        prevEnd = i;
        prevWidth = width;
        w++;
      }
    } else {
      // A one-row window has width 1: NAB divides by (width − 1) = 0, giving +∞ → σ = −1.
      weight[i] = prevEnd < 0 ? -1 : scaledSigmoid(Math.abs(prevEnd - i) / (prevWidth - 1));
      window[i] = -1;
    }
    if (i < probation) window[i] = -2;
  }
  return { weight, window };
}

/** Totals of one profile at one threshold. */
export interface NabOutcome {
  readonly threshold: number;
  /** Raw NAB score S. */
  readonly score: number;
  /** 100 · (S − S_null) / (S_perfect − S_null). */
  readonly normalised: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
}

/** S_null and S_perfect of a corpus with `windows` windows under `profile`. */
export function nabBounds(windows: number, profile: NabProfile): { readonly nullScore: number; readonly perfectScore: number } {
  return { nullScore: -profile.fn * windows, perfectScore: profile.tp * windows };
}

function normalise(score: number, windows: number, profile: NabProfile): number {
  const { nullScore, perfectScore } = nabBounds(windows, profile);
  return perfectScore === nullScore ? 0 : (100 * (score - nullScore)) / (perfectScore - nullScore);
}

/**
 * The best corpus-wide threshold for each profile: every distinct score value is tried
 * (a row is a detection when its score ≥ the threshold), plus "never fire" (threshold
 * +∞). One sort of all scored rows and one sweep serve every profile: O(N log N).
 *
 * @example
 * const best = optimiseNabThreshold(series, scores, ['standard']);
 * best.standard.normalised; // 0 for a detector that never fires, 100 for a perfect one
 */
export function optimiseNabThreshold<P extends NabProfileName>(
  corpus: readonly NabSeries[],
  scores: ReadonlyArray<ArrayLike<number>>,
  profiles: readonly P[],
): Record<P, NabOutcome> {
  if (scores.length !== corpus.length) throw new RangeError(`${scores.length} score arrays for ${corpus.length} series`);
  let total = 0;
  let windowCount = 0;
  const weights: NabRowWeights[] = [];
  corpus.forEach((s, k) => {
    if (scores[k].length !== s.length) throw new RangeError(`${s.name}: ${scores[k].length} scores for ${s.length} rows`);
    const rw = nabRowWeights(s, windowCount);
    weights.push(rw);
    windowCount += s.windows.length;
    for (let i = 0; i < s.length; i++) if (rw.window[i] !== -2) total++;
  });
  const score = new Float64Array(total);
  const weight = new Float64Array(total);
  const window = new Int32Array(total);
  let m = 0;
  corpus.forEach((s, k) => {
    const rw = weights[k];
    for (let i = 0; i < s.length; i++) {
      if (rw.window[i] === -2) continue;
      const v = Number(scores[k][i]);
      if (Number.isNaN(v)) throw new RangeError(`${s.name}: score at row ${i} is NaN`);
      score[m] = v;
      weight[m] = rw.weight[i];
      window[m] = rw.window[i];
      m++;
    }
  });
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  order.sort((a, b) => score[b] - score[a]);

  const best = {} as Record<P, NabOutcome>;
  const consider = (threshold: number, tpSum: number, fpSum: number, tp: number, fp: number) => {
    for (const name of profiles) {
      const p = NAB_PROFILES[name];
      const s = p.tp * tpSum + p.fp * fpSum - p.fn * (windowCount - tp);
      if (best[name] === undefined || s > best[name].score) {
        best[name] = {
          threshold, score: s, normalised: normalise(s, windowCount, p),
          truePositives: tp, falsePositives: fp, falseNegatives: windowCount - tp,
        };
      }
    }
  };
  const bestInWindow = new Float64Array(windowCount).fill(Number.NaN);
  let tpSum = 0;
  let fpSum = 0;
  let tp = 0;
  let fp = 0;
  consider(Number.POSITIVE_INFINITY, 0, 0, 0, 0);
  for (let j = 0; j < total; ) {
    const threshold = score[order[j]];
    // Every row with this exact score becomes a detection together.
    for (; j < total && score[order[j]] === threshold; j++) {
      const r = order[j];
      const win = window[r];
      if (win < 0) {
        fpSum += weight[r];
        fp++;
      } else if (Number.isNaN(bestInWindow[win])) {
        bestInWindow[win] = weight[r];
        tpSum += weight[r];
        tp++;
      } else if (weight[r] > bestInWindow[win]) {
        // An earlier row of an already detected window: it replaces the later one.
        tpSum += weight[r] - bestInWindow[win];
        bestInWindow[win] = weight[r];
      }
    }
    consider(threshold, tpSum, fpSum, tp, fp);
  }
  return best;
}

/** NAB totals of one profile at a fixed threshold (score ≥ threshold is a detection). */
export function scoreNabAtThreshold(
  corpus: readonly NabSeries[],
  scores: ReadonlyArray<ArrayLike<number>>,
  threshold: number,
  profile: NabProfile,
): NabOutcome & { readonly perSeries: ReadonlyArray<{ name: string; score: number; tp: number; fp: number; fn: number }> } {
  let windowCount = 0;
  let total = 0;
  let tpAll = 0;
  let fpAll = 0;
  const perSeries = corpus.map((s, k) => {
    const rw = nabRowWeights(s, 0);
    const best = new Float64Array(s.windows.length).fill(Number.NaN);
    let sc = 0;
    let fp = 0;
    for (let i = 0; i < s.length; i++) {
      const win = rw.window[i];
      if (win === -2 || !(Number(scores[k][i]) >= threshold)) continue;
      if (win < 0) {
        sc += profile.fp * rw.weight[i];
        fp++;
      } else if (Number.isNaN(best[win])) best[win] = rw.weight[i];
    }
    let tp = 0;
    for (const b of best) {
      if (Number.isNaN(b)) sc -= profile.fn;
      else {
        sc += profile.tp * b;
        tp++;
      }
    }
    windowCount += s.windows.length;
    total += sc;
    tpAll += tp;
    fpAll += fp;
    return { name: s.name, score: sc, tp, fp, fn: s.windows.length - tp };
  });
  return {
    threshold, score: total, normalised: normalise(total, windowCount, profile),
    truePositives: tpAll, falsePositives: fpAll, falseNegatives: windowCount - tpAll, perSeries,
  };
}
