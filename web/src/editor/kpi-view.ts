import type { KpiRow } from '../../../src/watch/kpis/types.js';

export type Tone = 'good' | 'info' | 'warn' | 'bad' | undefined;

/** Colour of a KPI category badge. */
export function categoryTone(category: string | null | undefined): Tone {
  switch (category) {
    case 'excellent':
      return 'good';
    case 'good':
      return 'info';
    case 'average':
      return 'warn';
    case 'poor':
      return 'bad';
    default:
      return undefined;
  }
}

/**
 * The `at` of a scorecard for a date picked in the page (YYYY-MM-DD, UTC): the
 * last millisecond of that day, so the day's rows count; today (or a later day) means now.
 */
export function scorecardAt(date: string | null, now = Date.now()): string | null {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const end = Date.parse(`${date}T00:00:00Z`) + 86_400_000 - 1;
  if (!Number.isFinite(end)) return null;
  return end >= now ? null : new Date(end).toISOString();
}

/** Achievement bar width in percent of the bar (capped at 100 % of the bar, which stands for 120 % of target). */
export function achievementWidth(achievement: number | null, cap = 120): number {
  if (achievement === null || !Number.isFinite(achievement)) return 0;
  return Math.max(0, Math.min(100, (achievement / cap) * 100));
}

/** The history rows of each KPI as a series of (period start, value). */
export function historySeries(rows: Pick<KpiRow, 'name' | 'period' | 'value'>[]): Map<string, { t: number; v: number | null }[]> {
  const out = new Map<string, { t: number; v: number | null }[]>();
  for (const r of rows) {
    const list = out.get(r.name) ?? [];
    list.push({ t: r.period.from, v: r.value });
    out.set(r.name, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.t - b.t);
  return out;
}

/** "+12.3 %" / "−4.0 %" / "+3.2" for a change, relative when it has one. */
export function changeText(change: { absolute: number; relative: number | null } | null): string {
  if (!change) return '—';
  const sign = (n: number) => (n > 0 ? '+' : n < 0 ? '−' : '±');
  if (change.relative !== null && Number.isFinite(change.relative)) return `${sign(change.relative)}${Math.abs(change.relative * 100).toFixed(1)} %`;
  return `${sign(change.absolute)}${Math.abs(change.absolute).toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
}
