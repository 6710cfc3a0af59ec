import { formatChange, formatValue } from '../../../src/charts/format.js';
import type { AlertInstance, KpiRow } from '../../../src/charts/answer.js';

/**
 * The non-chart list panels: the KPI scorecard and the alert instances. Both
 * read routes that other parts of Almanac provide; the panel shows a plain
 * message when a route is not in this build.
 */

export interface ScorecardRow extends Omit<KpiRow, 'change' | 'forecast' | 'category'> {
  category?: string | null;
  change?: { relative: number | null; significance?: string } | number | null;
  forecast?: { text?: string } | number | null;
}

export function KpiList({ rows, names }: { rows: ScorecardRow[]; names?: string[] }) {
  const shown = names?.length ? rows.filter((r) => names.includes(r.name)) : rows;
  if (!shown.length) return <div className="panel-msg">No KPIs{names?.length ? ' with these names' : ''}.</div>;
  return (
    <ul className="kpi-list" aria-label="KPI scorecard">
      {shown.map((r) => {
        const change = typeof r.change === 'number' ? r.change : (r.change?.relative ?? null);
        const significance = typeof r.change === 'object' && r.change ? r.change.significance : undefined;
        const forecast = typeof r.forecast === 'object' && r.forecast ? r.forecast.text : undefined;
        const fmt = { unit: r.unit, format: r.format };
        const pace = r.pace ? `so far; on pace for ${formatValue(r.pace.projected, fmt)} (${Math.round(r.pace.expectedShare * 100)} % of the period's total is usually in by now), which is what is scored` : undefined;
        return (
          <li key={r.name} title={[forecast, pace].filter(Boolean).join('\n') || undefined}>
            <div className="row">
              <strong>{r.title || r.name}</strong>
              {r.category && <span className={`badge ${categoryClass(r.category)}`}>{r.category}</span>}
            </div>
            <div className="row muted">
              <span>
                <span className="kpi-value">{formatValue(r.value, fmt)}</span>
                {r.pace && <> so far, pace {formatValue(r.pace.projected, fmt)}</>}
                {r.target != null && <> / {formatValue(r.target, fmt)}</>}
              </span>
              <span>
                {r.achievement != null && <>{Math.round(r.achievement)} %</>}
                {change != null && <span title={significance}> · {formatChange(change)}</span>}
              </span>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function categoryClass(c: string): string {
  if (c === 'excellent' || c === 'good') return 'ok';
  if (c === 'average') return 'warning';
  if (c === 'poor') return 'critical';
  return '';
}

export function AlertList({ instances, states, now }: { instances: AlertInstance[]; states?: string[]; now: number }) {
  const shown = states?.length ? instances.filter((i) => states.includes(i.state)) : instances;
  if (!shown.length) return <div className="panel-msg">No alerts{states?.length ? ` in state ${states.join(', ')}` : ''}.</div>;
  return (
    <ul className="alert-list" aria-label="Alert instances">
      {shown.map((i, k) => {
        const labels = Object.entries(i.labels ?? {})
          .map(([a, b]) => `${a}=${b}`)
          .join(', ');
        const since = typeof i.since === 'number' ? i.since : Date.parse(i.since);
        return (
          <li key={`${i.rule}-${labels}-${k}`}>
            <span>
              <span className={`badge ${i.state}`}>{i.state}</span> <strong>{i.rule}</strong>
              {labels && <span className="muted"> {labels}</span>}
              {i.silenced && <span className="muted"> (silenced)</span>}
            </span>
            <span className="muted">
              {i.severity && <span className={`badge ${i.severity}`}>{i.severity}</span>} {Number.isFinite(since) ? ago(now - since) : ''}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}
