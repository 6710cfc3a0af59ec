import { createStreamingDetector, detectDecompositionResiduals, detectRobustZScore, detectSeasonalEsd, type BatchMethod, type Sensitivity } from '../anomaly/index.js';
import { forecast, whenCrosses, type CrossingDirection, type ForecastOptions } from '../forecast/index.js';
import type { SeriesInput } from '../forecast/prepare-series.js';

/**
 * The analytics that may run off the main thread: pure functions of plain data
 * (arrays and options in, plain objects out), so their inputs and answers cross
 * a worker boundary by structured clone and give the same result on either side.
 */

export interface ForecastJob {
  values: SeriesInput;
  options: ForecastOptions;
  /** Capacity question: when the forecast crosses this value. */
  threshold?: number;
  direction?: CrossingDirection;
}

export interface AnomalyJob {
  /** Missing values are NaN. */
  values: number[];
  times: number[];
  sensitivity: Sensitivity;
  method: 'streaming' | BatchMethod;
}

const BATCH = {
  'robust-zscore': detectRobustZScore,
  'decomposition-residuals': detectDecompositionResiduals,
  'seasonal-esd': detectSeasonalEsd,
} as const;

export const JOBS = {
  forecast(job: ForecastJob) {
    const result = forecast(job.values, job.options);
    const crossing = job.threshold === undefined ? undefined : whenCrosses(result, job.threshold, job.direction ?? 'above');
    return { result, crossing };
  },
  /** Each point's verdict: streaming = scored from the points before it; a batch method = over the whole series. */
  anomalies(job: AnomalyJob) {
    if (job.method === 'streaming') {
      const detector = createStreamingDetector({ sensitivity: job.sensitivity });
      return job.values.map((v, i) => detector.update(v, job.times[i]));
    }
    return BATCH[job.method](job.values, { sensitivity: job.sensitivity, timestamps: job.times }).points.map(({ index: _index, ...p }) => p);
  },
};

export type JobName = keyof typeof JOBS;
export type JobInput<N extends JobName> = Parameters<(typeof JOBS)[N]>[0];
export type JobOutput<N extends JobName> = ReturnType<(typeof JOBS)[N]>;

export function runJob<N extends JobName>(name: N, input: JobInput<N>): JobOutput<N> {
  const fn = JOBS[name] as (input: JobInput<N>) => JobOutput<N>;
  if (typeof fn !== 'function') throw new Error(`unknown analytics job "${String(name)}"`);
  return fn(input);
}
