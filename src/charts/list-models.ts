import type { AlertInstance, KpiRow } from './answer.js';
import { formatChange, formatFullTime, formatValue, type FormatSpec } from './format.js';

export type Status = 'good' | 'warn' | 'bad' | 'unknown';

// Scorecard categories (excellent, good, average, poor) and common synonyms.
const CATEGORY_STATUS: Record<string, Status> = {
  excellent: 'good', good: 'good', ok: 'good', 'on-track': 'good', met: 'good',
  average: 'warn', warning: 'warn', 'at-risk': 'warn',
  poor: 'bad', bad: 'bad', critical: 'bad', 'off-track': 'bad', missed: 'bad',
};

export interface KpiListRow {
  name: string;
  title: string;
  valueText: string;
  targetText: string;
  achievementText: string;
  changeText: string;
  forecastText: string;
  /** The scorecard's sentence about the forecast (`on track for 94 % of target (good)`), else empty. */
  forecastNote: string;
  confidenceText: string;
  category: string;
  status: Status;
  raw: KpiRow;
}

/** Scorecard rows with their numbers formatted by each KPI's unit, in scorecard order; `names` picks and orders some. */
export function kpiListModel(rows: readonly KpiRow[], names?: readonly string[], fallback: FormatSpec = {}): KpiListRow[] {
  const picked = names?.length ? names.flatMap((n) => rows.filter((r) => r.name === n)) : [...rows];
  return picked.map((r) => {
    const spec: FormatSpec = { unit: r.unit ?? fallback.unit, format: r.format ?? fallback.format, decimals: fallback.decimals };
    const category = r.category ?? '';
    const change = typeof r.change === 'object' && r.change !== null ? r.change.relative : r.change;
    const forecast = typeof r.forecast === 'object' && r.forecast !== null ? r.forecast.value : r.forecast;
    const note = typeof r.forecast === 'object' && r.forecast !== null ? r.forecast.text ?? '' : '';
    return {
      name: r.name,
      title: r.title ?? r.name,
      valueText: formatValue(r.value, spec),
      targetText: formatValue(r.target ?? null, spec),
      achievementText: formatValue(r.achievement ?? null, { unit: '%' }),
      changeText: formatChange(change),
      forecastText: formatValue(forecast ?? null, spec),
      forecastNote: note,
      confidenceText: formatValue(r.confidence ?? null, { format: 'percent', decimals: 0 }),
      category,
      status: CATEGORY_STATUS[category.toLowerCase()] ?? 'unknown',
      raw: r,
    };
  });
}

// Worst first, as the CLI lists them.
const STATE_ORDER: Record<string, number> = { firing: 0, error: 1, nodata: 2, pending: 3, resolved: 4, normal: 5 };
const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };

export interface AlertListRow {
  rule: string;
  labelsText: string;
  state: string;
  severity: string;
  status: Status;
  sinceText: string;
  /** `for 5m`, `for 2h 10m` (needs `now`). */
  durationText: string;
  valueText: string;
  silenced: boolean;
  raw: AlertInstance;
}

function durationText(ms: number): string {
  if (!(ms >= 0)) return '';
  const m = Math.floor(ms / 60_000);
  if (m < 1) return `${Math.floor(ms / 1000)}s`;
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/**
 * Alert instances for the alert-list panel: `states` keeps some (all when
 * absent); firing first, then error, nodata, pending, normal; within a
 * state critical first, then the longest-standing.
 */
export function alertListModel(instances: readonly AlertInstance[], opts: { states?: readonly string[]; now?: number; spec?: FormatSpec } = {}): AlertListRow[] {
  const since = (a: AlertInstance) => (typeof a.since === 'number' ? a.since : Date.parse(a.since));
  return instances
    .filter((a) => !opts.states?.length || opts.states.includes(a.state))
    .sort((a, b) => (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9) || (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9) || since(a) - since(b) || a.rule.localeCompare(b.rule))
    .map((a) => {
      const t = since(a);
      const status: Status = a.state === 'firing' ? (a.severity === 'critical' ? 'bad' : 'warn')
        : a.state === 'pending' || a.state === 'error' || a.state === 'nodata' ? 'warn'
          : a.state === 'normal' || a.state === 'resolved' ? 'good' : 'unknown';
      return {
        rule: a.rule,
        labelsText: Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(', '),
        state: a.state,
        severity: a.severity,
        status,
        sinceText: Number.isFinite(t) ? formatFullTime(t) : '–',
        durationText: opts.now !== undefined && Number.isFinite(t) ? `for ${durationText(opts.now - t)}` : '',
        valueText: formatValue(a.value, opts.spec ?? {}),
        silenced: a.silenced,
        raw: a,
      };
    });
}
