import type { DatasetDef, MetricDef } from '../core/dataset.js';
import { isAlmanacError, type Issue } from '../core/errors.js';
import { parseDurationMs, parseTime } from '../core/time.js';
import type { DefinitionView, KindSpec } from '../definitions/kinds.js';
import { resolveQuery } from '../query/resolve-query.js';
import type { Definition } from '../store/store.js';
import { DashboardDocSchema, type DashboardDoc, type Panel, type PanelType } from './schema.js';

/** Panel types that show something other than a metric query's answer. */
export const QUERYLESS_PANELS: ReadonlySet<PanelType> = new Set(['text', 'kpi', 'alerts']);

/** Columns on the dashboard grid (react-grid-layout `cols`). */
export const GRID_COLUMNS = 24;

/**
 * The part of a query error's message that names where it is: resolver errors
 * carry issues with paths; time errors start with `from:`/`to:`/`step:`; expression
 * errors end with `in measures[1] "…"` or `in filter "…"`.
 */
function queryErrorPath(e: unknown): { path: string; message: string }[] {
  if (!isAlmanacError(e)) return [{ path: '', message: String(e) }];
  if (e.issues.length) return e.issues.map((i) => ({ path: i.path ?? '', message: i.message }));
  const expr = / in (measures\[\d+\]|filter) "/.exec(e.message);
  if (expr) return [{ path: expr[1], message: e.message }];
  const lead = /^(from|to|step|measures\[\d+\]|filter): /.exec(e.message);
  if (lead) return [{ path: lead[1], message: e.message.slice(lead[0].length) }];
  if (e.code === 'not_found') return [{ path: 'dataset', message: e.message }];
  return [{ path: '', message: e.message }];
}

function checkPanel(p: Panel, i: number, view: DefinitionView, now: number): Issue[] {
  const at = `panels[${i}]`;
  const issues: Issue[] = [];
  const queryless = QUERYLESS_PANELS.has(p.type);
  if (queryless && p.query) issues.push({ path: `${at}.query`, message: `a ${p.type} panel has no query; remove it` });
  if (!queryless && !p.query) issues.push({ path: `${at}.query`, message: `a ${p.type} panel needs a query (a dataset or a metric, and measures)` });
  if (p.type === 'text' && !p.options?.markdown) issues.push({ path: `${at}.options.markdown`, message: 'a text panel needs options.markdown' });
  if (p.type === 'scatter' && p.query && (p.query.measures?.length ?? 1) !== 2) {
    issues.push({ path: `${at}.query.measures`, message: 'a scatter panel plots two measures against each other: give exactly 2' });
  }
  if (p.layout.x + p.layout.w > GRID_COLUMNS) {
    issues.push({ path: `${at}.layout`, message: `x + w is ${p.layout.x + p.layout.w}; the grid has ${GRID_COLUMNS} columns` });
  }
  if (p.query) {
    try {
      resolveQuery(p.query, {
        dataset: (n) => view.get('dataset', n) as DatasetDef | undefined,
        metric: (n) => view.get('metric', n) as MetricDef | undefined,
      }, now);
    } catch (e) {
      for (const q of queryErrorPath(e)) issues.push({ path: q.path ? `${at}.query.${q.path}` : `${at}.query`, message: q.message });
    }
  }
  return issues;
}

/**
 * Checks of a dashboard beyond its schema: every panel query resolves against
 * the workspace (so a dashboard never refers to a missing column), panel ids
 * are unique (they are test hooks and URL keys), the layout fits the grid, and
 * variables name dimension columns (their values fill a picker).
 */
export function checkDashboard(doc: Definition, view: DefinitionView, now = Date.now()): Issue[] {
  const d = doc as unknown as DashboardDoc;
  const issues: Issue[] = [];
  const ids = d.panels.map((p) => p.id);
  ids.forEach((id, i) => { if (ids.indexOf(id) !== i) issues.push({ path: `panels[${i}].id`, message: `panel id "${id}" is used twice` }); });
  d.panels.forEach((p, i) => issues.push(...checkPanel(p, i, view, now)));
  if (d.time) {
    for (const k of ['from', 'to'] as const) {
      try { parseTime(d.time[k], now, k); } catch (e) { issues.push({ path: `time.${k}`, message: (e as Error).message.replace(/^(from|to): /, '') }); }
    }
  }
  if (d.refresh !== undefined && d.refresh !== 'off') {
    try { parseDurationMs(d.refresh, 'refresh'); } catch { issues.push({ path: 'refresh', message: `"${d.refresh}" is not an interval; use e.g. 30s, 5m, or off` }); }
  }
  const names = new Set<string>();
  (d.variables ?? []).forEach((v, i) => {
    if (names.has(v.name)) issues.push({ path: `variables[${i}].name`, message: `variable "${v.name}" is defined twice` });
    names.add(v.name);
    const ds = view.get('dataset', v.dataset) as DatasetDef | undefined;
    if (!ds) { issues.push({ path: `variables[${i}].dataset`, message: `dataset "${v.dataset}" does not exist` }); return; }
    const col = ds.columns.find((c) => c.name === v.column);
    if (!col) issues.push({ path: `variables[${i}].column`, message: `unknown column "${v.column}" in dataset "${v.dataset}"` });
    else if (col.type !== 'string' && col.type !== 'boolean') issues.push({ path: `variables[${i}].column`, message: `"${v.column}" is a ${col.type} column; a variable filters by a dimension (string or boolean)` });
  });
  return issues;
}

/** `kind: dashboard` for the definitions registry (`KINDS`). */
export const dashboardKind: KindSpec = {
  schema: DashboardDocSchema,
  check: (doc, view) => checkDashboard(doc, view),
};
