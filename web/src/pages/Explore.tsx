import { useEffect, useMemo, useRef, useState } from 'react';
import { PANEL_TYPES, type Panel, type PanelOptions, type PanelType } from '../../../src/dashboards/schema.js';
import { errorText } from '../api.js';
import { AddToDashboard } from '../editor/AddToDashboard.js';
import { useCatalog } from '../editor/catalog.js';
import { exploreHref, parseExploreSearch } from '../editor/explore-link.js';
import { statusFor, stepProblem, useDebounced, useQueryCheck } from '../editor/hooks.js';
import { OptionsForm } from '../editor/OptionsForm.js';
import { cleanPanel, panelProblems, type PanelQuery } from '../editor/panel-draft.js';
import { NEEDS_STEP, PANEL_TYPE_INFO } from '../editor/panel-types.js';
import { QueryForm } from '../editor/QueryForm.js';
import { RangePicker } from '../editor/RangePicker.js';
import { PanelView } from '../panels/PanelView.js';
import { navigate, useLocation } from '../router.js';
import { useCanEdit } from '../session.js';
import { DEFAULT_RANGE, type TimeRange } from '../time-range.js';
import css from '../editor/pages.module.css';

/** Chart types that draw a query (text, KPI and alert panels have none). */
const QUERY_TYPES = PANEL_TYPES.filter((t) => PANEL_TYPE_INFO[t].query);

/**
 * Explore: build a metric query with the same form as the panel editor and see
 * it as a chart and a table. The whole view is in the URL (`?q=&type=&from=&to=`),
 * so dashboard drill-downs and shared links land on the same thing.
 */
export default function Explore() {
  const loc = useLocation();
  const canEdit = useCanEdit();
  const catalog = useCatalog();
  const parsed = useMemo(() => parseExploreSearch(loc.search.toString()), [loc.href]); // eslint-disable-line react-hooks/exhaustive-deps
  const [query, setQuery] = useState<PanelQuery>(parsed.state.query);
  const [type, setType] = useState<PanelType>(parsed.state.type);
  const [options, setOptions] = useState<PanelOptions>(parsed.state.options ?? {});
  const range: TimeRange = { from: parsed.state.from ?? DEFAULT_RANGE.from, to: parsed.state.to ?? DEFAULT_RANGE.to };

  // The URL follows the form (replace, after a pause); a URL changed from
  // outside (back button, a drill-down link) resets the form.
  const written = useRef(loc.href);
  useEffect(() => {
    if (loc.href === written.current) return;
    written.current = loc.href;
    setQuery(parsed.state.query);
    setType(parsed.state.type);
    setOptions(parsed.state.options ?? {});
  }, [loc.href]); // eslint-disable-line react-hooks/exhaustive-deps
  const debouncedQuery = useDebounced(query, 400);
  useEffect(() => {
    const href = exploreHref({ query: debouncedQuery, type, from: range.from, to: range.to, options: panel.options });
    if (href !== written.current) {
      written.current = href;
      navigate(href, { replace: true });
    }
  }, [debouncedQuery, type, options]); // eslint-disable-line react-hooks/exhaustive-deps
  const setRange = (r: TimeRange) => {
    const href = exploreHref({ query, type, from: r.from, to: r.to, options: panel.options });
    written.current = href;
    navigate(href);
  };

  // Fill in the first dataset when the page is opened bare.
  useEffect(() => {
    if (!query.dataset && !query.metric && catalog.datasets.length) setQuery((q) => ({ ...q, dataset: catalog.datasets[0].name }));
  }, [catalog.datasets]); // eslint-disable-line react-hooks/exhaustive-deps

  const panel: Panel = useMemo(() => cleanPanel({ id: 'explore', title: summary(query), type, query, options, layout: { x: 0, y: 0, w: 12, h: 8 } }), [query, type, options]);
  const problems = useMemo(() => {
    const list = panelProblems(panel).filter((p) => p.path.startsWith('query'));
    const sp = stepProblem(panel.query);
    if (sp) list.push({ path: `query.${sp.path}`, message: sp.message });
    return list.map((p) => ({ ...p, path: p.path.replace(/^query\.?/, '') }));
  }, [panel]);
  const checkable = problems.length === 0 && panel.query ? panel.query : null;
  const check = useQueryCheck(useDebounced(checkable, 300));
  const status = statusFor(check, checkable);
  const serverError = status === 'error' ? check.error : null;

  // What is drawn: the last query the query layer accepted ("Run" redraws now).
  const [shown, setShown] = useState<Panel | null>(null);
  const [runs, setRuns] = useState(0);
  useEffect(() => {
    if (status === 'ok') setShown(panel);
  }, [status, panel]);
  const table: Panel | null = shown ? { ...shown, id: 'explore-table', type: 'table', options: undefined } : null;

  return (
    <main className="page">
      <div className={css.header}>
        <h1>Explore</h1>
        <RangePicker value={range} onChange={setRange} />
      </div>
      {parsed.error && (
        <p className={css.alert} role="alert">
          This link’s query could not be read: {parsed.error}.
        </p>
      )}
      <div className={css.twoCol}>
        <div className={css.stack}>
          <QueryForm
            value={query}
            onChange={setQuery}
            catalog={catalog}
            problems={problems}
            stepHint={NEEDS_STEP.has(type) ? 'auto: chosen from the time range' : 'auto: one value per group'}
          />
          <div className={css.toolbar}>
            <label>
              <span>Chart type</span>
              <select aria-label="Chart type" value={type} onChange={(e) => setType(e.target.value as PanelType)}>
                {QUERY_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {PANEL_TYPE_INFO[t].label}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="primary" disabled={status !== 'ok'} onClick={() => setRuns((n) => n + 1)}>
              Run
            </button>
          </div>
          <details className={css.card}>
            <summary>Chart options</summary>
            <OptionsForm type={type} value={options} onChange={setOptions} />
          </details>
          {canEdit && shown && (
            <div className={css.card}>
              <AddToDashboard panel={shown} />
            </div>
          )}
        </div>
        <div className={css.stack}>
          {serverError ? (
            <div role="alert" className={css.alert}>
              <strong>The query layer refused this query:</strong>
              {'\n'}
              {errorText(serverError)}
            </div>
          ) : null}
          {catalog.error ? (
            <div role="alert" className={css.alert}>
              Cannot list datasets and metrics: {errorText(catalog.error)}
            </div>
          ) : null}
          {problems.length > 0 && (
            <ul className={css.muted}>
              {problems.map((p) => (
                <li key={p.path + p.message}>
                  {p.path}: {p.message}
                </li>
              ))}
            </ul>
          )}
          {shown && table ? (
            <>
              <div className={css.chartBox}>
                <PanelView panel={shown} range={range} refreshKey={runs} />
              </div>
              <div className={css.tableBox}>
                <PanelView panel={table} range={range} refreshKey={runs} />
              </div>
            </>
          ) : (
            <p className={css.muted}>{catalog.loading ? 'Loading datasets…' : 'Choose a dataset or metric and at least one measure.'}</p>
          )}
        </div>
      </div>
    </main>
  );
}

/** A readable title for the explored query: "p95(duration_ms) by region · http_requests". */
function summary(q: PanelQuery): string {
  const what = q.measures?.length ? q.measures.join(', ') : (q.metric ?? 'count()');
  const by = q.groupBy?.length ? ` by ${q.groupBy.join(', ')}` : '';
  const src = q.metric ? '' : q.dataset ? ` · ${q.dataset}` : '';
  return `${what}${by}${src}`.slice(0, 200);
}
