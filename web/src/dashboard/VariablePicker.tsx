import { useEffect, useId, useRef, useState } from 'react';
import type { DashboardVariable } from '../../../src/dashboards/schema.js';
import { api, errorText } from '../api.js';

/**
 * A dashboard variable: its values are read from the data
 * (`/datasets/<d>/values/<c>`, most frequent first). Single: a select with
 * "All"; multi: a list of checkboxes.
 */
const VALUES_DELAY_MS = 3000;

export function VariablePicker({ variable, selected, onChange }: { variable: DashboardVariable; selected: string[]; onChange: (values: string[]) => void }) {
  const [values, setValues] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const id = useId();
  const label = variable.label ?? variable.name;

  // The values are fetched when the picker is first used, or after the panels
  // had a head start: on load they would compete with the panel queries.
  const [wanted, setWanted] = useState(false);
  const want = () => setWanted(true);
  useEffect(() => {
    const t = setTimeout(want, VALUES_DELAY_MS);
    return () => clearTimeout(t);
  }, []);

  useEffect(() => {
    if (!wanted) return;
    const ctl = new AbortController();
    api
      .get<{ values: unknown[] }>(`/datasets/${encodeURIComponent(variable.dataset)}/values/${encodeURIComponent(variable.column)}?limit=200`, { signal: ctl.signal })
      .then(
        (r) => setValues(r.values.map((v) => (v === null ? '\u2205' : String(v)))),
        (e) => !ctl.signal.aborted && setError(errorText(e)),
      );
    return () => ctl.abort();
  }, [variable.dataset, variable.column, wanted]);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  // Selected values the data no longer has stay choosable (a shared link keeps working).
  const options = [...new Set([...(values ?? []), ...selected])];

  if (!variable.multi) {
    return (
      <label title={error ?? undefined}>
        <span>{label}</span>
        <select onFocus={want} onPointerEnter={want} value={selected[0] ?? ''} onChange={(e) => onChange(e.target.value ? [e.target.value] : [])} aria-invalid={error ? true : undefined}>
          <option value="">All</option>
          {options.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
        {error && <span className="error" role="alert">{error}</span>}
      </label>
    );
  }
  const toggle = (v: string) => onChange(selected.includes(v) ? selected.filter((x) => x !== v) : [...selected, v]);
  return (
    <div className="time-range" ref={box} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <span id={`${id}-l`}>{label}</span>{' '}
      <button type="button" aria-labelledby={`${id}-l ${id}-v`} aria-expanded={open} onFocus={want} onPointerEnter={want} onClick={() => setOpen((o) => !o)}>
        <span id={`${id}-v`}>{selected.length ? selected.join(', ') : 'All'}</span> ▾
      </button>
      {error && <span className="error" role="alert">{error}</span>}
      {open && (
        <fieldset className="popover" style={{ flexDirection: 'column', maxHeight: '20rem', overflow: 'auto', width: '16rem' }}>
          <legend className="sr-only">{label}</legend>
          <button type="button" onClick={() => onChange([])}>
            All
          </button>
          {options.map((v) => (
            <label key={v}>
              <input type="checkbox" checked={selected.includes(v)} onChange={() => toggle(v)} /> {v}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
