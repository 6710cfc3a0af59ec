import { detectMultivariateAnomalies, type BatchMethod, type Sensitivity } from '../analytics/anomaly/index.js';
import { isModelName, type CrossingDirection, type ModelName } from '../analytics/forecast/index.js';
import { analyticsPool } from '../analytics/worker/pool.js';
import { AlmanacError } from '../core/errors.js';
import { nextBucket, parseDurationMs, parseStep } from '../core/time.js';
import { detectChangepoints, periodOverPeriod, trend } from '../analytics/trend/index.js';
import type { Store } from '../store/store.js';
import { runQuery, type QueryAnswer } from './run-query.js';

/**
 * Analytics over metric queries: the query supplies the series (one per measure
 * and group, bucketed by its step), the pure analytics modules do the rest.
 */
async function seriesOf(store: Store, workspace: string, query: unknown, what: string): Promise<{ answer: QueryAnswer; step: ReturnType<typeof parseStep> }> {
  const step = (query as { step?: unknown } | null)?.step;
  if (typeof step !== 'string') throw new AlmanacError('invalid_query', `query.step: ${what} needs a time series; give the query a step such as 1h or 1d`);
  const answer = await runQuery(store, workspace, query);
  return { answer, step: parseStep(step, 'query.step') };
}

export interface ForecastRequest {
  query: unknown;
  horizon: number;
  season?: number | 'auto';
  model?: string;
  /** Capacity question: when does the metric cross this value? */
  threshold?: number;
  direction?: CrossingDirection;
}

export async function forecastQuery(store: Store, workspace: string, req: ForecastRequest) {
  if (req.model !== undefined && req.model !== 'auto' && !isModelName(req.model)) {
    throw new AlmanacError('bad_request', `model: unknown model "${req.model}"; use auto or a model name from the OpenAPI document`);
  }
  const { answer, step } = await seriesOf(store, workspace, req.query, 'a forecast');
  // The model fitting runs in a worker thread: it is CPU-heavy, and the event loop stays free for other requests.
  const fitted = await Promise.all(answer.series.map((s) => analyticsPool().run('forecast', {
    values: s.points.map((p) => p[1]),
    options: { horizon: req.horizon, season: req.season, model: req.model as ModelName | 'auto' | undefined },
    threshold: req.threshold,
    direction: req.direction,
  })));
  const series = answer.series.map((s, i) => {
    const { result: r, crossing } = fitted[i];
    let t = s.points.length ? s.points[s.points.length - 1][0] : answer.meta.to;
    const points = r.point.map((value, k) => {
      t = nextBucket(t, step);
      return { time: t, value, lower80: r.lower80[k], upper80: r.upper80[k], lower95: r.lower95[k], upper95: r.upper95[k] };
    });
    // Steps become bucket times, so the answer says when, not just how many steps ahead.
    const at = (step: number | null) => (step === null ? null : points[step - 1].time);
    return {
      measure: s.measure, group: s.group, history: s.points, forecast: points,
      model: r.model, models: r.models, season: r.season, backtestError: r.backtestError, warnings: r.warnings,
      ...(crossing ? { crossing: { ...crossing, earliestTime: at(crossing.earliest), likelyTime: at(crossing.likely), latestTime: at(crossing.latest) } } : {}),
    };
  });
  return { series, meta: answer.meta };
}

export type AnomalyMethod = 'streaming' | BatchMethod;

export interface AnomaliesRequest {
  query: unknown;
  sensitivity?: Sensitivity;
  /** `streaming` (default: each point scored from the points before it) or a batch method over the whole range. */
  method?: AnomalyMethod;
}

/** Each series scored for anomalies; every point gets a score in [0, 1], its expected value and band. */
export async function anomaliesQuery(store: Store, workspace: string, req: AnomaliesRequest) {
  const { answer } = await seriesOf(store, workspace, req.query, 'anomaly detection');
  const sensitivity = req.sensitivity ?? 'medium';
  const method = req.method ?? 'streaming';
  // Scored in a worker thread (see forecastQuery).
  const verdicts = await Promise.all(answer.series.map((s) => analyticsPool().run('anomalies', {
    values: s.points.map((p) => p[1] ?? Number.NaN),
    times: s.points.map((p) => p[0]),
    sensitivity,
    method,
  })));
  const series = answer.series.map((s, i) => {
    const points = verdicts[i].map((v, k) => (method === 'streaming'
      ? { time: s.points[k][0], value: s.points[k][1], ...v }
      : { ...v, time: s.points[k][0], value: s.points[k][1] }));
    return { measure: s.measure, group: s.group, method, points, anomalies: points.filter((p) => p.isAnomaly) };
  });
  return { series, meta: answer.meta };
}

export interface MultivariateRequest {
  query: unknown;
  sensitivity?: Sensitivity;
  seed?: number;
}

/**
 * Buckets where several metrics together look unusual: every series of the query
 * (each measure and group) is one column, every bucket one row, scored by an
 * isolation forest; each flagged bucket names the metrics that deviate most.
 */
export async function multivariateAnomaliesQuery(store: Store, workspace: string, req: MultivariateRequest) {
  const { answer } = await seriesOf(store, workspace, req.query, 'multivariate anomaly detection');
  if (answer.series.length < 2) throw new AlmanacError('invalid_query', 'query: multivariate detection needs at least two series (several measures or a groupBy)');
  const labels = answer.series.map((s) => ({ measure: s.measure, group: s.group }));
  const times = answer.series[0].points.map((p) => p[0]);
  const rows = times.map((_, i) => answer.series.map((s) => s.points[i][1] ?? Number.NaN));
  const scored = detectMultivariateAnomalies(rows, { sensitivity: req.sensitivity ?? 'medium', seed: req.seed ?? 1 });
  const points = scored.map((p) => ({
    time: times[p.index], score: p.score, isAnomaly: p.isAnomaly,
    metrics: p.metrics.map(({ metric, ...m }) => ({ ...labels[metric], ...m })),
  }));
  return { series: labels, points, anomalies: points.filter((p) => p.isAnomaly), meta: answer.meta };
}

export interface TrendRequest {
  query: unknown;
  /** Slopes are reported per this duration (default 1d). */
  per?: string;
  alpha?: number;
}

/**
 * Mann-Kendall trend with Sen's slope per series, and the change against the
 * previous period of the same length (Welch), which is queried too.
 */
export async function trendQuery(store: Store, workspace: string, req: TrendRequest) {
  const { answer } = await seriesOf(store, workspace, req.query, 'a trend');
  const unit = parseDurationMs(req.per ?? '1d', 'per');
  const span = answer.meta.to - answer.meta.from;
  const previous = await runQuery(store, workspace, { ...(req.query as object), from: answer.meta.from - span, to: answer.meta.from });
  const series = answer.series.map((s) => {
    const present = s.points.filter((p): p is [number, number] => p[1] !== null);
    const before = previous.series.find((p) => p.measure === s.measure && JSON.stringify(p.group) === JSON.stringify(s.group));
    const previousValues = (before?.points ?? []).map((p) => p[1]).filter((v): v is number => v !== null);
    return {
      measure: s.measure, group: s.group,
      trend: trend(present.map((p) => p[1]), present.map((p) => p[0]), { alpha: req.alpha, timeUnit: unit }),
      change: periodOverPeriod(present.map((p) => p[1]), previousValues),
      previous: { from: answer.meta.from - span, to: answer.meta.from },
    };
  });
  return { series, meta: answer.meta };
}

export interface ChangepointRequest {
  query: unknown;
  kind?: 'level' | 'slope' | 'both';
  minSegment?: number;
  penalty?: number;
}

/** Level shifts and slope changes per series, with the bucket time of each. */
export async function changepointsQuery(store: Store, workspace: string, req: ChangepointRequest) {
  const { answer } = await seriesOf(store, workspace, req.query, 'changepoint detection');
  const series = answer.series.map((s) => {
    const present = s.points.filter((p): p is [number, number] => p[1] !== null);
    const r = detectChangepoints(present.map((p) => p[1]), { kind: req.kind, minSegment: req.minSegment, penalty: req.penalty, times: present.map((p) => p[0]) });
    return { measure: s.measure, group: s.group, ...r };
  });
  return { series, meta: answer.meta };
}
