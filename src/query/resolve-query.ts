import { AlmanacError } from '../core/errors.js';
import type { DatasetDef, MetricDef } from '../core/dataset.js';
import { bucketStart, parseStep, parseTime } from '../core/time.js';
import { checkFilter, checkMeasure, type CheckScope } from '../expr/check.js';
import type { CheckedQuery, Fill } from './checked-query.js';

/** The metric query as a user writes it (ARCHITECTURE §4). */
export interface MetricQuery {
  dataset?: string;
  metric?: string;
  measures?: string[];
  filter?: string;
  groupBy?: string[];
  from?: string | number;
  to?: string | number;
  step?: string;
  limit?: number;
  fill?: Fill;
}

export interface QueryDefinitions {
  dataset(name: string): DatasetDef | undefined;
  metric(name: string): MetricDef | undefined;
}

/** Most points one answer may hold, so a 1s step over a year cannot exhaust memory. */
export const MAX_POINTS = 1_000_000;
const DEFAULT_RANGE = '-24h';
const KEYS = new Set(['dataset', 'metric', 'measures', 'filter', 'groupBy', 'from', 'to', 'step', 'limit', 'fill']);

function fail(path: string, message: string): never {
  throw new AlmanacError('invalid_query', `${path}: ${message}`, { issues: [{ path, message }] });
}

/**
 * Check a metric query against the workspace's definitions and resolve every
 * part: dataset, measures (metrics inlined), filter, groups, absolute range, step.
 * Throws an `invalid_query`/`invalid_expression` error naming the offending part.
 */
export function resolveQuery(raw: unknown, defs: QueryDefinitions, now: number): CheckedQuery {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('query', 'must be an object');
  const q = raw as MetricQuery & Record<string, unknown>;
  const unknown = Object.keys(q).filter((k) => !KEYS.has(k));
  if (unknown.length) fail(unknown[0], `unknown field; a query has ${[...KEYS].join(', ')}`);

  let metricDef: MetricDef | undefined;
  if (q.metric !== undefined) {
    if (typeof q.metric !== 'string') fail('metric', 'must be a string');
    metricDef = defs.metric(q.metric);
    if (!metricDef) fail('metric', `unknown metric "${q.metric}"`);
    if (q.dataset !== undefined && q.dataset !== metricDef.dataset) fail('dataset', `metric "${q.metric}" is defined on dataset "${metricDef.dataset}"`);
  }
  const datasetName = q.dataset ?? metricDef?.dataset;
  if (datasetName === undefined) fail('dataset', 'give a dataset or a metric');
  if (typeof datasetName !== 'string') fail('dataset', 'must be a string');
  const dataset = defs.dataset(datasetName);
  if (!dataset) throw new AlmanacError('not_found', `dataset "${datasetName}" not found`);
  const scope: CheckScope = { dataset, metric: (n) => defs.metric(n) };

  let measureTexts: string[];
  if (q.measures !== undefined) {
    if (!Array.isArray(q.measures) || q.measures.some((m) => typeof m !== 'string')) fail('measures', 'must be a list of expression strings');
    measureTexts = q.measures;
  } else if (metricDef) {
    measureTexts = [metricDef.name];
  } else {
    measureTexts = ['count()'];
  }
  if (measureTexts.length === 0) fail('measures', 'give at least one measure');
  if (measureTexts.length > 50) fail('measures', 'at most 50 measures per query');
  const measures = measureTexts.map((m, i) => ({ label: m, expr: checkMeasure(m, scope, `measures[${i}]`) }));

  let filter;
  if (q.filter !== undefined && q.filter !== '') {
    if (typeof q.filter !== 'string') fail('filter', 'must be an expression string');
    filter = checkFilter(q.filter, scope);
  }

  const groupBy = q.groupBy ?? [];
  if (!Array.isArray(groupBy) || groupBy.some((g) => typeof g !== 'string')) fail('groupBy', 'must be a list of column names');
  if (groupBy.length > 10) fail('groupBy', 'at most 10 columns');
  groupBy.forEach((g, i) => {
    const col = dataset.columns.find((c) => c.name === g);
    if (!col) fail(`groupBy[${i}]`, `unknown column "${g}" in dataset "${dataset.name}"`);
    if (col.type === 'time') fail(`groupBy[${i}]`, `"${g}" is the time column; use step to bucket time`);
  });
  if (new Set(groupBy).size !== groupBy.length) fail('groupBy', 'lists a column twice');

  const step = q.step !== undefined ? parseStep(q.step, 'step') : undefined;
  let from = parseTime(q.from ?? DEFAULT_RANGE, now, 'from');
  const to = parseTime(q.to ?? 'now', now, 'to');
  if (!(from < to)) fail('from', `the range is empty: from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`);
  if (step) {
    // Buckets are aligned to the step in UTC; the range starts at its first bucket.
    from = bucketStart(from, step);
    const approxPoints = step.kind === 'fixed' ? (to - from) / step.ms : (to - from) / (step.months * 28 * 86_400_000);
    if (approxPoints > MAX_POINTS) fail('step', `${step.text} over this range makes ${Math.ceil(approxPoints)} buckets; the most is ${MAX_POINTS}: use a larger step or a shorter range`);
  }

  if (q.limit !== undefined) {
    if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > 10_000) fail('limit', 'must be an integer from 1 to 10000');
    if (groupBy.length === 0) fail('limit', 'limits the number of groups; add groupBy');
  }
  const fill = q.fill ?? 'null';
  if (!['null', 'zero', 'previous'].includes(fill)) fail('fill', 'must be "null", "zero" or "previous"');

  return { dataset, measures, filter, groupBy, from, to, step, limit: q.limit, fill };
}

