import { Type } from 'typebox';
import type { DatasetDef, MetricDef } from '../../core/dataset.js';
import { AlmanacError, type Issue } from '../../core/errors.js';
import { DEFINITION_NAME_PATTERN } from '../../core/names.js';
import type { DefinitionView, KindSpec } from '../../definitions/kinds.js';
import { resolveQuery } from '../../query/resolve-query.js';
import { parsePeriod, PERIOD_PATTERN } from './period.js';
import { resolveThresholds } from './score.js';
import { parseTransform } from './transform.js';
import type { KpiDef } from './types.js';

/** The query of a KPI: one measure, no range (the period gives it), no groups. */
export const KpiQuerySchema = Type.Object({
  dataset: Type.Optional(Type.String()),
  metric: Type.Optional(Type.String()),
  measures: Type.Optional(Type.Array(Type.String({ maxLength: 4000 }), { minItems: 1, maxItems: 1 })),
  filter: Type.Optional(Type.String({ maxLength: 10000 })),
}, { additionalProperties: false, description: 'A metric query without from, to, step or groupBy: the period gives the range, and a KPI is one number.' });

const Percent = Type.Number({ minimum: 0, maximum: 10000 });

export const KpiDocSchema = Type.Object({
  kind: Type.Literal('kpi'),
  name: Type.String({ pattern: DEFINITION_NAME_PATTERN }),
  title: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  query: KpiQuerySchema,
  transform: Type.Optional(Type.String({ maxLength: 500, description: 'arithmetic on value: numbers, value, + - * / and parentheses, e.g. 1 - value' })),
  period: Type.String({ pattern: PERIOD_PATTERN, description: 'day | week | month | quarter | rolling:<duration> (UTC; weeks start Monday)' }),
  target: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'for direction higher or lower; must be positive' })),
  targetLow: Type.Optional(Type.Number({ description: 'lower bound for direction band' })),
  targetHigh: Type.Optional(Type.Number({ description: 'upper bound for direction band' })),
  direction: Type.Union([Type.Literal('higher'), Type.Literal('lower'), Type.Literal('band')]),
  weight: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6, description: 'weight in the overall score (default 1)' })),
  thresholds: Type.Optional(Type.Object({ excellent: Type.Optional(Percent), good: Type.Optional(Percent), average: Type.Optional(Percent) }, {
    additionalProperties: false, description: 'lowest achievement (percent of target) of each category; default excellent 100, good 90, average 75',
  })),
  maxAchievement: Type.Optional(Type.Number({ minimum: 100, maximum: 10000, description: 'cap on the achievement counted in the overall score (default 120)' })),
}, { additionalProperties: false });

const RESERVED_NAMES = ['scorecard', 'history'];

// Queries are checked at a fixed instant: only their shape matters here, not a range.
const CHECK_NOW = Date.UTC(2000, 0, 1);

/** Problems of a KPI query against the workspace, with paths under `query`. */
export function checkKpiQuery(query: KpiDef['query'], view: Pick<DefinitionView, 'get'>): Issue[] {
  try {
    resolveQuery(query, { dataset: (n) => view.get('dataset', n) as DatasetDef | undefined, metric: (n) => view.get('metric', n) as MetricDef | undefined }, CHECK_NOW);
    return [];
  } catch (e) {
    if (!(e instanceof AlmanacError)) throw e;
    if (e.issues.some((i) => i.path)) return e.issues.map((i) => ({ path: i.path ? `query.${i.path}` : 'query', message: i.message }));
    // Expression errors name their context in the message: `… at 5 in measures[0] "sum(x)"` or `… in filter "…"`.
    const context = / in (measures\[\d+\]|filter|metric "[^"]*") /.exec(e.message)?.[1];
    const path = e.code === 'not_found' ? 'query.dataset' : context?.startsWith('measures') ? `query.${context}` : context === 'filter' ? 'query.filter' : context ? 'query.metric' : 'query';
    return [{ path, message: e.message }];
  }
}

/** Checks beyond the schema: targets that fit the direction, ordered thresholds, a transform and a query that work. */
export function checkKpi(k: KpiDef, view: Pick<DefinitionView, 'get'>): Issue[] {
  const issues: Issue[] = [];
  // /api/v1/kpis/scorecard and /history are routes: a KPI of that name could not be read at /api/v1/kpis/{name}.
  if (RESERVED_NAMES.includes(k.name)) issues.push({ path: 'name', message: `${JSON.stringify(k.name)} is reserved (it is a route under /api/v1/kpis)` });
  if (k.direction === 'band') {
    if (k.targetLow === undefined) issues.push({ path: 'targetLow', message: 'direction band needs targetLow and targetHigh' });
    if (k.targetHigh === undefined) issues.push({ path: 'targetHigh', message: 'direction band needs targetLow and targetHigh' });
    if (k.targetLow !== undefined && k.targetHigh !== undefined && !(k.targetLow < k.targetHigh)) issues.push({ path: 'targetHigh', message: `must be greater than targetLow (${k.targetLow})` });
    if (k.target !== undefined) issues.push({ path: 'target', message: 'direction band uses targetLow and targetHigh, not target' });
  } else {
    if (k.target === undefined) issues.push({ path: 'target', message: `direction ${k.direction} needs a target` });
    for (const f of ['targetLow', 'targetHigh'] as const) if (k[f] !== undefined) issues.push({ path: f, message: `only direction band takes ${f}` });
  }
  const t = resolveThresholds(k.thresholds);
  if (!(t.excellent > t.good)) issues.push({ path: 'thresholds.good', message: `must be below excellent (${t.excellent}); got ${t.good}` });
  if (!(t.good > t.average)) issues.push({ path: 'thresholds.average', message: `must be below good (${t.good}); got ${t.average}` });
  for (const [path, fn] of [['transform', () => k.transform !== undefined && parseTransform(k.transform)], ['period', () => parsePeriod(k.period)]] as const) {
    try { fn(); } catch (e) {
      if (!(e instanceof AlmanacError)) throw e;
      issues.push({ path, message: e.issues[0]?.message ?? e.message });
    }
  }
  issues.push(...checkKpiQuery(k.query, view));
  return issues;
}

/** The `kind: kpi` entry of the definition registry. */
export const KPI_KIND: KindSpec = {
  schema: KpiDocSchema,
  check: (doc, view) => checkKpi(doc as unknown as KpiDef, view),
};
