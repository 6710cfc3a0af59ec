import type { Panel, PanelType } from '../../../src/dashboards/schema.js';
import type { MetricQuery } from '../api.js';
import { autoStep, bucketOf, resolveRange, type TimeRange } from '../time-range.js';
import { combineFilter, type PanelFilter } from './filters.js';

/**
 * What a panel fetches, as a pure function of the panel, the dashboard's time
 * range and filters: the metric query (or forecast / anomaly request built on
 * it), or one of the non-query sources.
 */
export type PanelFetch =
  | { kind: 'none' }
  | { kind: 'text'; markdown: string }
  | { kind: 'query'; query: MetricQuery }
  | { kind: 'forecast'; query: MetricQuery; body: { query: MetricQuery; horizon: number } }
  | { kind: 'anomalies'; query: MetricQuery; body: { query: MetricQuery; sensitivity?: 'low' | 'medium' | 'high' } }
  | { kind: 'kpis'; names?: string[] }
  | { kind: 'alerts' };

/** Types drawn over time: without a step of their own they get one fitted to the range. */
const TIME_TYPES: ReadonlySet<PanelType> = new Set(['timeseries', 'heatmap', 'forecast', 'anomaly', 'stat', 'histogram']);

export interface FetchContext {
  range: TimeRange;
  filters: readonly PanelFilter[];
  /** Columns of the panel's dataset (which filters apply); undefined = unknown. */
  columns?: ReadonlySet<string>;
  now?: number;
}

export function panelQuery(panel: Panel, ctx: FetchContext): MetricQuery | null {
  if (!panel.query) return null;
  const q: MetricQuery = { ...panel.query } as MetricQuery;
  // The panel's own range (rare: "always the last year") wins over the dashboard's.
  if (q.from === undefined) q.from = ctx.range.from;
  if (q.to === undefined) q.to = ctx.range.to;
  if (!q.step && TIME_TYPES.has(panel.type)) {
    const r = resolveRange({ from: String(q.from), to: String(q.to) }, ctx.now);
    q.step = autoStep(r.from, r.to, panel.type === 'stat' ? 60 : 240);
  }
  const filter = combineFilter(q.filter, ctx.filters, ctx.columns);
  if (filter) q.filter = filter;
  else delete q.filter;
  return q;
}

export function panelFetch(panel: Panel, ctx: FetchContext): PanelFetch {
  switch (panel.type) {
    case 'text':
      return { kind: 'text', markdown: panel.options?.markdown ?? '' };
    case 'kpi':
      return { kind: 'kpis', names: panel.options?.kpis };
    case 'alerts':
      return { kind: 'alerts' };
  }
  const query = panelQuery(panel, ctx);
  if (!query) return { kind: 'none' };
  if (panel.type === 'forecast') return { kind: 'forecast', query, body: { query, horizon: panel.options?.horizon ?? 24 } };
  if (panel.type === 'anomaly') {
    return { kind: 'anomalies', query, body: { query, ...(panel.options?.sensitivity ? { sensitivity: panel.options.sensitivity } : {}) } };
  }
  return { kind: 'query', query };
}

/**
 * The query for a live update: only the buckets from the one holding `minTime`
 * (the oldest new row) to the range end, merged into the drawn answer. Null when
 * the panel has no time buckets (one value per group): it re-runs whole.
 */
export function incrementalQuery(query: MetricQuery, minTime: number): MetricQuery | null {
  if (!query.step) return null;
  return { ...query, from: bucketOf(minTime, query.step) };
}
