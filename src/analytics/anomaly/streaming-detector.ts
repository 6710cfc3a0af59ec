import { AlmanacError, type Issue } from '../../core/errors.js';
import { createAlarmSuppressor, type AlarmSuppressor, type AlarmSuppressorOptions } from './alarm-suppressor.js';
import { log10NormalTwoSided } from './robust-stats.js';
import { scoreFromSurprise, SENSITIVITY_THRESHOLDS, surpriseFromScore } from './score-scale.js';
import { calendarPeriods, detectPeriods, snapStep } from './seasonality.js';
import { History, SlidingWindow } from './sliding-window.js';
import { TailCalibrator } from './tail-calibrator.js';
import { directionOf, isSensitivity, type AnomalyVerdict, type Sensitivity } from './types.js';

export interface StreamingDetectorOptions {
  /** Which scores count as anomalies, and the band drawn (default `medium`). */
  readonly sensitivity?: Sensitivity;
  /**
   * Seasonal periods in points. Default: a day and a week in steps when timestamps
   * are given and the step divides them; otherwise periods found online by
   * autocorrelation. `[]` turns seasonality off.
   */
  readonly periods?: readonly number[];
  /** Residuals kept for the robust centre and scale of each model (default 144). */
  readonly window?: number;
  /** Points averaged by the density statistic (default 48). */
  readonly densityWindow?: number;
  /** Points of history each statistic is calibrated against (default 2000). */
  readonly calibrationHorizon?: number;
  /** Repeated-alarm suppression, or `false` to report every point's own score. */
  readonly suppression?: AlarmSuppressorOptions | false;
}

/** The streaming verdict: the common verdict plus what the detector used. */
export interface StreamingVerdict extends AnomalyVerdict {
  /** Score before repeated-alarm suppression (the point's own surprise). */
  readonly rawScore: number;
  /** Seasonal period of the model that predicted this point (0: no seasonality). */
  readonly period: number;
}

export interface StreamingDetector {
  /**
   * Scores the next point from the points before it and then learns it. `timestampMs`
   * (optional, increasing) lets the detector find daily/weekly periods and skip gaps.
   * Non-finite values get score 0 and leave the model unchanged.
   */
  update(value: number, timestampMs?: number): StreamingVerdict;
}

const DEFAULTS = { window: 144, densityWindow: 48, calibrationHorizon: 2000 };
/** |z| above this counts as this much in the density statistic, so one spike cannot dominate it. */
const DENSITY_CLIP = 6;
/** Residuals a model needs before it predicts. */
const MIN_RESIDUALS = 16;
/** Online period search (when no calendar period applies): buffer, cadence, longest period. */
const SEARCH_BUFFER = 4096;
const SEARCH_EVERY = 512;
/** Timestamps looked at to measure the step (the points meanwhile are replayed once configured). */
const TIMESTAMPS_NEEDED = 32;

/** One predictor: level (period 0) or seasonal naive, with its recent residuals. */
interface Model {
  readonly period: number;
  readonly residuals: SlidingWindow;
  /** Exponentially weighted mean absolute error of the last `window` predictions. */
  meanAbsError: number;
  predictions: number;
}

function validate(options: StreamingDetectorOptions): Issue[] {
  const issues: Issue[] = [];
  const positiveInt = (key: 'window' | 'densityWindow' | 'calibrationHorizon', min: number) => {
    const v = options[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= min)) issues.push({ path: key, message: `must be an integer ≥ ${min}, got ${v}` });
  };
  positiveInt('window', 8);
  positiveInt('densityWindow', 1);
  positiveInt('calibrationHorizon', 50);
  if (options.sensitivity !== undefined && !isSensitivity(options.sensitivity)) {
    issues.push({ path: 'sensitivity', message: `must be low, medium or high, got ${String(options.sensitivity)}` });
  }
  options.periods?.forEach((p, i) => {
    if (!(Number.isInteger(p) && p >= 2 && p <= 100_000)) issues.push({ path: `periods[${i}]`, message: `must be an integer from 2 to 100000, got ${p}` });
  });
  return issues;
}

/** The normal |z| whose two-sided tail has this surprise (bisection; used before calibration has data). */
function normalQuantileForSurprise(surprise: number): number {
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (-log10NormalTwoSided(mid) < surprise) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * A streaming anomaly detector for one metric: `update` scores each point from the
 * points before it only (and then learns it), in O(window) time with small constants
 * (a binary search and a memmove per model) and O(periods + window + horizon) memory.
 *
 * How a point is scored:
 * 1. Prediction. A bank of robust predictors — the level (median of recent
 *    residuals) and, per seasonal period m, the seasonal naive forecast from the median
 *    of the values m, 2m and 3m steps back (median of three, so last week's outage is
 *    not this week's forecast) — each keeps its last `window` residuals. The model
 *    with the lowest recent mean absolute error speaks, so seasonality is used only
 *    where it actually predicts better (online model selection).
 * 2. Standardisation. z = (residual − median) / robust scale of that model's window
 *    (MAD·1.4826, with IQR / 5–95 % / σ fallbacks for mostly-constant data).
 * 3. Two statistics: the point |z| (spikes, sudden shifts) and the density, the mean
 *    of min(|z|, 6) over the last `densityWindow` points (level shifts, bursts of
 *    spikes, a variance change — many moderately unusual points in a row).
 * 4. Calibration. Each statistic becomes a surprise S = −log10 p against its own last
 *    `calibrationHorizon` values (TailCalibrator: empirical, with a peaks-over-
 *    threshold tail), so "unusual" means unusual for this metric; S = the larger.
 * 5. Repeated-alarm suppression (AlarmSuppressor) keeps the onset of an episode and
 *    drops its echoes; `rawScore` is the score before it.
 * 6. score = 1 − 10^(−S/3) (score-scale.ts); `isAnomaly` when score ≥ the sensitivity's
 *    threshold; `[lower, upper]` is where the point statistic alone would cross it.
 *
 * References: robust z-scores with the MAD (Rousseeuw & Croux 1993; Iglewicz & Hoaglin
 * 1993); seasonal naive forecasting (Hyndman & Athanasopoulos, FPP3 §5.2); calibration
 * against the score's own history (Ahmad et al. 2017, the NAB HTM detector's anomaly
 * likelihood); extreme-value tails for streams (Siffer et al. 2017).
 *
 * @example
 * const detector = createStreamingDetector({ sensitivity: 'high' });
 * for (const { t, v } of points) {
 *   const verdict = detector.update(v, t);
 *   if (verdict.isAnomaly) alert(v, verdict.expected, verdict.direction);
 * }
 */
export function createStreamingDetector(options: StreamingDetectorOptions = {}): StreamingDetector {
  const issues = validate(options);
  if (issues.length) throw new AlmanacError('bad_request', 'invalid streaming anomaly detector options', { issues });
  const W = options.window ?? DEFAULTS.window;
  const K = options.densityWindow ?? DEFAULTS.densityWindow;
  const L = options.calibrationHorizon ?? DEFAULTS.calibrationHorizon;
  const threshold = SENSITIVITY_THRESHOLDS[options.sensitivity ?? 'medium'];
  const thresholdSurprise = surpriseFromScore(threshold);
  const suppressor: AlarmSuppressor | undefined = options.suppression === false ? undefined : createAlarmSuppressor(options.suppression ?? {});

  const pointCalibrator = new TailCalibrator(L);
  const densityCalibrator = new TailCalibrator(L);
  const recentZ = new History(K);
  let densitySum = 0;

  let models: Model[] = [];
  let history = new History(1);
  /** Periods from options or the calendar; undefined until timestamps have been seen. */
  let fixedPeriods: readonly number[] | undefined = options.periods;
  let searching = false;
  let searchBuffer: History | undefined;
  let sinceSearch = 0;
  const firstTimestamps: number[] = [];
  /** Points held while the step is measured, learnt once the detector is configured. */
  let pending: { value: number; timestampMs: number }[] = [];
  let step = Number.NaN;
  let lastTimestamp = Number.NaN;
  let configured = false;
  let lastExpected = 0;

  const newModel = (period: number): Model => ({ period, residuals: new SlidingWindow(W), meanAbsError: 0, predictions: 0 });

  const configure = (periods: readonly number[], search: boolean) => {
    fixedPeriods = periods;
    searching = search;
    models = [newModel(0), ...periods.map(newModel)];
    history = new History(Math.max(search ? SEARCH_BUFFER : 1, ...periods.map((p) => 3 * p)) + 1);
    if (search) searchBuffer = history;
    configured = true;
  };

  const measureStep = () => {
    const diffs = firstTimestamps.slice(1).map((t, i) => t - firstTimestamps[i]).filter((d) => d > 0).sort((a, b) => a - b);
    step = diffs.length ? snapStep(diffs[diffs.length >> 1]) : Number.NaN;
  };

  /** Re-runs the autocorrelation search and adds a seasonal model per new period. */
  const searchPeriods = () => {
    if (!searchBuffer || searchBuffer.size < 64) return;
    const n = searchBuffer.size;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = searchBuffer.back(n - i);
    const found = detectPeriods(values, { minPeriod: 4, maxPeriod: Math.floor(SEARCH_BUFFER / 3) });
    for (const p of found) if (!models.some((m) => m.period === p)) models.push(newModel(p));
    // Keep the level model and the two best-predicting seasonal models.
    if (models.length > 3) {
      const seasonal = models.slice(1).sort((a, b) => a.meanAbsError - b.meanAbsError || b.predictions - a.predictions);
      models = [models[0], ...seasonal.slice(0, 2)];
    }
  };

  const baseOf = (m: Model): number => {
    if (m.period === 0) return 0;
    const a = history.back(m.period);
    const b = history.back(2 * m.period);
    const c = history.back(3 * m.period);
    if (Number.isNaN(b) || Number.isNaN(c)) {
      if (Number.isNaN(a)) return Number.isNaN(b) ? c : b;
      return Number.isNaN(b) ? (Number.isNaN(c) ? a : (a + c) / 2) : (a + b) / 2;
    }
    if (Number.isNaN(a)) return (b + c) / 2;
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  };

  const quiet = (value: number, expected = value): StreamingVerdict => ({
    score: 0, rawScore: 0, isAnomaly: false, expected, lower: expected, upper: expected,
    deviation: value - expected, direction: 'none', period: 0,
  });

  const hasTime = (t: number | undefined): t is number => t !== undefined && Number.isFinite(t);

  /** Scores one point against the past and learns it. */
  const process = (value: number, timestampMs: number | undefined): StreamingVerdict => {
    // A gap of k steps in the timestamps: k − 1 missing points, so seasonal lags stay aligned.
    if (hasTime(timestampMs) && step > 0 && Number.isFinite(lastTimestamp)) {
      const missing = Math.min(Math.round((timestampMs - lastTimestamp) / step) - 1, history.capacity);
      for (let i = 0; i < missing; i++) history.push(Number.NaN);
    }
    if (hasTime(timestampMs)) lastTimestamp = timestampMs;
    if (!Number.isFinite(value)) {
      history.push(Number.NaN);
      return quiet(lastExpected, lastExpected);
    }

    let best: Model | undefined;
    let bestZ = 0;
    let bestExpected = value;
    let bestScale = 0;
    for (const m of models) {
      const base = baseOf(m);
      if (Number.isNaN(base)) continue;
      const residual = value - base;
      if (m.residuals.size >= MIN_RESIDUALS) {
        const center = m.residuals.median();
        const scale = m.residuals.scale(center);
        const error = Math.abs(residual - center);
        m.predictions++;
        m.meanAbsError += (error - m.meanAbsError) / Math.min(m.predictions, W);
        if (!best || m.meanAbsError < best.meanAbsError) {
          best = m;
          // A floor keeps z finite on a constant window: any change from it is then extreme.
          const floor = 1e-12 * (1 + Math.abs(base + center));
          bestZ = (residual - center) / Math.max(scale, floor);
          bestExpected = base + center;
          bestScale = scale;
        }
      }
      m.residuals.push(residual);
    }
    history.push(value);
    if (searching && ++sinceSearch >= SEARCH_EVERY) {
      sinceSearch = 0;
      searchPeriods();
    }
    if (!best) return quiet(value);

    const zAbs = Math.abs(bestZ);
    if (recentZ.size === K) densitySum -= recentZ.back(K);
    const clipped = Math.min(zAbs, DENSITY_CLIP);
    recentZ.push(clipped);
    densitySum += clipped;
    const density = densitySum / recentZ.size;

    const surprise = Math.max(pointCalibrator.surprise(zAbs), densityCalibrator.surprise(density));
    const zBand = pointCalibrator.valueAt(thresholdSurprise);
    pointCalibrator.push(zAbs);
    densityCalibrator.push(density);

    const reported = suppressor ? suppressor.next(surprise) : surprise;
    const score = scoreFromSurprise(reported);
    const halfWidth = (Number.isFinite(zBand) ? zBand : normalQuantileForSurprise(thresholdSurprise)) * bestScale;
    const deviation = value - bestExpected;
    lastExpected = bestExpected;
    return {
      score,
      rawScore: scoreFromSurprise(surprise),
      isAnomaly: score >= threshold,
      expected: bestExpected,
      lower: bestExpected - halfWidth,
      upper: bestExpected + halfWidth,
      deviation,
      direction: directionOf(deviation),
      period: best.period,
    };
  };

  return {
    update(value: number, timestampMs?: number): StreamingVerdict {
      if (hasTime(timestampMs) && firstTimestamps.length < TIMESTAMPS_NEEDED) {
        firstTimestamps.push(timestampMs);
        if (firstTimestamps.length === TIMESTAMPS_NEEDED) measureStep();
      }
      if (!configured) {
        if (fixedPeriods !== undefined) configure(fixedPeriods, false);
        else if (!hasTime(timestampMs)) configure([], true);
        else if (firstTimestamps.length < TIMESTAMPS_NEEDED) {
          pending.push({ value, timestampMs });
          return quiet(value);
        } else {
          const periods = step > 0 ? calendarPeriods(step) : [];
          configure(periods, periods.length === 0);
          const held = pending;
          pending = [];
          for (const p of held) process(p.value, p.timestampMs);
        }
      }
      return process(value, timestampMs);
    },
  };
}
