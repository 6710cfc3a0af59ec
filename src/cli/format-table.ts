import type { QueryAnswer } from '../query/run-query.js';

/** A query answer as an aligned text table: one row per point, one column per series. */
export function formatTable(answer: QueryAnswer): string {
  const heads = answer.series.map((s) => {
    const g = Object.entries(s.group).map(([k, v]) => `${k}=${v}`).join(',');
    return g ? `${s.measure} {${g}}` : s.measure;
  });
  const times = [...new Set(answer.series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const byTime = answer.series.map((s) => new Map(s.points));
  const rows = times.map((t) => [new Date(t).toISOString(), ...byTime.map((m) => formatNumber(m.get(t) ?? null))]);
  const table = [['time', ...heads], ...rows];
  const widths = table[0].map((_, j) => Math.max(...table.map((r) => r[j].length)));
  return table.map((r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ')).join('\n');
}

function formatNumber(v: number | null): string {
  if (v === null) return '–';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1000 ? v.toFixed(1) : Number(v.toPrecision(6)).toString();
}
