import { useId, useMemo, useState } from 'react';
import type { KpiHistory, KpiRow, Scorecard } from '../../../src/watch/kpis/types.js';
import { errorText, useApi } from '../api.js';
import { formatNumber, formatPercent, formatTime } from '../editor/format.js';
import { routeMissing } from '../editor/alert-view.js';
import { achievementWidth, categoryTone, changeText, historySeries, scorecardAt } from '../editor/kpi-view.js';
import { LineChart } from '../editor/LineChart.js';
import { setSearchParams, useLocation } from '../router.js';
import css from '../editor/pages.module.css';

const HISTORY_RANGES = [
  { label: 'Last 30 days', from: '-30d' },
  { label: 'Last 90 days', from: '-90d' },
  { label: 'Last 365 days', from: '-365d' },
];

/**
 * The KPI scorecard for a date (`?at=YYYY-MM-DD`, default now): per KPI the
 * value against its target, achievement, category, change vs the previous
 * period with its significance, confidence and the forecast to the period's
 * end; the overall score; and each KPI's history as a line.
 */
export default function Kpis() {
  const id = useId();
  const loc = useLocation();
  const date = loc.search.get('at');
  const at = scorecardAt(date);
  const card = useApi<Scorecard>(`/kpis/scorecard${at ? `?at=${encodeURIComponent(at)}` : ''}`);
  const notAvailable = routeMissing(card.error);
  const today = new Date().toISOString().slice(0, 10);

  return (
    <main className="page">
      <div className={css.header}>
        <h1>KPIs</h1>
        <form className={css.form} onSubmit={(e) => e.preventDefault()}>
          <label>
            <span>Scorecard date</span>
            <input aria-label="Scorecard date" type="date" value={date ?? today} max={today} onChange={(e) => setSearchParams({ at: e.target.value && e.target.value !== today ? e.target.value : null })} />
          </label>
          {date && (
            <button type="button" onClick={() => setSearchParams({ at: null })}>
              Today
            </button>
          )}
        </form>
      </div>
      {notAvailable ? (
        <p className={css.card} role="status">
          KPIs are not available in this build.
        </p>
      ) : card.error ? (
        <p className={css.alert} role="alert">
          {errorText(card.error)}
        </p>
      ) : null}
      {card.loading && !card.data && <p className={css.muted}>Computing the scorecard…</p>}
      {card.data && card.data.kpis.length === 0 && <p className={css.muted}>No KPIs defined yet. Add `kind: kpi` documents with `almanac apply`.</p>}
      {card.data && card.data.kpis.length > 0 && (
        <>
          <section className={css.card} aria-labelledby={`${id}-overall`}>
            <h2 id={`${id}-overall`}>Overall</h2>
            <p>
              <span className={css.score} data-testid="kpi-overall">
                {card.data.overall.score === null ? '—' : formatPercent(card.data.overall.score)}
              </span>{' '}
              {card.data.overall.category && (
                <span className={css.badge} data-tone={categoryTone(card.data.overall.category)}>
                  {card.data.overall.category}
                </span>
              )}
              <span className={css.muted}> · weight-averaged achievement at {formatTime(card.data.at)}</span>
            </p>
          </section>
          <section aria-labelledby={`${id}-kpis`}>
            <h2 id={`${id}-kpis`}>Scorecard</h2>
            <ScorecardTable rows={card.data.kpis} />
          </section>
          <History names={card.data.kpis.map((k) => k.name)} rows={card.data.kpis} />
        </>
      )}
    </main>
  );
}

function ScorecardTable({ rows }: { rows: KpiRow[] }) {
  return (
    <table className={css.table}>
      <thead>
        <tr>
          <th scope="col">KPI</th>
          <th scope="col" className={css.num}>Value</th>
          <th scope="col" className={css.num}>Target</th>
          <th scope="col">Achievement</th>
          <th scope="col">Category</th>
          <th scope="col">Change vs previous period</th>
          <th scope="col" className={css.num}>Confidence</th>
          <th scope="col">Forecast</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((k) => (
          <tr key={k.name} data-testid={`kpi-${k.name}`}>
            <th scope="row">
              {k.title}
              <div className={css.muted}>
                <code>{k.name}</code> · {periodText(k)}
                {k.weight !== 1 ? ` · weight ${k.weight}` : ''}
              </div>
            </th>
            <td className={css.num}>{formatNumber(k.value)}</td>
            <td className={css.num}>{targetText(k)}</td>
            <td>
              <div className={css.bar} data-tone={categoryTone(k.category)} role="meter" aria-valuemin={0} aria-valuemax={120} aria-valuenow={k.achievement ?? 0} aria-label={`${k.title} achievement`}>
                <span style={{ width: `${achievementWidth(k.achievement)}%` }} />
              </div>
              <span>{formatPercent(k.achievement)}</span>
              {k.pace && <div className={css.muted}>{paceText(k.pace)}</div>}
            </td>
            <td>
              {k.category ? (
                <span className={css.badge} data-tone={categoryTone(k.category)}>
                  {k.category}
                </span>
              ) : (
                <span className={css.muted}>no data</span>
              )}
            </td>
            <td>
              {k.change ? (
                <>
                  <span>{changeText(k.change)}</span>{' '}
                  <span className={css.badge} data-tone={changeTone(k)} title={k.change.pValue !== null ? `p = ${k.change.pValue.toPrecision(2)} (Welch t-test over ${k.change.buckets.current} and ${k.change.buckets.previous} buckets)` : undefined}>
                    {k.change.significance}
                  </span>
                  <div className={css.muted}>{k.change.comparedWith === 'previous period' ? 'previous' : 'previous period, same point'} {formatNumber(k.change.previous)}</div>
                </>
              ) : (
                '—'
              )}
            </td>
            <td className={css.num}>{formatPercent(k.confidence * 100)}</td>
            <td>{k.forecast ? k.forecast.text : k.period.complete ? 'period complete' : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Why a running sum is scored on more than its value so far. */
function paceText(p: NonNullable<KpiRow['pace']>): string {
  const share = formatPercent(p.expectedShare * 100);
  return `on pace for ${formatNumber(p.projected)}: ${share} of the period's total is usually in by now (${p.basis === 'previous period' ? 'from the previous period' : 'time elapsed'})`;
}

/** Green when a significant change went the KPI's good way, red when the bad way. */
function changeTone(k: KpiRow): 'good' | 'bad' | undefined {
  if (!k.change?.significant) return undefined;
  const up = k.change.absolute > 0;
  if (k.direction === 'band') return undefined;
  return (k.direction === 'higher') === up ? 'good' : 'bad';
}

function targetText(k: KpiRow): string {
  if (k.direction === 'band') return `${formatNumber(k.targetLow)} – ${formatNumber(k.targetHigh)}`;
  const arrow = k.direction === 'higher' ? '≥ ' : '≤ ';
  return k.target === null ? '—' : arrow + formatNumber(k.target);
}

function periodText(k: KpiRow): string {
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const end = new Date(k.period.to - 1).toISOString().slice(0, 10);
  return `${day(k.period.from)}${end !== day(k.period.from) ? ` → ${end}` : ''}${k.period.complete ? '' : ' (so far)'}`;
}

function History({ names, rows }: { names: string[]; rows: KpiRow[] }) {
  const id = useId();
  const [range, setRange] = useState(HISTORY_RANGES[1].from);
  const [chosen, setChosen] = useState<string>('');
  const shown = chosen ? [chosen] : names;
  const hist = useApi<KpiHistory>(`/kpis/history?from=${encodeURIComponent(range)}&to=now&names=${encodeURIComponent(shown.join(','))}`);
  const series = useMemo(() => historySeries(hist.data?.rows ?? []), [hist.data]);
  const byName = new Map(rows.map((r) => [r.name, r]));
  return (
    <section aria-labelledby={`${id}-h`}>
      <div className={css.header}>
        <h2 id={`${id}-h`}>History</h2>
        <div className={css.form}>
          <label>
            <span>KPI</span>
            <select aria-label="KPI" value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="">All KPIs</option>
              {names.map((n) => (
                <option key={n} value={n}>
                  {byName.get(n)?.title ?? n}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>Range</span>
            <select aria-label="Range" value={range} onChange={(e) => setRange(e.target.value)}>
              {HISTORY_RANGES.map((r) => (
                <option key={r.from} value={r.from}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      {hist.error ? (
        <p className={routeMissing(hist.error) ? css.muted : css.alert} role={routeMissing(hist.error) ? 'status' : 'alert'}>
          {routeMissing(hist.error) ? 'KPI history is not available in this build.' : errorText(hist.error)}
        </p>
      ) : null}
      {hist.loading && !hist.data && <p className={css.muted}>Loading history…</p>}
      <div className={css.grid2}>
        {shown.map((n) => (
          <figure key={n} className={css.card}>
            <figcaption>
              <strong>{byName.get(n)?.title ?? n}</strong>
            </figcaption>
            {hist.data && <LineChart points={series.get(n) ?? []} target={byName.get(n)?.target ?? null} label={`${byName.get(n)?.title ?? n} per period`} />}
          </figure>
        ))}
      </div>
    </section>
  );
}
