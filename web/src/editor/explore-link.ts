import type { Panel, PanelOptions, PanelType } from '../../../src/dashboards/schema.js';
import { PANEL_TYPES } from '../../../src/dashboards/schema.js';
import type { PanelQuery } from './panel-draft.js';

/**
 * The explore page keeps its whole state in the URL, so a drill-down from a
 * dashboard, a link from the datasets page and a shared link all land on the
 * same view: `/explore?q=<metric query JSON>&type=<panel type>&from=…&to=…`.
 */
export interface ExploreState {
  query: PanelQuery;
  type: PanelType;
  from?: string;
  to?: string;
  /** Chart options (stack, area, donut…), `&o=<json>` when any. */
  options?: PanelOptions;
}

/** The link to explore a query. `from`/`to` in the query itself move to the URL's range. */
export function exploreHref(state: { query: PanelQuery; type?: PanelType; from?: string; to?: string; options?: PanelOptions }): string {
  const { from, to, ...query } = state.query;
  const params = new URLSearchParams();
  params.set('q', JSON.stringify(query));
  if (state.type) params.set('type', state.type);
  const f = state.from ?? (from !== undefined ? String(from) : undefined);
  const t = state.to ?? (to !== undefined ? String(to) : undefined);
  if (f) params.set('from', f);
  if (t) params.set('to', t);
  if (state.options && Object.keys(state.options).length) params.set('o', JSON.stringify(state.options));
  return `/explore?${params.toString()}`;
}

/** Explore a panel's query with an extra filter (a drill-down on one value). */
export function exploreHrefForPanel(panel: Panel, extra: Record<string, string | number | boolean | null> = {}, range?: { from?: string; to?: string }): string {
  const query = { ...(panel.query ?? {}) };
  const clauses = Object.entries(extra).map(([col, v]) => filterClause(col, v));
  if (clauses.length) query.filter = [query.filter ? `(${query.filter})` : '', ...clauses].filter(Boolean).join(' and ');
  return exploreHref({ query, type: panel.type, ...range });
}

/** One equality condition in the expression language, with the value quoted safely. */
export function filterClause(column: string, value: string | number | boolean | null): string {
  if (value === null) return `${column} is null`;
  if (typeof value === 'string') return `${column} = '${value.replace(/'/g, "''")}'`;
  return `${column} = ${String(value)}`;
}

/** Read the explore state from a query string; anything unreadable falls back to a default and is reported. */
export function parseExploreSearch(search: string): { state: ExploreState; error?: string } {
  const params = new URLSearchParams(search);
  const typeParam = params.get('type');
  const type: PanelType = typeParam && (PANEL_TYPES as readonly string[]).includes(typeParam) ? (typeParam as PanelType) : 'timeseries';
  const state: ExploreState = { query: { measures: ['count()'] }, type, from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
  const rawOptions = params.get('o');
  if (rawOptions) {
    try {
      const o = JSON.parse(rawOptions) as unknown;
      if (typeof o === 'object' && o !== null && !Array.isArray(o)) state.options = o as PanelOptions;
    } catch {
      // Options only change how the chart looks: an unreadable o= is dropped.
    }
  }
  const raw = params.get('q');
  if (!raw) return { state };
  try {
    const q = JSON.parse(raw) as unknown;
    if (typeof q !== 'object' || q === null || Array.isArray(q)) return { state, error: 'the q parameter must be a JSON object (a metric query)' };
    const { from, to, ...query } = q as PanelQuery;
    state.query = query;
    if (!state.from && from !== undefined) state.from = String(from);
    if (!state.to && to !== undefined) state.to = String(to);
    return { state };
  } catch {
    return { state, error: 'the q parameter is not valid JSON' };
  }
}
