import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ComponentType } from 'react';
import type { DashboardDoc, Panel } from '../../../src/dashboards/schema.js';
import { api, ApiError, errorText } from '../api.js';
import { DashboardGrid } from '../dashboard/DashboardGrid.js';
import { DashboardSettings } from '../dashboard/DashboardSettings.js';
import { downloadText } from '../panels/export.js';
import { TimeRangePicker } from '../dashboard/TimeRangePicker.js';
import { activeFilters, searchOf, valueText, viewFromSearch, type ColumnTypes, type ViewState } from '../dashboard/url-state.js';
import { VariablePicker } from '../dashboard/VariablePicker.js';
import { live as liveHub } from '../live.js';
import { useCatalog } from '../panels/catalog.js';
import { filterCondition, type FilterValue, type PanelFilter } from '../panels/filters.js';
import type { MenuItem } from '../panels/PanelView.js';
import { Link, navigate, useLocation } from '../router.js';
import { useCanEdit } from '../session.js';
import { isRelative, REFRESH_CHOICES, refreshMs } from '../time-range.js';
import { nextPanelLayout, uniquePanelId } from '../dashboard/doc-ops.js';
import { dashboardDoc } from '../dashboard/prefetch.js';

/**
 * The panel editor is built separately (web/src/editor); it is loaded when edit
 * mode first needs it, and a build without it still shows dashboards.
 */
interface EditorProps {
  panel?: Panel;
  onSave: (p: Panel) => void;
  onCancel: () => void;
  takenIds?: string[];
  range?: ViewState['range'];
  variables?: PanelFilter[];
}
const editorModules = import.meta.glob<{ PanelEditor: ComponentType<EditorProps> }>('../editor/PanelEditor.tsx');
const NoEditor: ComponentType<EditorProps> = () => <p role="alert">The panel editor is not part of this build.</p>;
const PanelEditor = lazy(async (): Promise<{ default: ComponentType<EditorProps> }> => {
  const load = Object.values(editorModules)[0];
  if (!load) return { default: NoEditor };
  return { default: (await load()).PanelEditor };
});

/** The dashboard page: `/d/<name>`. */
export default function Dashboard({ name }: { name: string }) {
  const loc = useLocation();
  const canEdit = useCanEdit();
  const catalog = useCatalog();
  const [doc, setDoc] = useState<DashboardDoc | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState<DashboardDoc | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [editing, setEditing] = useState<{ panel?: Panel } | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [liveConnected, setLiveConnected] = useState(liveHub.connected);

  useEffect(() => {
    const ctl = new AbortController();
    setDoc(null);
    setLoadError(null);
    dashboardDoc(name, ctl.signal).then(
      (d) => !ctl.signal.aborted && setDoc(d),
      (e) => !ctl.signal.aborted && setLoadError(e),
    );
    return () => ctl.abort();
  }, [name]);

  useEffect(() => liveHub.onStatus(setLiveConnected), []);

  // `?edit=1` (a new dashboard) opens edit mode once the document is here.
  const wantsEdit = loc.search.get('edit') === '1';
  useEffect(() => {
    if (doc && wantsEdit && canEdit && !draft) setDraft(structuredClone(doc));
  }, [doc, wantsEdit, canEdit, draft]);

  const shown = draft ?? doc;
  const view = useMemo(() => viewFromSearch(loc.search, doc ?? undefined), [loc.search, doc]);
  const setView = useCallback(
    (change: Partial<ViewState>) => {
      const next = { ...viewFromSearch(new URLSearchParams(window.location.search), doc ?? undefined), ...change };
      navigate(window.location.pathname + searchOf(next, new URLSearchParams(window.location.search)), { replace: true });
    },
    [doc],
  );

  const types: ColumnTypes = useMemo(() => {
    const m = new Map<string, string>();
    for (const ds of catalog?.datasets.values() ?? []) for (const c of ds.columns) if (!m.has(c.name)) m.set(c.name, c.type);
    return m;
  }, [catalog]);
  const filtersKey = JSON.stringify([view.vars, view.chips, shown?.variables, [...types]]);
  // Stable while the filters are the same, so panels do not re-run.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const filters = useMemo(() => (shown ? activeFilters(shown, view, types) : []), [filtersKey]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const range = useMemo(() => view.range, [view.range.from, view.range.to]);
  // One instant per load, range, filter change and refresh: every panel resolves
  // the relative range at it, so all show the same window and identical panels
  // send identical queries (answered once by the server).
  // (By content: the filters object is rebuilt when the catalog arrives.)
  const filtersText = JSON.stringify(filters);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rangeNow = useMemo(() => Date.now(), [range, filtersText, refreshKey]);

  // Auto-refresh (a relative range only: a fixed range does not change).
  useEffect(() => {
    const ms = refreshMs(view.refresh);
    if (!ms || !isRelative(range) || draft) return;
    const t = setInterval(() => setRefreshKey((k) => k + 1), ms);
    return () => clearInterval(t);
  }, [view.refresh, range, draft]);

  // Unsaved edits: ask before leaving the page.
  const dirty = !!draft && JSON.stringify(draft) !== JSON.stringify(doc);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const onDrill = useCallback(
    (target: Record<string, FilterValue>, how: { explore: boolean; panel: Panel }) => {
      if (how.explore) {
        // The explore page's own link format; loaded on use (it brings the schema validator along).
        void import('../editor/explore-link.js').then((m) => navigate(m.exploreHrefForPanel(how.panel, target, range)));
        return;
      }
      const current = viewFromSearch(new URLSearchParams(window.location.search), doc ?? undefined);
      const chips = current.chips.filter((c) => !(c.column in target));
      for (const [column, v] of Object.entries(target)) chips.push({ column, value: valueText(v) });
      setView({ chips });
    },
    [doc, range, setView],
  );

  if (loadError) {
    return (
      <main className="page">
        <h1>Dashboard {name}</h1>
        <p role="alert" className="error">
          {loadError instanceof ApiError && loadError.status === 404 ? `There is no dashboard named “${name}”.` : errorText(loadError)}
        </p>
        <Link to="/">All dashboards</Link>
      </main>
    );
  }
  if (!shown) {
    return (
      <main className="page" aria-busy="true">
        <p className="muted">Loading dashboard…</p>
      </main>
    );
  }

  const startEdit = () => {
    setSaveError(null);
    setDraft(structuredClone(shown));
  };
  const cancelEdit = () => {
    if (dirty && !window.confirm('Discard the unsaved changes to this dashboard?')) return;
    setDraft(null);
    setSaveError(null);
    if (wantsEdit) navigate(window.location.pathname + searchOf(view, withoutEdit()), { replace: true });
  };
  const save = async () => {
    if (!draft) return;
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await api.put<DashboardDoc | undefined>(`/dashboards/${encodeURIComponent(name)}`, draft);
      setDoc(saved && saved.kind === 'dashboard' ? saved : draft);
      setDraft(null);
      if (wantsEdit) navigate(window.location.pathname + searchOf(view, withoutEdit()), { replace: true });
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  };
  const updatePanels = (fn: (panels: Panel[]) => Panel[]) => setDraft((d) => (d ? { ...d, panels: fn(d.panels) } : d));
  const savePanel = (p: Panel) => {
    updatePanels((panels) => {
      const i = panels.findIndex((x) => x.id === (editing?.panel?.id ?? p.id));
      if (i >= 0 && editing?.panel) return panels.map((x, k) => (k === i ? { ...p, layout: x.layout } : x));
      const id = panels.some((x) => x.id === p.id) ? uniquePanelId(panels, p.id) : p.id;
      return [...panels, { ...p, id, layout: nextPanelLayout(panels, p.layout) }];
    });
    setEditing(null);
  };
  const panelMenu = (p: Panel): MenuItem[] | undefined =>
    draft
      ? [
          { label: 'Edit', onSelect: () => setEditing({ panel: p }) },
          {
            label: 'Duplicate',
            onSelect: () => updatePanels((ps) => [...ps, { ...structuredClone(p), id: uniquePanelId(ps, p.id), title: `${p.title} (copy)`, layout: nextPanelLayout(ps, p.layout) }]),
          },
          { label: 'Remove', danger: true, onSelect: () => window.confirm(`Remove the panel “${p.title}”?`) && updatePanels((ps) => ps.filter((x) => x.id !== p.id)) },
        ]
      : undefined;

  return (
    <main className="page dashboard">
      <div className="dash-header">
        {draft ? (
          <label className="title-edit">
            <span className="sr-only">Dashboard title</span>
            <input value={draft.title} aria-label="Dashboard title" onChange={(e) => setDraft({ ...draft, title: e.target.value })} style={{ fontSize: '1.2rem', fontWeight: 600 }} />
          </label>
        ) : (
          <h1 title={shown.description}>{shown.title}</h1>
        )}
        <div className="dash-controls">
          {!draft && (
            <>
              <TimeRangePicker value={range} onChange={(r) => setView({ range: r })} />
              <label>
                <span className="sr-only">Refresh</span>
                <select aria-label="Refresh" value={REFRESH_CHOICES.includes(view.refresh) ? view.refresh : 'off'} onChange={(e) => setView({ refresh: e.target.value })} title="Auto-refresh">
                  {REFRESH_CHOICES.map((r) => (
                    <option key={r} value={r}>
                      {r === 'off' ? 'Auto-refresh off' : `Every ${r}`}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" onClick={() => setRefreshKey((k) => k + 1)} title="Run every panel's query again">
                ⟳ Refresh
              </button>
              <button type="button" aria-pressed={view.live} onClick={() => setView({ live: !view.live })} title={view.live ? (liveConnected ? 'Live: connected' : 'Live: connecting…') : 'Update panels as rows arrive'}>
                {view.live ? (liveConnected ? '● ' : '○ ') : ''}Live
              </button>
              <button type="button" onClick={() => downloadText(`${shown.name}.json`, JSON.stringify(doc, null, 2) + '\n', 'application/json')} title="Download the dashboard document">
                Export JSON
              </button>
              <button type="button" onClick={startEdit} disabled={!canEdit} title={canEdit ? 'Add, move, resize and edit panels' : 'Your role can view dashboards but not change them'}>
                Edit
              </button>
            </>
          )}
          {draft && (
            <>
              <TimeRangePicker value={range} onChange={(r) => setView({ range: r })} />
              <button type="button" onClick={() => setEditing({})}>
                Add panel
              </button>
              <button type="button" onClick={cancelEdit}>
                Cancel
              </button>
              <button type="button" className="primary" onClick={() => void save()} disabled={saving}>
                {saving ? 'Saving…' : 'Save'}
              </button>
            </>
          )}
        </div>
      </div>
      {saveError != null && (
        <div className="banner error" role="alert">
          <strong>Not saved:</strong> {errorText(saveError)}
        </div>
      )}
      {draft && <DashboardSettings draft={draft} onChange={setDraft} currentRange={range} />}
      {(shown.variables?.length ?? 0) > 0 && (
        <div className="dash-vars" aria-label="Variables" role="group">
          {shown.variables!.map((v) => (
            <VariablePicker key={v.name} variable={v} selected={view.vars[v.name] ?? []} onChange={(values) => setView({ vars: { ...view.vars, [v.name]: values } })} />
          ))}
        </div>
      )}
      {view.chips.length > 0 && (
        <ul className="chips" aria-label="Filters">
          {view.chips.map((c, i) => (
            <li key={`${c.column}=${c.value}`} className="chip" data-testid="filter-chip">
              <span>{filterCondition({ column: c.column, values: [c.value] }) ?? `${c.column} = ${c.value}`}</span>
              <button type="button" aria-label={`Remove filter ${c.column} = ${c.value}`} onClick={() => setView({ chips: view.chips.filter((_, k) => k !== i) })}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {shown.panels.length === 0 ? (
        <div className="card">
          <p>This dashboard has no panels yet.</p>
          {canEdit && !draft && (
            <button type="button" onClick={startEdit}>
              Edit
            </button>
          )}
          {draft && (
            <button type="button" className="primary" onClick={() => setEditing({})}>
              Add panel
            </button>
          )}
        </div>
      ) : (
        <DashboardGrid
          panels={shown.panels}
          editing={!!draft}
          onLayout={(layouts) => updatePanels((ps) => ps.map((p) => (layouts[p.id] ? { ...p, layout: layouts[p.id] } : p)))}
          panelProps={{ range, now: rangeNow, variables: filters, live: view.live && !draft, refreshKey, scheme: shown.colorScheme, onDrill }}
          panelMenu={panelMenu}
        />
      )}
      {editing && (
        <EditorDialog onClose={() => setEditing(null)}>
          <Suspense fallback={<p className="muted">Loading the editor…</p>}>
            <PanelEditor
              panel={editing.panel}
              onSave={savePanel}
              onCancel={() => setEditing(null)}
              takenIds={(draft ?? shown).panels.map((p) => p.id)}
              range={range}
              variables={filters}
            />
          </Suspense>
        </EditorDialog>
      )}
    </main>
  );
}

function withoutEdit(): URLSearchParams {
  const sp = new URLSearchParams(window.location.search);
  sp.delete('edit');
  return sp;
}

/** A modal dialog (native <dialog>: focus is trapped, Escape closes). */
function EditorDialog({ children, onClose }: { children: React.ReactNode; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label="Panel editor"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
