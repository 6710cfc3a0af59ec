import { useMemo, useState, type ReactNode } from 'react';
import type { ColorScheme, Panel } from '../../../src/dashboards/schema.js';
import { formatChange, formatFullTime, formatValue, type FormatSpec } from '../../../src/charts/format.js';
import { parseSeriesId, seriesKey, seriesName } from '../../../src/charts/series-name.js';
import type { Group, PanelData, QueryAnswer } from '../../../src/charts/answer.js';
import { thresholdColor, paletteFor } from '../../../src/charts/colors.js';
import type { EChartsClick } from './EChart.js';
import { bucketOf } from '../time-range.js';

/**
 * Adapters between panel data and what the panel draws outside ECharts (table,
 * stat), plus live merging and drill-down mapping.
 */

/** Epoch ms of the newest point with a value, over every series (null: none). */
export function newestTime(data: unknown): number | null {
  const series = (data as { series?: unknown[] } | null)?.series;
  if (!Array.isArray(series)) return null;
  let newest: number | null = null;
  const see = (t: number, v: unknown) => {
    if (v !== null && v !== undefined && (newest === null || t > newest)) newest = t;
  };
  for (const s of series as Record<string, unknown>[]) {
    const pts = (Array.isArray(s.history) ? s.history : s.points) as unknown[] | undefined;
    if (!Array.isArray(pts)) continue;
    for (const p of pts) {
      if (Array.isArray(p)) see(p[0] as number, p[1]);
      else if (p && typeof p === 'object') see((p as { time: number }).time, (p as { value: unknown }).value);
    }
  }
  return newest;
}

/**
 * Merge an incremental answer (the newest buckets) into the drawn one: buckets
 * from the increment's start on are replaced by the increment's, series that
 * appear only in the increment are added, and when the range end moved forward
 * (a relative range), buckets that slid out of the start are dropped.
 */
export function mergeAnswer(prev: QueryAnswer, inc: QueryAnswer): QueryAnswer {
  const start = inc.meta.from;
  const slide = Math.max(0, inc.meta.to - prev.meta.to);
  const from = prev.meta.from + slide;
  const firstKept = bucketOf(from, prev.meta.step);
  const byKey = new Map(inc.series.map((s) => [seriesKey(s), s]));
  const series = prev.series.map((s) => {
    const key = seriesKey(s);
    const n = byKey.get(key);
    byKey.delete(key);
    const old = s.points.filter((p) => p[0] >= firstKept && (!n || p[0] < start));
    return { ...s, points: n ? [...old, ...n.points] : old };
  });
  series.push(...byKey.values());
  return { series, meta: { ...prev.meta, from, to: Math.max(prev.meta.to, inc.meta.to) } };
}

/** `{ column: value }` of a clicked series, bar or slice; null when the click has no group. */
export function drillFromClick(panel: Panel, data: PanelData, params: EChartsClick): Group | null {
  const fromId = parseSeriesId(params.seriesId);
  const item = params.data as { group?: Group } | undefined;
  if (item && typeof item === 'object' && !Array.isArray(item) && item.group && Object.keys(item.group).length) return { ...item.group };
  if (fromId && Object.keys(fromId.group).length) return { ...fromId.group };
  // Bars or slices over one group-by column: the category name is the value.
  const by = panel.query?.groupBy;
  if (by?.length === 1 && typeof params.name === 'string' && params.name) {
    const match = data.series.find((s) => String(s.group[by[0]]) === params.name);
    if (match) return { [by[0]]: match.group[by[0]] };
  }
  return null;
}

// ---- table ----

interface Column {
  key: string;
  label: string;
  numeric: boolean;
}

/** One row per series and bucket (or per series without a step): group columns, time, one column per measure. */
export function tableRows(answer: QueryAnswer): { columns: Column[]; rows: Record<string, string | number | boolean | null>[] } {
  const groupCols = [...new Set(answer.series.flatMap((s) => Object.keys(s.group)))];
  const measures = [...new Set(answer.series.map((s) => s.measure))];
  const hasTime = !!answer.meta.step;
  const rows = new Map<string, Record<string, string | number | boolean | null>>();
  for (const s of answer.series) {
    for (const [t, v] of s.points) {
      const key = JSON.stringify([groupCols.map((c) => s.group[c] ?? null), hasTime ? t : 0]);
      let row = rows.get(key);
      if (!row) {
        row = Object.fromEntries(groupCols.map((c) => [c, s.group[c] ?? null]));
        if (hasTime) row.__time = t;
        rows.set(key, row);
      }
      row[`m:${s.measure}`] = v;
    }
  }
  const columns: Column[] = [
    ...groupCols.map((c) => ({ key: c, label: c, numeric: false })),
    ...(hasTime ? [{ key: '__time', label: 'time (UTC)', numeric: true }] : []),
    ...measures.map((m) => ({ key: `m:${m}`, label: m, numeric: true })),
  ];
  return { columns, rows: [...rows.values()] };
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function TableView({ panel, answer, unit, format }: { panel: Panel; answer: QueryAnswer; unit?: string; format?: string }) {
  const { columns, rows } = useMemo(() => tableRows(answer), [answer]);
  const [sort, setSort] = useState<{ key: string; desc: boolean } | null>(null);
  const spec: FormatSpec = { unit: panel.options?.unit ?? unit, format: panel.options?.format ?? format, decimals: panel.options?.decimals };
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const dir = sort.desc ? -1 : 1;
    return [...rows].sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : 1) * dir;
    });
  }, [rows, sort]);
  const cell = (c: Column, v: unknown) => (c.key === '__time' ? formatFullTime(v as number) : c.numeric ? formatValue(v as number | null, spec) : v === null ? '∅' : String(v));
  const csv = () => {
    const lines = [columns.map((c) => csvCell(c.key === '__time' ? 'time' : c.label)).join(',')];
    for (const r of sorted) lines.push(columns.map((c) => csvCell(c.key === '__time' ? new Date(r[c.key] as number).toISOString() : r[c.key])).join(','));
    const url = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${panel.title || panel.id}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div className="panel-table-wrap">
      <table className="panel-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={c.numeric ? 'num' : undefined} aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                <button type="button" onClick={() => setSort((s) => (s?.key === c.key ? { key: c.key, desc: !s.desc } : { key: c.key, desc: c.numeric }))}>
                  {c.label}
                  {sort?.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.slice(0, 1000).map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? 'num' : undefined}>
                  {cell(c, r[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" className="link" onClick={csv}>
          Download CSV
        </button>
        {rows.length > 1000 && <span className="muted"> (first 1000 of {rows.length} rows shown; the CSV has all)</span>}
      </p>
    </div>
  );
}

// ---- stat ----

export function StatView(props: { panel: Panel; answer: QueryAnswer; unit?: string; format?: string; scheme: ColorScheme; children?: ReactNode }) {
  const { panel, answer, unit, format, scheme, children } = props;
  const spec: FormatSpec = { unit: panel.options?.unit ?? unit, format: panel.options?.format ?? format, decimals: panel.options?.decimals };
  const s = answer.series[0];
  const label = s ? seriesName(s) : '';
  const pts = (s?.points ?? []).filter((p): p is [number, number] => p[1] !== null);
  const mid = (answer.meta.from + answer.meta.to) / 2;
  const half = (f: (t: number) => boolean) => {
    const xs = pts.filter((p) => f(p[0]));
    return xs.length ? xs.reduce((a, p) => a + p[1], 0) / xs.length : null;
  };
  const before = half((t) => t < mid);
  const after = half((t) => t >= mid);
  const value = pts.length ? pts[pts.length - 1][1] : null;
  const change = before !== null && after !== null && before !== 0 ? (after - before) / Math.abs(before) : null;
  const color = thresholdColor(value, panel.options?.thresholds, scheme, paletteFor(scheme, 'light')[0]);
  return (
    <div className="stat">
      {children}
      <div className="stat-value" style={panel.options?.thresholds?.length ? { color } : undefined} title={label}>
        {formatValue(value, spec)}
      </div>
      {change !== null && (
        <div className={`stat-change ${change >= 0 ? 'up' : 'down'}`} title="mean of the second half of the range vs the first half">
          {formatChange(change)} vs previous period
        </div>
      )}
    </div>
  );
}
