import { useId } from 'react';
import type { ColorScheme, DashboardDoc, DashboardVariable } from '../../../src/dashboards/schema.js';
import { SCHEMES } from '../prefs.js';
import { useCatalog } from '../panels/catalog.js';
import { rangeLabel, REFRESH_CHOICES, type TimeRange } from '../time-range.js';

/**
 * Edit mode, the dashboard as a whole: description, tags, colour scheme, the
 * defaults a link without view state opens with (time range, refresh, live) and
 * the variables (dimension filters whose values come from the data). The
 * server checks the result on Save and names any problem.
 */
export function DashboardSettings({ draft, onChange, currentRange }: { draft: DashboardDoc; onChange: (d: DashboardDoc) => void; currentRange: TimeRange }) {
  const id = useId();
  const catalog = useCatalog();
  const set = (patch: Partial<DashboardDoc>) => {
    const next = { ...draft, ...patch } as Record<string, unknown>;
    // Empty optional fields are left out rather than saved empty.
    for (const [k, v] of Object.entries(patch)) if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) delete next[k];
    onChange(next as DashboardDoc);
  };
  const vars = draft.variables ?? [];
  const setVar = (i: number, v: DashboardVariable) => set({ variables: vars.map((x, k) => (k === i ? v : x)) });
  const datasets = [...(catalog?.datasets.values() ?? [])];
  const dimensions = (dataset: string) => (catalog?.datasets.get(dataset)?.columns ?? []).filter((c) => c.type === 'string' || c.type === 'boolean').map((c) => c.name);
  const addVariable = () => {
    const ds = datasets.find((d) => dimensions(d.name).length) ?? datasets[0];
    const column = ds ? (dimensions(ds.name).find((c) => !vars.some((v) => v.column === c)) ?? dimensions(ds.name)[0] ?? '') : '';
    set({ variables: [...vars, { name: variableName(column, vars), dataset: ds?.name ?? '', column }] });
  };

  return (
    <details className="card settings" open={false}>
      <summary>Dashboard settings</summary>
      <div className="settings-grid">
        <label className="form-row wide">
          <span>Description</span>
          <textarea rows={2} value={draft.description ?? ''} onChange={(e) => set({ description: e.target.value || undefined })} />
        </label>
        <label className="form-row">
          <span>Tags (comma-separated)</span>
          <input
            value={(draft.tags ?? []).join(', ')}
            onChange={(e) => set({ tags: e.target.value.split(',').map((t) => t.trim()).filter(Boolean) })}
          />
        </label>
        <label className="form-row">
          <span>Colour scheme</span>
          <select value={draft.colorScheme ?? ''} onChange={(e) => set({ colorScheme: (e.target.value || undefined) as ColorScheme | undefined })}>
            <option value="">Each viewer's choice</option>
            {SCHEMES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <div className="form-row">
          <span id={`${id}-range`}>Default time range</span>
          <div className="inline" aria-labelledby={`${id}-range`}>
            <span>{draft.time ? rangeLabel(draft.time) : 'Last 24 hours (not set)'}</span>
            <button type="button" onClick={() => set({ time: { ...currentRange } })} disabled={!!draft.time && draft.time.from === currentRange.from && draft.time.to === currentRange.to}>
              Use {rangeLabel(currentRange)}
            </button>
          </div>
        </div>
        <label className="form-row">
          <span>Default auto-refresh</span>
          <select value={draft.refresh ?? 'off'} onChange={(e) => set({ refresh: e.target.value === 'off' ? undefined : e.target.value })}>
            {REFRESH_CHOICES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className="form-row checkbox">
          <input type="checkbox" checked={!!draft.live} onChange={(e) => set({ live: e.target.checked || undefined })} />
          <span>Live by default</span>
        </label>
      </div>
      <fieldset className="variables">
        <legend>Variables</legend>
        {vars.length === 0 && <p className="muted">No variables. A variable filters every panel whose dataset has its column.</p>}
        {vars.map((v, i) => (
          <div className="variable-row" key={i} role="group" aria-label={`Variable ${i + 1}`}>
            <label>
              <span>Name</span>
              <input value={v.name} onChange={(e) => setVar(i, { ...v, name: e.target.value })} pattern="[a-z][a-z0-9_]{0,63}" title="lower-case letters, digits and _, starting with a letter" />
            </label>
            <label>
              <span>Label</span>
              <input value={v.label ?? ''} onChange={(e) => setVar(i, { ...v, label: e.target.value || undefined })} placeholder={v.name} />
            </label>
            <label>
              <span>Dataset</span>
              <select value={v.dataset} onChange={(e) => setVar(i, { ...v, dataset: e.target.value, column: dimensions(e.target.value)[0] ?? '' })}>
                {!datasets.some((d) => d.name === v.dataset) && <option value={v.dataset}>{v.dataset || '(choose)'}</option>}
                {datasets.map((d) => (
                  <option key={d.name} value={d.name}>
                    {d.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>Column</span>
              <select value={v.column} onChange={(e) => setVar(i, { ...v, column: e.target.value, name: v.name === variableName(v.column, []) ? variableName(e.target.value, vars.filter((_, k) => k !== i)) : v.name })}>
                {!dimensions(v.dataset).includes(v.column) && <option value={v.column}>{v.column || '(choose)'}</option>}
                {dimensions(v.dataset).map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={!!v.multi} onChange={(e) => setVar(i, { ...v, multi: e.target.checked || undefined })} />
              <span>Several values</span>
            </label>
            <button type="button" className="link danger" onClick={() => set({ variables: vars.filter((_, k) => k !== i) })} aria-label={`Remove variable ${v.name}`}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={addVariable} disabled={!datasets.length}>
          Add variable
        </button>
      </fieldset>
    </details>
  );
}

/** A variable name from a column (`Region` → `region`), not used by another variable. */
function variableName(column: string, others: readonly DashboardVariable[]): string {
  const base = column.toLowerCase().replace(/[^a-z0-9_]/g, '_').replace(/^[^a-z]+/, '').slice(0, 60) || 'var';
  const taken = new Set(others.map((v) => v.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}
