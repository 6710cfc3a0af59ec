import type { StoredInstance } from './instance-store.js';

type Row = Pick<StoredInstance, 'rule' | 'labels' | 'state' | 'since' | 'value' | 'severity' | 'silenced'> & { message?: string; flapping?: boolean };

const ORDER: Record<StoredInstance['state'], number> = { firing: 0, error: 1, nodata: 2, pending: 3, normal: 4 };

/** Alert instances as a text table for the CLI: the worst states first. */
export function formatInstances(rows: readonly Row[], now: number): string {
  if (rows.length === 0) return 'no alert instances';
  const ago = (t: number) => {
    const s = Math.max(0, Math.round((now - t) / 1000));
    return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : s < 172_800 ? `${Math.round(s / 3600)}h` : `${Math.round(s / 86_400)}d`;
  };
  const sorted = [...rows].sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.rule.localeCompare(b.rule));
  const table = [['state', 'rule', 'labels', 'severity', 'for', 'value', 'note'], ...sorted.map((r) => {
    const { alertname: _a, severity: _s, ...own } = r.labels;
    const note = [r.silenced ? 'silenced' : '', r.flapping ? 'flapping' : '', r.state === 'error' ? r.message ?? '' : ''].filter(Boolean).join(', ');
    return [r.state, r.rule, Object.entries(own).map(([k, v]) => `${k}=${v}`).join(','), r.severity, ago(r.since), r.value === null ? '–' : String(Number(r.value.toPrecision(6))), note];
  })];
  const widths = table[0].map((_, j) => Math.max(...table.map((r) => r[j].length)));
  return table.map((r) => r.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd()).join('\n');
}
