import type { MetricDef } from '../../../src/core/dataset.js';

/**
 * Suggestions for the query form, computed from a dataset's schema: measures
 * people usually want, and the columns that can group. Pure, so it is tested
 * without a browser.
 */
export interface ColumnInfo {
  name: string;
  type: 'time' | 'string' | 'number' | 'boolean';
}

export interface DatasetInfo {
  name: string;
  description?: string;
  timeColumn: string;
  idColumn?: string;
  columns: ColumnInfo[];
}

/** A metric definition as the API lists it. */
export type MetricInfo = Omit<MetricDef, 'kind'>;

/** Aggregates offered for every number column, in the order they are suggested. */
const NUMBER_AGGS = ['sum', 'avg', 'min', 'max', 'p50', 'p95', 'p99'];

/** Measures for a dataset: count(), then aggregates of its number columns, then distinct counts of its dimensions, then metric names defined on it. */
export function measureSuggestions(ds: DatasetInfo | undefined, metrics: MetricInfo[] = []): string[] {
  if (!ds) return [];
  const out = ['count()'];
  const numbers = ds.columns.filter((c) => c.type === 'number' && c.name !== ds.idColumn);
  for (const c of numbers) for (const fn of NUMBER_AGGS) out.push(`${fn}(${c.name})`);
  for (const c of dimensionColumns(ds)) out.push(`count_distinct(${c.name})`);
  for (const m of metrics) if (m.dataset === ds.name) out.push(m.name);
  return out;
}

/** Columns that can group a query: strings and booleans, except the id column (one group per row is never useful). */
export function dimensionColumns(ds: DatasetInfo | undefined): ColumnInfo[] {
  if (!ds) return [];
  return ds.columns.filter((c) => (c.type === 'string' || c.type === 'boolean') && c.name !== ds.idColumn);
}

/** A filter example that names a real column, shown as the filter field's placeholder. */
export function filterExample(ds: DatasetInfo | undefined): string {
  const dim = dimensionColumns(ds).find((c) => c.type === 'string');
  const num = ds?.columns.find((c) => c.type === 'number');
  const parts = [dim ? `${dim.name} = 'value'` : '', num ? `${num.name} > 0` : ''].filter(Boolean);
  return parts.length ? `e.g. ${parts.join(' and ')}` : "e.g. column = 'value'";
}

/**
 * Split a measures text field (one per line, or comma-separated when commas are
 * not inside parentheses or quotes) into expression strings.
 */
export function splitMeasures(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let cur = '';
  for (const ch of text) {
    if (ch === "'") quote = !quote;
    else if (!quote && ch === '(') depth++;
    else if (!quote && ch === ')') depth = Math.max(0, depth - 1);
    if (!quote && depth === 0 && (ch === ',' || ch === '\n')) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
