import { useMemo, useState, type ReactNode } from 'react';
import type { ColorScheme, Panel } from '../../../src/dashboards/schema.js';
import { paletteFor, sortTable, statModel, tableModel, thresholdColor, toCsv, type FormatSpec, type QueryAnswer } from '../../../src/charts/index.js';
import { downloadText, fileBase } from './export.js';

/**
 * What a panel draws outside ECharts (table, stat), from the models of
 * `src/charts/`, and the newest time drawn (the `data-last-time` test hook).
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

/** The formats of a panel: its own options win over the metric definition's. */
export function panelSpec(panel: Panel, unit?: string, format?: string): FormatSpec {
  return { unit: panel.options?.unit ?? unit, format: panel.options?.format ?? format, decimals: panel.options?.decimals };
}

const TABLE_ROW_LIMIT = 1000;

/** A sortable table (click a header; again to reverse) with CSV download of every row. */
export function TableView({ panel, answer, unit, format }: { panel: Panel; answer: QueryAnswer; unit?: string; format?: string }) {
  const model = useMemo(() => tableModel(answer, panelSpec(panel, unit, format)), [answer, panel, unit, format]);
  const [sort, setSort] = useState<{ key: string; desc: boolean } | null>(null);
  const sorted = useMemo(() => (sort ? sortTable(model, sort.key, sort.desc ? 'desc' : 'asc') : model), [model, sort]);
  return (
    <div className="panel-table-wrap">
      <table className="panel-table">
        <thead>
          <tr>
            {model.columns.map((c) => (
              <th key={c.key} className={c.align === 'right' ? 'num' : undefined} aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                <button type="button" onClick={() => setSort((s) => (s?.key === c.key ? { key: c.key, desc: !s.desc } : { key: c.key, desc: c.kind === 'measure' }))}>
                  {c.kind === 'time' ? 'time (UTC)' : c.label}
                  {sort?.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.rows.slice(0, TABLE_ROW_LIMIT).map((r, i) => (
            <tr key={i}>
              {r.map((cell, k) => (
                <td key={model.columns[k].key} className={model.columns[k].align === 'right' ? 'num' : undefined}>
                  {cell.text}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" className="link" onClick={() => downloadText(`${fileBase(panel)}.csv`, toCsv(sorted), 'text/csv')}>
          Download CSV
        </button>
        {model.rows.length > TABLE_ROW_LIMIT && <span className="muted"> (first {TABLE_ROW_LIMIT} of {model.rows.length} rows shown; the CSV has all)</span>}
      </p>
    </div>
  );
}

/** The big number (newest complete bucket; change vs the bucket before; the filling bucket beside it), over its sparkline (`children`). */
export function StatView(props: { panel: Panel; answer: QueryAnswer; unit?: string; format?: string; scheme: ColorScheme; theme: 'light' | 'dark'; children?: ReactNode }) {
  const { panel, answer, unit, format, scheme, theme, children } = props;
  const m = useMemo(() => statModel(answer, panelSpec(panel, unit, format)), [answer, panel, unit, format]);
  const thresholds = panel.options?.thresholds;
  const color = thresholds?.length ? thresholdColor(m.value, thresholds, panel.options?.colorScheme ?? scheme, paletteFor(scheme, theme)[0]) : undefined;
  return (
    <div className="stat">
      {children}
      <div className="stat-value" style={color ? { color } : undefined} title={m.name}>
        {m.formatted}
      </div>
      {m.change !== null && (
        <div className={`stat-change ${m.change >= 0 ? 'up' : 'down'}`} title={`previous bucket: ${m.previousFormatted}`}>
          {m.changeText} vs previous
        </div>
      )}
      {m.inProgress && <div className="stat-progress muted">so far in the current bucket: {m.inProgress.formatted}</div>}
    </div>
  );
}
