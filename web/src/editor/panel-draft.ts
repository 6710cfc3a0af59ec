import { schemaIssues } from '../../../src/core/schemas.js';
import { PanelSchema, type Panel, type PanelOptions, type PanelType } from '../../../src/dashboards/schema.js';
import { PANEL_TYPE_INFO, type OptionKey } from './panel-types.js';

/** The metric query as a panel holds it. */
export type PanelQuery = NonNullable<Panel['query']>;

export interface Problem {
  path: string;
  message: string;
}

/** A panel id not used by any of `taken`: `p1`, `p2`, … */
export function newPanelId(taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) if (!used.has(`p${i}`)) return `p${i}`;
}

export function newPanel(id = 'p1'): Panel {
  return { id, title: 'New panel', type: 'timeseries', query: { measures: ['count()'] }, layout: { x: 0, y: 0, w: 12, h: 8 } };
}

/**
 * The panel as it is saved: empty fields dropped (an empty filter or group list
 * means "none"), options that do not apply to the type removed, and no query
 * for types that do not run one. The editor keeps the rest in memory so that
 * switching the type back and forth loses nothing.
 */
export function cleanPanel(panel: Panel): Panel {
  const info = PANEL_TYPE_INFO[panel.type];
  const out: Panel = { id: panel.id, title: panel.title, type: panel.type, layout: panel.layout };
  if (panel.description?.trim()) out.description = panel.description;
  if (info.query && panel.query) out.query = cleanQuery(panel.query);
  const options: PanelOptions = {};
  for (const key of info.options) {
    const v = panel.options?.[key];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    (options as Record<OptionKey, unknown>)[key] = v;
  }
  if (Object.keys(options).length) out.options = options;
  return out;
}

export function cleanQuery(q: PanelQuery): PanelQuery {
  const out: PanelQuery = {};
  if (q.metric) out.metric = q.metric;
  else if (q.dataset) out.dataset = q.dataset;
  const measures = (q.measures ?? []).map((m) => m.trim()).filter(Boolean);
  if (measures.length) out.measures = measures;
  if (q.filter?.trim()) out.filter = q.filter.trim();
  if (q.groupBy?.length) out.groupBy = q.groupBy;
  if (q.step && q.step !== 'auto') out.step = q.step;
  if (q.from !== undefined && q.from !== '') out.from = q.from;
  if (q.to !== undefined && q.to !== '') out.to = q.to;
  if (q.limit !== undefined) out.limit = q.limit;
  if (q.fill) out.fill = q.fill;
  return out;
}

/**
 * What stops a panel from being saved, each with the path of the field: the
 * document schema, plus the rules the dashboard kind checks on the server that
 * need no data (query present for chart types, Markdown for text, two measures
 * for scatter). Whether columns and expressions exist is the server's answer,
 * shown from the preview query.
 */
export function panelProblems(panel: Panel): Problem[] {
  const problems: Problem[] = schemaIssues(PanelSchema, panel).map((i) => ({ path: i.path ?? '', message: i.message }));
  const info = PANEL_TYPE_INFO[panel.type as PanelType];
  if (!info) return problems;
  if (!panel.title.trim()) problems.push({ path: 'title', message: 'give the panel a title' });
  if (info.query) {
    const q = panel.query;
    if (!q || (!q.dataset && !q.metric)) problems.push({ path: 'query.dataset', message: 'choose a dataset or a metric' });
    const n = q?.measures?.length ?? (q?.metric ? 1 : 0);
    if (q && !q.metric && n === 0) problems.push({ path: 'query.measures', message: 'give at least one measure, e.g. count()' });
    if (info.measures && (n < info.measures.min || (info.measures.max !== undefined && n > info.measures.max))) {
      const want = info.measures.min === info.measures.max ? `exactly ${info.measures.min}` : `at least ${info.measures.min}`;
      problems.push({ path: 'query.measures', message: `a ${info.label.toLowerCase()} panel needs ${want} measures` });
    }
  } else if (panel.query) {
    problems.push({ path: 'query', message: `a ${info.label.toLowerCase()} panel has no query` });
  }
  if (panel.type === 'text' && !panel.options?.markdown?.trim()) problems.push({ path: 'options.markdown', message: 'write the Markdown text' });
  const t = panel.options?.thresholds;
  if (t && t.some((v, i) => i > 0 && v < t[i - 1])) problems.push({ path: 'options.thresholds', message: 'list thresholds in ascending order' });
  const { min, max } = panel.options ?? {};
  if (min !== undefined && max !== undefined && min >= max) problems.push({ path: 'options.max', message: 'max must be above min' });
  return problems;
}

/** Parse a comma-separated list of numbers; null when some part is not a number. */
export function parseNumberList(text: string): number[] | null {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  const nums = parts.map(Number);
  return nums.some((n) => !Number.isFinite(n)) ? null : nums;
}

/**
 * The body that asks the query layer whether a query is valid: the query over
 * the last second only and without a step, so the check costs next to nothing
 * whatever the range (the step is checked in the browser with parseStep).
 */
export function checkQueryBody(q: PanelQuery): PanelQuery {
  const { step: _step, ...rest } = cleanQuery(q);
  return { ...rest, from: '-1s', to: 'now' };
}

/** Fields of the query form, in the order they appear. */
export const QUERY_FIELDS = ['dataset', 'metric', 'measures', 'filter', 'groupBy', 'step', 'limit', 'from', 'to'] as const;
export type QueryField = (typeof QUERY_FIELDS)[number];

/**
 * The query form field a problem is about, from its path (`measures[1]`,
 * `query.filter`) or, for expression errors whose path is in the message
 * (`… at 4 in measures[0] "sum(x)"`), from the message.
 */
export function fieldOfProblem(p: { path?: string; message: string }): QueryField | null {
  const fromPath = (p.path ?? '').replace(/^(body\.|query\.|panels\[\d+\]\.query\.)/, '').split(/[.[]/)[0];
  if ((QUERY_FIELDS as readonly string[]).includes(fromPath)) return fromPath as QueryField;
  // Expression errors end with "at <pos> in <context>"; the query checks start with "<path>: ".
  const fields = 'measures|filter|groupBy|step|dataset|metric|limit|from|to';
  const m = new RegExp(`\\bat \\d+ in (${fields})\\b`).exec(p.message) ?? new RegExp(`^(${fields})(?:\\[\\d+\\])?:`).exec(p.message);
  return m ? (m[1] as QueryField) : null;
}
