import { explainAdditiveChange, explainRatioChange } from '../analytics/contribution/index.js';
import { correlate, lagSearch, type CorrelationMethod } from '../analytics/correlation/index.js';
import { analyzeContinuousExperiment, analyzeConversionExperiment } from '../analytics/experiments/index.js';
import { AlmanacError } from '../core/errors.js';
import { isColumnName } from '../core/names.js';
import type { Store } from '../store/store.js';
import { runQuery, type QueryAnswer } from './run-query.js';
import type { MetricQuery } from './resolve-query.js';

/**
 * Correlation, contributions and experiments over metric queries: the queries
 * supply the numbers, the pure analytics modules compare them. Any user text
 * here is an expression checked by the query layer, never SQL.
 */

function oneSeries(answer: QueryAnswer, path: string) {
  if (answer.series.length !== 1) {
    throw new AlmanacError('invalid_query', `${path}: the query gives ${answer.series.length} series; correlation needs exactly one (one measure, no groupBy)`);
  }
  return answer.series[0];
}

export interface CorrelationRequest {
  x: MetricQuery;
  y: MetricQuery;
  method?: CorrelationMethod;
  maxLag?: number;
}

/** Correlate two metrics bucket by bucket, and search lags where one leads the other. */
export async function correlationQuery(store: Store, workspace: string, req: CorrelationRequest) {
  for (const [path, q] of [['x', req.x], ['y', req.y]] as const) {
    if (typeof q.step !== 'string') throw new AlmanacError('invalid_query', `${path}.step: correlation compares time series; give both queries the same step`);
  }
  if (req.x.step !== req.y.step) throw new AlmanacError('invalid_query', `y.step: must equal x.step ("${req.x.step}") so buckets line up`);
  const [x, y] = await Promise.all([runQuery(store, workspace, req.x), runQuery(store, workspace, req.y)]);
  const xs = oneSeries(x, 'x');
  const ys = oneSeries(y, 'y');
  const yAt = new Map(ys.points);
  const times = xs.points.map((p) => p[0]).filter((t) => yAt.has(t));
  if (times.length < 3) throw new AlmanacError('invalid_query', 'the two queries share fewer than 3 buckets; give them overlapping ranges');
  const xAt = new Map(xs.points);
  const a = times.map((t) => xAt.get(t) ?? null);
  const b = times.map((t) => yAt.get(t) ?? null);
  const method = req.method ?? 'pearson';
  return { buckets: times.length, correlation: correlate(a, b, method), lags: lagSearch(a, b, { method, maxLag: req.maxLag }) };
}

export interface ContributionRequest {
  query: MetricQuery;
  /** For ratio metrics: the numerator and denominator measures (e.g. count_if(status >= 500) and count()). */
  ratio?: { numerator: string; denominator: string };
  before: { from: string | number; to: string | number };
  after: { from: string | number; to: string | number };
}

/** Which groups of the query's single groupBy dimension explain the change from `before` to `after`. */
export async function contributionsQuery(store: Store, workspace: string, req: ContributionRequest) {
  const q = req.query;
  if (!q.groupBy || q.groupBy.length !== 1) throw new AlmanacError('invalid_query', 'query.groupBy: give exactly one dimension whose values explain the change');
  if (q.step !== undefined || q.from !== undefined || q.to !== undefined) {
    throw new AlmanacError('invalid_query', 'query: leave out step, from and to; the two periods come from before and after');
  }
  const measures = req.ratio ? [req.ratio.numerator, req.ratio.denominator] : q.measures;
  if (!measures || (!req.ratio && measures.length !== 1)) throw new AlmanacError('invalid_query', 'query.measures: give one additive measure (a count or a sum), or use ratio');
  const period = (p: { from: string | number; to: string | number }) => runQuery(store, workspace, { ...q, measures, limit: undefined, from: p.from, to: p.to });
  const [before, after] = await Promise.all([period(req.before), period(req.after)]);
  const dim = q.groupBy[0];
  const valuesBy = (answer: QueryAnswer, measure: number) => {
    const label = measures[measure];
    return new Map(answer.series.filter((s) => s.measure === label).map((s) => [String(s.group[dim]), s.points[0][1] ?? 0]));
  };
  const groups = [...new Set([...before.series, ...after.series].map((s) => String(s.group[dim])))];
  if (req.ratio) {
    const [bn, bd, an, ad] = [valuesBy(before, 0), valuesBy(before, 1), valuesBy(after, 0), valuesBy(after, 1)];
    return explainRatioChange(groups.map((g) => ({
      group: g,
      before: { numerator: bn.get(g) ?? 0, denominator: bd.get(g) ?? 0 },
      after: { numerator: an.get(g) ?? 0, denominator: ad.get(g) ?? 0 },
    })));
  }
  const [b, a] = [valuesBy(before, 0), valuesBy(after, 0)];
  return explainAdditiveChange(groups.map((g) => ({ group: g, before: b.get(g) ?? 0, after: a.get(g) ?? 0 })));
}

export interface ExperimentRequest {
  dataset: string;
  variantColumn: string;
  control?: string;
  /** A condition that marks a converting row, e.g. `purchased = true`. */
  conversion?: string;
  /** A number column compared between variants by its mean, e.g. `order_value`. */
  value?: string;
  filter?: string;
  from?: string | number;
  to?: string | number;
  confidence?: number;
  expectedSplit?: number[];
}

/** A/B analysis of a dataset with a variant column: conversions (a condition) or a continuous value. */
export async function experimentQuery(store: Store, workspace: string, req: ExperimentRequest) {
  if ((req.conversion === undefined) === (req.value === undefined)) {
    throw new AlmanacError('bad_request', 'give exactly one of conversion (a condition marking a converting row) or value (a number column)');
  }
  if (req.value !== undefined && !isColumnName(req.value)) throw new AlmanacError('bad_request', `value: ${JSON.stringify(req.value)} is not a column name`);
  // The condition is checked on its own first, so it cannot combine with the surrounding measure text.
  if (req.conversion !== undefined) {
    await runQuery(store, workspace, { dataset: req.dataset, measures: ['count()'], filter: req.conversion, from: req.from ?? '-30d', to: req.to });
  }
  const measures = req.conversion !== undefined ? ['count()', `count_if(${req.conversion})`] : ['count()', `avg(${req.value})`, `stddev(${req.value})`];
  const answer = await runQuery(store, workspace, {
    dataset: req.dataset, measures, groupBy: [req.variantColumn], filter: req.filter, from: req.from ?? '-30d', to: req.to,
  });
  const byVariant = new Map<string, (number | null)[]>();
  for (const s of answer.series) {
    const name = String(s.group[req.variantColumn]);
    const row = byVariant.get(name) ?? [];
    row[measures.indexOf(s.measure)] = s.points[0][1];
    byVariant.set(name, row);
  }
  if (byVariant.size < 2) throw new AlmanacError('invalid_query', `variantColumn: found ${byVariant.size} variant(s) of "${req.variantColumn}" in the range; an experiment needs at least two`);
  const options = { control: req.control, confidence: req.confidence, expectedSplit: req.expectedSplit };
  const names = [...byVariant.keys()].sort((a, b) => (a === req.control ? -1 : b === req.control ? 1 : a.localeCompare(b)));
  if (req.conversion !== undefined) {
    return analyzeConversionExperiment(names.map((name) => ({ name, n: byVariant.get(name)![0] ?? 0, conversions: byVariant.get(name)![1] ?? 0 })), options);
  }
  return analyzeContinuousExperiment(names.map((name) => {
    const [n, mean, sd] = byVariant.get(name)!;
    return { name, n: n ?? 0, mean: mean ?? Number.NaN, variance: (sd ?? Number.NaN) ** 2 };
  }), options);
}
