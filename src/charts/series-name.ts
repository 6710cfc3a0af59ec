import type { AnswerSeries, Group } from './answer.js';

/** `region=eu, status=500` — a group as people read it; empty for no group. */
export function groupLabel(group: Group): string {
  return Object.entries(group).map(([k, v]) => `${k}=${v === null ? 'null' : String(v)}`).join(', ');
}

/**
 * A readable series name: `p95(duration_ms) · region=eu`. When every series of
 * the answer has the same measure, the measure is left out of grouped names
 * (`region=eu`) unless `withMeasure` is set.
 */
export function seriesName(s: Pick<AnswerSeries, 'measure' | 'group'>, withMeasure = true): string {
  const g = groupLabel(s.group);
  if (!g) return s.measure;
  return withMeasure ? `${s.measure} · ${g}` : g;
}

/** Whether the series of an answer need the measure in their names (several measures). */
export function needsMeasure(series: readonly Pick<AnswerSeries, 'measure'>[]): boolean {
  return new Set(series.map((s) => s.measure)).size > 1;
}

/**
 * The ECharts series id of a series: JSON of its measure and group (plus a role
 * suffix for helper series like bands), so a click event's `seriesId` maps back
 * to the group. See `drillTarget`.
 */
export function seriesId(s: Pick<AnswerSeries, 'measure' | 'group'>, role?: string): string {
  return JSON.stringify(role ? { m: s.measure, g: s.group, r: role } : { m: s.measure, g: s.group });
}

/** The measure and group inside a `seriesId`, or null for ids we did not make. */
export function parseSeriesId(id: unknown): { measure: string; group: Group; role?: string } | null {
  if (typeof id !== 'string' || !id.startsWith('{')) return null;
  // A `#variant` suffix (see buildPanelOption) follows the JSON.
  const json = /^(\{.*\})#[a-z]*$/s.exec(id)?.[1] ?? id;
  try {
    const o = JSON.parse(json) as { m?: unknown; g?: unknown; r?: unknown };
    if (typeof o.m !== 'string' || !o.g || typeof o.g !== 'object' || Array.isArray(o.g)) return null;
    return { measure: o.m, group: o.g as Group, ...(typeof o.r === 'string' ? { role: o.r } : {}) };
  } catch {
    return null;
  }
}

/** A stable key for matching the same series across answers. */
export function seriesKey(s: Pick<AnswerSeries, 'measure' | 'group'>): string {
  const sorted = Object.keys(s.group).sort().map((k) => [k, s.group[k]]);
  return JSON.stringify([s.measure, sorted]);
}
