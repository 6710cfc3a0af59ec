import { parseTime } from '../core/time.js';
import { computeScorecard } from '../watch/kpis/scorecard.js';
import type { KpiRow, Scorecard } from '../watch/kpis/types.js';
import { callApi, type Target } from './target.js';

/** The scorecard from a data directory or a running server (the same module behind both). */
export async function fetchScorecard(t: Target, opts: { at?: string; names?: string[] }): Promise<Scorecard> {
  if (t.kind === 'local') {
    return computeScorecard(t.almanac.store, t.workspace, parseTime(opts.at ?? 'now', Date.now(), '--at'), { names: opts.names });
  }
  const params = new URLSearchParams();
  if (opts.at) params.set('at', opts.at);
  if (opts.names?.length) params.set('names', opts.names.join(','));
  const qs = params.toString();
  return (await callApi(t, 'GET', `/api/v1/kpis/scorecard${qs ? `?${qs}` : ''}`)) as Scorecard;
}

function num(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (Math.abs(v) >= 1000) return v.toFixed(0);
  return Number(v.toPrecision(4)).toString();
}

// Truncated, not rounded: 99.55 % under a 99.6 % threshold must not read 99.6 %.
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(Math.floor(v * 10 + 1e-9) / 10).toFixed(1)} %`);

function targetOf(k: KpiRow): string {
  if (k.direction === 'band') return `${num(k.targetLow)}–${num(k.targetHigh)}`;
  return `${k.direction === 'lower' ? '≤' : '≥'} ${num(k.target)}`;
}

function changeOf(k: KpiRow): string {
  if (!k.change) return '–';
  const rel = k.change.relative === null ? num(k.change.absolute) : `${k.change.relative >= 0 ? '+' : ''}${(100 * k.change.relative).toFixed(1)} %`;
  const mark = { significant: `p=${k.change.pValue?.toPrecision(2)}`, 'not significant': 'n.s.', 'insufficient data': 'too few buckets' }[k.change.significance];
  return `${rel} (${mark})`;
}

function periodOf(k: KpiRow): string {
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const to = k.period.to - 1; // show the last day inside the period
  const span = day(k.period.from) === day(to) ? day(k.period.from) : `${day(k.period.from)}…${day(to)}`;
  return k.period.complete ? span : `${span} (so far)`;
}

/** The scorecard as an aligned text table, one KPI a line, then the overall score. */
export function formatScorecard(sc: Scorecard): string {
  const head = ['kpi', 'period', 'value', 'target', 'achieved', 'category', 'confidence', 'change', 'forecast'];
  const rows = sc.kpis.map((k) => [
    k.title === k.name ? k.name : `${k.name} (${k.title})`, periodOf(k), num(k.value), targetOf(k),
    // A running sum is scored on its pace: say so beside the percent.
    k.pace ? `${pct(k.achievement)} (pace ${num(k.pace.projected)})` : pct(k.achievement), k.category ?? 'no data',
    k.value === null ? '–' : `${Math.round(100 * k.confidence)} %`, changeOf(k), k.forecast?.text ?? '–',
  ]);
  const table = [head, ...rows];
  const widths = head.map((_, j) => Math.max(...table.map((r) => r[j].length)));
  const numeric = new Set([2, 6]);
  const lines = table.map((r) => r.map((c, j) => (numeric.has(j) ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  ').trimEnd());
  const overall = sc.overall.score === null ? 'overall: no data' : `overall: ${sc.overall.score.toFixed(1)} % (${sc.overall.category})`;
  return [`scorecard at ${new Date(sc.at).toISOString()}`, ...lines, overall].join('\n');
}
