import type { Panel, PanelType } from '../../../src/dashboards/schema.js';
import type { MetricQuery } from '../api.js';
import { autoStep, bucketOf, parseTimeText, resolveDashboardRange, resolveRange, type TimeRange } from '../time-range.js';
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
  /**
   * The dashboard's instant: relative ends (`now`, `-7d`) become fixed times at
   * it, so all panels of one load or refresh show the same window and panels
   * asking for the same series send the same query. Without it they are sent as
   * written and the server resolves them when each request arrives.
   */
  now?: number;
}

/** The range a panel shows as written: its own (rare: "always the last year") wins over the dashboard's. */
export function panelRange(panel: Panel, range: TimeRange): TimeRange {
  return { from: String(panel.query?.from ?? range.from), to: String(panel.query?.to ?? range.to) };
}

export function panelQuery(panel: Panel, ctx: FetchContext): MetricQuery | null {
  if (!panel.query) return null;
  const q: MetricQuery = { ...panel.query } as MetricQuery;
  if (q.from === undefined) q.from = ctx.range.from;
  if (q.to === undefined) q.to = ctx.range.to;
  if (!q.step && TIME_TYPES.has(panel.type)) {
    const r = resolveRange({ from: String(q.from), to: String(q.to) }, ctx.now);
    q.step = autoStep(r.from, r.to, panel.type === 'stat' ? 60 : 240);
  }
  if (ctx.now !== undefined) {
    // Epoch-ms ends are fixed already; only text ends are resolved.
    const fixed = resolveDashboardRange({ from: String(q.from), to: String(q.to) }, ctx.now);
    if (typeof q.from === 'string') q.from = fixed.from;
    if (typeof q.to === 'string') q.to = fixed.to;
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
 * (the oldest new row) to the end of `query`'s window, merged into the drawn
 * answer; rows older than the window count from its start. Null when the panel
 * has no time buckets (one value per group: it re-runs whole) or when the rows
 * all fall after the window (nothing drawn changes).
 */
export function incrementalQuery(query: MetricQuery, minTime: number, now = Date.now()): MetricQuery | null {
  if (!query.step) return null;
  const at = (v: string | number | undefined, fallback: string) => (typeof v === 'number' ? v : parseTimeText(v ?? fallback, now));
  const from = at(query.from, '-24h');
  const to = at(query.to, 'now');
  let start = bucketOf(minTime, query.step);
  if (from !== null && start < from) start = from;
  if (to !== null && start >= to) return null;
  return { ...query, from: start };
}
