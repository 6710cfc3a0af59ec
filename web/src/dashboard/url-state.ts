import type { DashboardDoc } from '../../../src/dashboards/schema.js';
import { rangeFromSearch, type TimeRange } from '../time-range.js';
import type { FilterValue, PanelFilter } from '../panels/filters.js';

/**
 * The view state of a dashboard lives in the URL so a view can be shared:
 * `?from=-24h&to=now&var-region=eu&var-region=us&f-status=500&refresh=30s&live=1`.
 * `var-<name>` are the dashboard's variables (repeated for several values),
 * `f-<column>` the drill-down filter chips.
 */
export interface ViewState {
  range: TimeRange;
  /** Variable name → selected values (absent or empty = all). */
  vars: Record<string, string[]>;
  /** Drill-down chips: column → value (as text; typed by the column at query time). */
  chips: { column: string; value: string }[];
  refresh: string;
  live: boolean;
}

export function viewFromSearch(sp: URLSearchParams, doc: DashboardDoc | undefined): ViewState {
  const vars: Record<string, string[]> = {};
  const chips: ViewState['chips'] = [];
  for (const [k, v] of sp) {
    if (k.startsWith('var-')) (vars[k.slice(4)] ??= []).push(v);
    else if (k.startsWith('f-') && k.length > 2) chips.push({ column: k.slice(2), value: v });
  }
  const live = sp.get('live');
  return {
    range: rangeFromSearch(sp, doc?.time),
    vars,
    chips,
    refresh: sp.get('refresh') ?? doc?.refresh ?? 'off',
    live: live === null ? !!doc?.live : live === '1' || live === 'true',
  };
}

/** The query string of a view; `keep` are unrelated params left as they are (e.g. `edit`). */
export function searchOf(v: ViewState, keep: URLSearchParams): string {
  const sp = new URLSearchParams();
  for (const [k, val] of keep) {
    if (!/^(from|to|refresh|live)$/.test(k) && !k.startsWith('var-') && !k.startsWith('f-')) sp.append(k, val);
  }
  sp.set('from', v.range.from);
  sp.set('to', v.range.to);
  for (const [name, values] of Object.entries(v.vars)) for (const val of values) sp.append(`var-${name}`, val);
  for (const c of v.chips) sp.append(`f-${c.column}`, c.value);
  if (v.refresh && v.refresh !== 'off') sp.set('refresh', v.refresh);
  if (v.live) sp.set('live', '1');
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** Column types across the workspace's datasets (first dataset having the column wins). */
export type ColumnTypes = Map<string, string>;

/** URL text → a typed literal for the column (numbers and booleans unquoted). */
export function typedValue(text: string, type: string | undefined): FilterValue {
  if (text === '\u2205' || text === 'null') return type === 'string' && text === 'null' ? 'null' : null;
  if (type === 'number') {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

/** The filters every panel gets: the variables with a selection, and the chips. */
export function activeFilters(doc: DashboardDoc, view: ViewState, types: ColumnTypes): PanelFilter[] {
  const out: PanelFilter[] = [];
  for (const v of doc.variables ?? []) {
    const values = view.vars[v.name];
    if (values?.length) out.push({ column: v.column, values: values.map((x) => typedValue(x, types.get(v.column))) });
  }
  for (const c of view.chips) out.push({ column: c.column, values: [typedValue(c.value, types.get(c.column))] });
  return out;
}

/** A drill-down value as URL text. */
export function valueText(v: FilterValue): string {
  return v === null ? '\u2205' : String(v);
}
