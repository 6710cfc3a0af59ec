import type { GroupValue, QueryAnswer } from './answer.js';
import { formatFullTime, formatValue, type FormatSpec } from './format.js';

export interface TableColumn {
  key: string;
  label: string;
  kind: 'time' | 'group' | 'measure';
  align: 'left' | 'right';
}

/** A cell: `raw` for sorting and CSV, `text` for the screen. */
export interface TableCell {
  raw: GroupValue;
  text: string;
}

export interface TableModel {
  columns: TableColumn[];
  rows: TableCell[][];
}

/**
 * A query answer as a table: a time column when the query has a step, one column
 * per groupBy column, one per measure; a row per group and bucket (by time, then
 * in the answer's group order). `spec` formats the measure cells; `specs` gives
 * one per measure (several metrics in one panel).
 */
export function tableModel(answer: QueryAnswer, spec: FormatSpec = {}, specs: Record<string, FormatSpec> = {}): TableModel {
  const stepped = answer.meta.step !== undefined;
  const groupCols: string[] = [];
  for (const s of answer.series) for (const k of Object.keys(s.group)) if (!groupCols.includes(k)) groupCols.push(k);
  const measures = [...new Set(answer.series.map((s) => s.measure))];
  const columns: TableColumn[] = [
    ...(stepped ? [{ key: 'time', label: 'time', kind: 'time' as const, align: 'left' as const }] : []),
    ...groupCols.map((k) => ({ key: `group:${k}`, label: k, kind: 'group' as const, align: 'left' as const })),
    ...measures.map((m) => ({ key: `measure:${m}`, label: m, kind: 'measure' as const, align: 'right' as const })),
  ];
  // Rows per group (keyed once per series), then per bucket time: measures side by side.
  type Row = { time: number; group: Record<string, GroupValue>; values: Map<string, number | null> };
  const byGroup = new Map<string, Map<number, Row>>();
  const ordered: Row[] = [];
  for (const s of answer.series) {
    const gk = JSON.stringify(groupCols.map((k) => s.group[k] ?? null));
    let rows = byGroup.get(gk);
    if (!rows) byGroup.set(gk, (rows = new Map()));
    for (const [t, v] of s.points) {
      const key = stepped ? t : 0;
      let row = rows.get(key);
      if (!row) {
        rows.set(key, (row = { time: t, group: s.group, values: new Map() }));
        ordered.push(row);
      }
      row.values.set(s.measure, v);
    }
  }
  if (stepped) ordered.sort((a, b) => a.time - b.time); // stable: group order kept within a bucket
  return {
    columns,
    rows: ordered.map((row) => [
      ...(stepped ? [{ raw: row.time, text: formatFullTime(row.time) }] : []),
      ...groupCols.map((k) => {
        const v = row.group[k] ?? null;
        return { raw: v, text: v === null ? '–' : String(v) };
      }),
      ...measures.map((m) => {
        const v = row.values.get(m) ?? null;
        return { raw: v, text: formatValue(v, specs[m] ?? spec) };
      }),
    ]),
  };
}

/**
 * The model sorted by a column: numbers and times numerically, text by code
 * point, booleans false first; empty cells last in both directions.
 */
export function sortTable(model: TableModel, columnKey: string, direction: 'asc' | 'desc' = 'asc'): TableModel {
  const i = model.columns.findIndex((c) => c.key === columnKey);
  if (i < 0) return model;
  const sign = direction === 'asc' ? 1 : -1;
  const rows = [...model.rows].sort((ra, rb) => {
    const a = ra[i].raw;
    const b = rb[i].raw;
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
    if (typeof a === 'boolean' && typeof b === 'boolean') return sign * (Number(a) - Number(b));
    const sa = String(a);
    const sb = String(b);
    return sign * (sa < sb ? -1 : sa > sb ? 1 : 0);
  });
  return { columns: model.columns, rows };
}

function csvField(cell: TableCell, column: TableColumn): string {
  const raw = cell.raw;
  if (raw === null) return '';
  let text = column.kind === 'time' && typeof raw === 'number' ? new Date(raw).toISOString() : String(raw);
  // Spreadsheets run text starting with = + - @ as a formula (CSV injection): make it plain text.
  if (typeof raw === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV of the raw values (times as ISO 8601 UTC), header row first, CRLF line ends. */
export function toCsv(model: TableModel): string {
  const header = model.columns.map((c) => csvField({ raw: c.label, text: c.label }, { ...c, kind: 'group' }));
  const lines = [header.join(','), ...model.rows.map((r) => r.map((cell, i) => csvField(cell, model.columns[i])).join(','))];
  return lines.join('\r\n') + '\r\n';
}
