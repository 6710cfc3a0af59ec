import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ColorScheme, Panel } from '../../../src/dashboards/schema.js';
import { buildPanelOption, drillTarget, isEChartsPanel, mergeAnswer, type AlertInstance, type PanelData } from '../../../src/charts/index.js';
import { api, ApiError, errorText, type QueryAnswer } from '../api.js';
import { useLiveRows } from '../live.js';
import { usePrefs } from '../prefs.js';
import { isRelative, type TimeRange } from '../time-range.js';
import { panelSource, useCatalog } from './catalog.js';
import type { EChartsClick } from './EChart.js';
import { lazyComponent } from '../lazy-component.js';
import type { ECharts } from './echarts.js';
import { downloadChart } from './export.js';
import type { FilterValue, PanelFilter } from './filters.js';
import { AlertList, KpiList, type ScorecardRow } from './ListViews.js';
import { newestTime, StatView, TableView } from './models.js';
import { incrementalQuery, panelFetch, panelRange, type FetchContext, type PanelFetch } from './panel-request.js';

export type { PanelFilter } from './filters.js';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

export interface PanelViewProps {
  panel: Panel;
  range: TimeRange;
  /**
   * The dashboard's instant for this load or refresh: relative ranges resolve at
   * it, so every panel shows the same window. Without it each request resolves
   * "now" on the server.
   */
  now?: number;
  /** Dashboard variables and drill-down chips; each applies when the panel's dataset has the column. */
  variables?: PanelFilter[];
  /** Re-query the newest buckets when rows land in the panel's dataset. */
  live?: boolean;
  /** Changing it re-runs the query (refresh button, auto-refresh). */
  refreshKey?: number;
  /** The dashboard's colour scheme (the panel's own option wins; else the user's preference). */
  scheme?: ColorScheme;
  /** A click on a series, bar or slice: `explore` when a modifier key was held. */
  onDrill?: (target: Record<string, FilterValue>, how: { explore: boolean; panel: Panel }) => void;
  /** Extra menu entries (edit mode: Edit, Duplicate, Remove). */
  menuItems?: MenuItem[];
  /** Rendered before the title (edit mode: the drag handle). */
  headerStart?: ReactNode;
}

type Status = 'loading' | 'drawn' | 'empty' | 'error';

/**
 * ECharts is most of the dashboard's code: it loads in its own chunk, in
 * parallel with the panel queries (which need only this module) — not before them.
 */
const EChart = lazyComponent(() => import('./EChart.js').then((m) => m.EChart), <div className="panel-msg" aria-busy="true">Loading…</div>);

/** Live updates of a panel scrolled out of view wait until it comes within this margin of the viewport. */
const LIVE_VIEW_MARGIN = '200px';
/** Live mode, panels that must re-run whole: wait this long after new rows (more may follow)… */
const FULL_RERUN_DELAY_MS = 500;
/** …and leave at least this long between runs. */
const FULL_RERUN_MIN_GAP_MS = 5000;

interface Loaded {
  fetch: PanelFetch;
  data: unknown;
}

/**
 * One dashboard panel: runs its query with the dashboard's time range and
 * filters, draws it (ECharts, or the table/stat/text/KPI/alert renderers), keeps
 * it current in live mode by querying only the newest buckets, and exposes the
 * test hooks of the UI contract on its root element.
 */
export const PanelView = memo(function PanelView(props: PanelViewProps) {
  const { panel, range, now: rangeNow, variables, live = false, refreshKey = 0, scheme, onDrill, menuItems, headerStart } = props;
  const catalog = useCatalog();
  const prefs = usePrefs();
  const root = useRef<HTMLElement>(null);
  const chart = useRef<ECharts | null>(null);
  const draws = useRef(0);

  const source = useMemo(() => panelSource(panel.query, catalog), [panel.query, catalog]);
  // Wait for the catalog only when filters need the dataset's columns.
  const needsCatalog = !!variables?.some((v) => v.values.length) && !!panel.query;
  const fetchCtx = useMemo<FetchContext | null>(
    () => (needsCatalog && !catalog ? null : { range, filters: variables ?? [], columns: source.columns, now: rangeNow }),
    [range, variables, source.columns, needsCatalog, catalog, rangeNow],
  );
  const fetchSpec = useMemo<PanelFetch | null>(() => (fetchCtx ? panelFetch(panel, fetchCtx) : null), [panel, fetchCtx]);
  const fetchKey = fetchSpec ? JSON.stringify(fetchSpec) : null;
  // The same request at a later instant (refresh) keeps its error shown until the new answer.
  const requestKey = useMemo(() => (fetchCtx ? JSON.stringify(panelFetch(panel, { ...fetchCtx, now: undefined })) : null), [panel, fetchCtx]);
  // Live updates of a relative range slide the window to each update's instant.
  const slides = isRelative(panelRange(panel, range));
  const liveCtx = useRef({ panel, ctx: fetchCtx, slides });
  liveCtx.current = { panel, ctx: fetchCtx, slides };

  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const loadedRef = useRef<Loaded | null>(null);
  loadedRef.current = loaded;

  // ---- the full query: on mount, when the query changes, on refresh ----
  const lastKey = useRef<string | null>(null);
  useEffect(() => {
    if (!fetchSpec || !fetchKey) return;
    const ctl = new AbortController();
    const sameQuery = lastKey.current === requestKey;
    lastKey.current = requestKey;
    setLoading(true);
    if (!sameQuery) setError(null);
    runFetch(fetchSpec, ctl.signal).then(
      (data) => {
        if (ctl.signal.aborted) return;
        setLoaded({ fetch: fetchSpec, data });
        setError(null);
        setLoading(false);
      },
      (e) => {
        if (ctl.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => ctl.abort();
    // fetchKey captures fetchSpec; refreshKey re-runs the same query.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetchKey, refreshKey]);

  // ---- live: rows landed in the panel's dataset ----
  // Panels with time buckets query the newest buckets at once; the others
  // (one value per group, forecasts, anomalies) must run whole, so they run a
  // little later and at most every few seconds — they would otherwise compete
  // with the cheap incremental queries on every ingest.
  const liveState = useRef({ running: false, pendingMin: null as number | null, pendingAt: 0, timer: 0, lastFull: 0, visible: true, waiting: false });
  useEffect(() => () => clearTimeout(liveState.current.timer), []);
  const drain = useCallback(async () => {
    const st = liveState.current;
    if (st.running) return;
    st.running = true;
    try {
      while (st.pendingMin !== null) {
        const cur = loadedRef.current;
        const min = st.pendingMin;
        const at = st.pendingAt;
        st.pendingMin = null;
        if (!cur) break;
        const { panel: p, ctx, slides: sliding } = liveCtx.current;
        // A relative window moves to the update's instant; a fixed one stays.
        const target = sliding && ctx ? panelFetch(p, { ...ctx, now: at }) : cur.fetch;
        const next = await liveUpdate(cur, target, min, { at, sliding });
        // Rows that change none of the panel's numbers (a 200 for an errors panel) redraw nothing.
        if (next && loadedRef.current === cur && !sameNumbers(cur.data, next.data)) {
          loadedRef.current = next;
          setLoaded(next);
        }
      }
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setError(e);
    } finally {
      st.running = false;
    }
  }, []);
  const onRows = useCallback(
    (minTime: number, at: number) => {
      const st = liveState.current;
      st.pendingMin = st.pendingMin === null ? minTime : Math.min(st.pendingMin, minTime);
      // Out of view: nobody sees the redraw, and its query and drawing would
      // delay the panels on screen. It catches up when scrolled into view.
      if (!st.visible) {
        st.waiting = true;
        return;
      }
      const cur = loadedRef.current;
      if (cur && cur.fetch.kind === 'query' && cur.fetch.query.step) {
        st.pendingAt = at;
        void drain();
        return;
      }
      // One run scheduled at a time (later rows join it): throttled, never starved by a steady stream.
      if (st.timer) return;
      const wait = Math.max(FULL_RERUN_DELAY_MS, st.lastFull + FULL_RERUN_MIN_GAP_MS - Date.now());
      st.timer = window.setTimeout(() => {
        st.timer = 0;
        st.lastFull = Date.now();
        st.pendingAt = st.lastFull;
        void drain();
      }, wait);
    },
    [drain],
  );
  const liveKind = fetchSpec?.kind === 'query' || fetchSpec?.kind === 'forecast' || fetchSpec?.kind === 'anomalies';
  const liveOn = live && liveKind;
  useEffect(() => {
    const el = root.current;
    if (!liveOn || !el || typeof IntersectionObserver === 'undefined') return;
    const st = liveState.current;
    const io = new IntersectionObserver(
      (entries) => {
        const visible = entries.some((e) => e.isIntersecting);
        st.visible = visible;
        if (visible && st.waiting) {
          st.waiting = false;
          onRows(st.pendingMin ?? Date.now(), Date.now());
        }
      },
      { rootMargin: LIVE_VIEW_MARGIN },
    );
    io.observe(el);
    return () => {
      io.disconnect();
      st.visible = true;
    };
  }, [liveOn, onRows]);
  useLiveRows(source.dataset, liveOn, (e) => {
    if (!e.reconnect) return onRows(e.minTime, e.at);
    // (Re)connected: catch up from the newest bucket drawn; nothing drawn yet = the full query is still coming.
    const newest = loadedRef.current ? newestTime(loadedRef.current.data) : null;
    if (newest !== null) onRows(newest, e.at);
  });

  // ---- drawing ----
  const echartsType = isEChartsPanel(panel.type);
  // The chart code (most of the page's script) loads and parses while the query
  // runs, not after its answer arrived: the main thread is idle meanwhile.
  useEffect(() => {
    if (echartsType) void EChart.preload();
  }, [echartsType]);
  const data = loaded?.data;
  const empty = data !== undefined && isEmpty(panel, data);
  const status: Status = error && !loaded ? 'error' : error ? 'error' : loading && !loaded ? 'loading' : empty ? 'empty' : loaded ? 'drawn' : 'loading';

  const option = useMemo(() => {
    if (!loaded || !echartsType || empty) return null;
    try {
      return buildPanelOption(panel, loaded.data as PanelData, {
        theme: prefs.theme,
        scheme: scheme ?? prefs.scheme,
        unit: source.unit,
        format: source.format,
        // Animation would delay the 'finished' event (and the drawn state) by a second.
        animation: false,
      });
    } catch (e) {
      return e as Error;
    }
  }, [loaded, echartsType, empty, panel, prefs.theme, prefs.scheme, scheme, source.unit, source.format]);

  const lastTime = useMemo(() => (loaded ? newestTime(loaded.data) : null), [loaded]);

  // Test hooks, written to the DOM directly: they change after each draw
  // without re-rendering React.
  const markDrawn = useCallback(() => {
    const el = root.current;
    if (!el) return;
    draws.current += 1;
    el.dataset.state = 'drawn';
    el.dataset.draws = String(draws.current);
    if (lastTime !== null) el.dataset.lastTime = String(lastTime);
    else delete el.dataset.lastTime;
  }, [lastTime]);

  const optionError = option instanceof Error ? option : null;
  const shownState: Status = optionError ? 'error' : status;
  useLayoutEffect(() => {
    const el = root.current;
    if (!el) return;
    if (shownState !== 'drawn') el.dataset.state = shownState;
    // Non-ECharts panels are drawn when React commits them.
    if (shownState === 'drawn' && !echartsType) markDrawn();
  }, [shownState, echartsType, loaded, markDrawn]);

  const onChartClick = useCallback(
    (params: EChartsClick) => {
      if (!onDrill || !loaded) return;
      const target = drillTarget(panel, loaded.data as PanelData, params);
      if (!target || !Object.keys(target).length) return;
      const ev = params.event?.event;
      onDrill(target, { explore: !!(ev && (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey)), panel });
    },
    [onDrill, loaded, panel],
  );

  const now = Date.now();
  const errorMessage = error instanceof ApiError && error.status === 404 && (panel.type === 'kpi' || panel.type === 'alerts')
    ? `${panel.type === 'kpi' ? 'KPIs are' : 'Alerting is'} not available in this build.`
    : error
      ? errorText(error)
      : optionError
        ? `cannot draw this panel: ${optionError.message}`
        : null;

  let body: ReactNode;
  if (panel.type === 'text') {
    body = loaded ? <div className="panel-text" dangerouslySetInnerHTML={{ __html: String(loaded.data ?? '') }} /> : <div className="panel-msg" aria-busy="true">Loading…</div>;
  } else if (errorMessage && (!loaded || optionError || shownState === 'error')) {
    body = (
      <div className="panel-msg error" role="alert">
        {errorMessage}
      </div>
    );
  } else if (!loaded) {
    body = <div className="panel-msg" aria-busy="true">Loading…</div>;
  } else if (empty) {
    body = <div className="panel-msg">No data in this time range.</div>;
  } else if (panel.type === 'table') {
    body = <TableView panel={panel} answer={loaded.data as QueryAnswer} unit={source.unit} format={source.format} />;
  } else if (panel.type === 'kpi') {
    body = <KpiList rows={scorecardRows(loaded.data)} names={panel.options?.kpis} />;
  } else if (panel.type === 'alerts') {
    body = <AlertList instances={alertRows(loaded.data)} states={panel.options?.states} now={now} />;
  } else if (panel.type === 'stat' && option && !(option instanceof Error)) {
    body = (
      <StatView panel={panel} answer={loaded.data as QueryAnswer} unit={source.unit} format={source.format} scheme={scheme ?? prefs.scheme} theme={prefs.theme}>
        <EChart option={option} onDrawn={markDrawn} instanceRef={chart} className="stat-spark" />
      </StatView>
    );
  } else if (option && !(option instanceof Error)) {
    body = <EChart option={option} onDrawn={markDrawn} onClick={onChartClick} instanceRef={chart} />;
  }

  const items: MenuItem[] = [
    ...(echartsType && option && !(option instanceof Error)
      ? [
          { label: 'Export PNG', onSelect: () => chart.current && void downloadChart(chart.current, panel, 'png', prefs.theme) },
          { label: 'Export SVG', onSelect: () => chart.current && void downloadChart(chart.current, panel, 'svg', prefs.theme) },
        ]
      : []),
    ...(panel.query && fetchSpec && 'query' in fetchSpec && onDrill
      ? [{ label: 'Open in explore', onSelect: () => onDrill({}, { explore: true, panel }) }]
      : []),
    ...(menuItems ?? []),
  ];

  return (
    <section
      ref={root}
      className="panel"
      data-testid={`panel-${panel.id}`}
      data-panel-type={panel.type}
      aria-labelledby={`panel-title-${panel.id}`}
      aria-busy={loading || undefined}
    >
      <header className="panel-head">
        {headerStart}
        <h2 className="panel-title" id={`panel-title-${panel.id}`} title={panel.description ?? panel.title}>
          {panel.title}
        </h2>
        {errorMessage && loaded && !optionError && shownState !== 'error' && (
          <span className="error" title={errorMessage} role="status">
            ⚠
          </span>
        )}
        {items.length > 0 && <PanelMenu title={panel.title} items={items} />}
      </header>
      <div className="panel-body">
        {loading && loaded && <div className="loading-bar" aria-hidden="true" />}
        {body}
      </div>
    </section>
  );
});

/** Runs what the panel fetches. */
async function runFetch(f: PanelFetch, signal: AbortSignal): Promise<unknown> {
  switch (f.kind) {
    case 'none':
      return null;
    case 'text':
      // Markdown (and its parser) only for dashboards that have text panels.
      return (await import('./markdown.js')).renderMarkdown(f.markdown);
    case 'query':
      return api.post<QueryAnswer>('/query', f.query, { signal });
    case 'forecast':
      return api.post('/forecast', f.body, { signal });
    case 'anomalies':
      return api.post('/anomalies', f.body, { signal });
    case 'kpis':
      // The panel shows values and categories; the period forecasts (most of the cost) are on the KPI page.
      return api.get(`/kpis/scorecard?forecast=false${f.names?.length ? `&names=${encodeURIComponent(f.names.join(','))}` : ''}`, { signal });
    case 'alerts':
      return api.get('/alerts/instances', { signal });
  }
}

/**
 * A live update: query from the bucket holding the oldest new row to the end of
 * the panel's window (`window`: the fetch at the update's instant) and merge;
 * panels without time buckets (and forecasts / anomalies, whose model needs the
 * whole history) run again whole over the window.
 */
async function liveUpdate(cur: Loaded, window: PanelFetch, minTime: number, how: { at: number; sliding: boolean }): Promise<Loaded | null> {
  if (window.kind === 'query' && cur.fetch.kind === 'query') {
    const inc = incrementalQuery(window.query, minTime, how.at);
    if (inc === null && window.query.step) return null; // the rows fall after the window: nothing drawn changes
    if (inc) {
      const answer = await api.post<QueryAnswer>('/query', inc);
      // A sliding window drops the buckets that left it.
      return { fetch: window, data: mergeAnswer(cur.data as QueryAnswer, answer, { relative: how.sliding }) };
    }
  }
  return { fetch: window, data: await runFetch(window, new AbortController().signal) };
}

/** Whether two answers draw the same series and points (their time window may differ by the seconds since). */
function sameNumbers(a: unknown, b: unknown): boolean {
  const series = (x: unknown) => (x as { series?: unknown } | null)?.series;
  return series(a) !== undefined && JSON.stringify(series(a)) === JSON.stringify(series(b));
}

function isEmpty(panel: Panel, data: unknown): boolean {
  if (panel.type === 'text') return false;
  if (panel.type === 'kpi' || panel.type === 'alerts') return false;
  const series = (data as { series?: unknown[] } | null)?.series;
  if (!Array.isArray(series) || series.length === 0) return true;
  return newestTime(data) === null;
}

function scorecardRows(data: unknown): ScorecardRow[] {
  const d = data as { kpis?: ScorecardRow[] } | ScorecardRow[] | null;
  return Array.isArray(d) ? d : (d?.kpis ?? []);
}
function alertRows(data: unknown): AlertInstance[] {
  const d = data as { instances?: AlertInstance[] } | AlertInstance[] | null;
  return Array.isArray(d) ? d : (d?.instances ?? []);
}

/** The panel's "⋮" menu: keyboard-operable (Enter opens, Escape closes, arrows move). */
function PanelMenu({ title, items }: { title: string; items: MenuItem[] }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    box.current?.querySelector<HTMLButtonElement>('[role=menuitem]')?.focus();
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      setOpen(false);
      box.current?.querySelector<HTMLButtonElement>('button')?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const list = [...(box.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]') ?? [])];
      const i = list.indexOf(document.activeElement as HTMLButtonElement);
      list[(i + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length]?.focus();
      e.preventDefault();
    }
  };
  return (
    <div className="panel-menu" ref={box} onKeyDown={onKey}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} aria-label={`Menu of panel ${title}`} onClick={() => setOpen((o) => !o)}>
        ⋮
      </button>
      {open && (
        <ul className="menu" role="menu">
          {items.map((it) => (
            <li key={it.label} role="none">
              <button
                type="button"
                role="menuitem"
                className={it.danger ? 'danger' : undefined}
                onClick={() => {
                  setOpen(false);
                  it.onSelect();
                }}
              >
                {it.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
