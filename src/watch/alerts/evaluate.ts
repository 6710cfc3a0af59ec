import { parseDurationMs, parseStep } from '../../core/time.js';
import type { DatasetDef, MetricDef } from '../../core/dataset.js';
import { resolveQuery } from '../../query/resolve-query.js';
import { shapeAnswer, type Series } from '../../query/shape-answer.js';
import type { Store } from '../../store/store.js';
import { anomaly, change, forecastCrossing, threshold } from './conditions.js';
import { evaluateKpi } from './kpi-condition.js';
import { groupKey, type Group } from './labels.js';
import { reduce } from './reduce.js';
import { DEFAULT_HISTORY, type Rule } from './rule-kind.js';
import type { Condition } from './rule-schema.js';
import type { EvalResult } from './state-machine.js';
import { queryRows } from '../../query/answer-cache.js';

/** The result of one evaluation for one query group (one alert instance). */
export interface InstanceResult {
  key: string;
  group: Group;
  result: EvalResult;
}

const DAY = 86_400_000;

interface GroupValue { group: Group; value: number | null; points: [number, number | null][] }

/** Run the rule's query over [from, to) and reduce each group's points to one value. */
async function groupValues(store: Store, workspace: string, rule: Rule, from: number, to: number, now: number, step?: string, signal?: AbortSignal): Promise<Map<string, GroupValue>> {
  const query = { ...rule.doc.query, from, to, ...(step ? { step } : {}) };
  const out = new Map<string, GroupValue>();
  for (const s of await runRuleQuery(store, workspace, query, now, signal)) {
    const hasStep = query.step !== undefined;
    const value = hasStep ? reduce(s.points.map((p) => p[1]), rule.reducer) : s.points[0]?.[1] ?? null;
    out.set(groupKey(s.group), { group: s.group, value, points: s.points });
  }
  return out;
}

/**
 * runQuery, looking up only datasets and metrics: runQuery lists (and sorts) every
 * definition of the workspace, which with a thousand rules cost ~1.5 ms a query.
 */
async function runRuleQuery(store: Store, workspace: string, query: unknown, now: number, signal?: AbortSignal): Promise<Series[]> {
  const [datasets, metrics] = await Promise.all([store.listDefinitions(workspace, 'dataset'), store.listDefinitions(workspace, 'metric')]);
  const q = resolveQuery(query, {
    dataset: (n) => datasets.find((d) => d.name === n) as DatasetDef | undefined,
    metric: (n) => metrics.find((d) => d.name === n) as MetricDef | undefined,
  }, now);
  const { rows } = await queryRows(store, workspace, q, signal);
  return shapeAnswer(q, rows);
}

/** Fixed length of a step in ms (a calendar step counts as 30 days a month: only used to size a horizon). */
function stepMs(step: string): number {
  const s = parseStep(step, 'query.step');
  return s.kind === 'fixed' ? s.ms : s.months * 30 * DAY;
}

/**
 * Evaluate a rule at `now`: run its query for the window ending at `now`, reduce
 * per group, apply the condition. Returns one result per group the query
 * answered (a grouped query over no rows answers none: the caller decides what
 * that means for instances it already knows). Throws on a query error.
 */
export async function evaluateRule(store: Store, workspace: string, rule: Rule, now: number, signal?: AbortSignal): Promise<InstanceResult[]> {
  const c: Condition = rule.doc.condition;
  const from = now - rule.windowMs;
  // Every query of the rule, over [start, end) as of `now`, stopped when `signal` aborts (the rule's timeout).
  const values = (r: Rule, start: number, end: number, step?: string) => groupValues(store, workspace, r, start, end, now, step, signal);
  const results = (entries: Iterable<[string, GroupValue]>, fn: (g: GroupValue, key: string) => EvalResult) =>
    [...entries].map(([key, g]) => ({ key, group: g.group, result: fn(g, key) }));

  switch (c.type) {
    case 'threshold': {
      const current = await values(rule, from, now);
      return results(current, (g) => threshold(g.value, c));
    }
    case 'nodata': {
      // "No data" means no rows: counted directly, because the rule's own measure may be 0 or null over rows.
      const counting = { ...rule, doc: { ...rule.doc, query: { ...rule.doc.query, measures: ['count()'] } }, reducer: 'sum' };
      const current = await values(counting, from, now);
      return results(current, (g) => (!g.value
        ? { kind: 'ok', met: true, value: 0, detail: `no rows in the last ${rule.doc.window}` }
        : { kind: 'ok', met: false, value: g.value, detail: `${g.value} rows in the last ${rule.doc.window}` }));
    }
    case 'change': {
      const offset = c.compareTo === '1d' ? DAY : c.compareTo === '1w' ? 7 * DAY : rule.windowMs;
      const [current, baseline] = await Promise.all([
        values(rule, from, now),
        values(rule, from - offset, now - offset),
      ]);
      return results(current, (g, key) => change(g.value, baseline.get(key)?.value ?? null, c));
    }
    case 'anomaly': {
      const historyMs = parseDurationMs(c.history ?? DEFAULT_HISTORY, 'condition.history');
      const step = rule.doc.query.step ?? rule.doc.window;
      const [current, history] = await Promise.all([
        values(rule, from, now),
        values(rule, from - historyMs, from, step),
      ]);
      return results(current, (g, key) => anomaly(history.get(key)?.points ?? [], g.value, from, c));
    }
    case 'forecast': {
      const historyMs = parseDurationMs(c.history ?? DEFAULT_HISTORY, 'condition.history');
      const step = rule.doc.query.step ?? rule.doc.window;
      const size = stepMs(step);
      const steps = Math.max(1, Math.ceil(parseDurationMs(c.horizon, 'condition.horizon') / size));
      const history = await values(rule, now - historyMs, now, step);
      // The last bucket is cut short by `now`: a partial sum or count would look like a fall.
      return results(history, (g) => forecastCrossing(g.points.filter((p) => p[0] + size <= now).map((p) => p[1]), steps, c));
    }
    case 'kpi':
      return evaluateKpi(store, workspace, rule, c, now);
  }
}
