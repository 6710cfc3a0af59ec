import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { PANEL_TYPES, type Panel, type PanelOptions, type PanelType } from '../../../src/dashboards/schema.js';
import { errorText } from '../api.js';
import { PanelView, type PanelFilter } from '../panels/PanelView.js';
import { useCanEdit } from '../session.js';
import { DEFAULT_RANGE, type TimeRange } from '../time-range.js';
import { useCatalog } from './catalog.js';
import { statusFor, stepProblem, useDebounced, useQueryCheck } from './hooks.js';
import { Field } from './Field.js';
import { OptionsForm } from './OptionsForm.js';
import { cleanPanel, newPanel, newPanelId, panelProblems, type PanelQuery, type Problem } from './panel-draft.js';
import { NEEDS_STEP, PANEL_TYPE_INFO } from './panel-types.js';
import { QueryForm } from './QueryForm.js';
import css from './editor.module.css';

export interface PanelEditorProps {
  /** The panel to edit; absent for a new panel. */
  panel?: Panel;
  onSave: (panel: Panel) => void;
  onCancel: () => void;
  /** Ids already used on the dashboard (a new panel gets a free one). */
  takenIds?: string[];
  /** The dashboard's range and variables, so the preview shows what the dashboard will. */
  range?: TimeRange;
  variables?: PanelFilter[];
}

/** How long the form must be still before the preview follows it. */
const PREVIEW_DEBOUNCE_MS = 700;

/**
 * The panel editor: a form over one panel (title, chart type, query, options)
 * with a live preview. The preview follows the form after a short pause, or at
 * once on "Apply"; the query layer's answer to the query is shown in an alert.
 * "Save panel" hands the panel back only when it is valid, and is absent for a
 * principal who cannot change dashboards. It renders the form only: the
 * dashboard page puts it in its modal dialog.
 */
export function PanelEditor({ panel, onSave, onCancel, takenIds = [], range = DEFAULT_RANGE, variables }: PanelEditorProps) {
  const id = useId();
  const canEdit = useCanEdit();
  const catalog = useCatalog();
  const initial = useMemo(() => panel ?? newPanel(newPanelId(takenIds)), []); // eslint-disable-line react-hooks/exhaustive-deps
  const [title, setTitle] = useState(initial.title);
  const [description, setDescription] = useState(initial.description ?? '');
  const [type, setType] = useState<PanelType>(initial.type);
  // The query is kept while the type is one without a query, so switching back loses nothing.
  const [query, setQuery] = useState<PanelQuery>(initial.query ?? { measures: ['count()'] });
  const [options, setOptions] = useState<PanelOptions>(initial.options ?? {});
  const info = PANEL_TYPE_INFO[type];

  // Pick the first dataset for a new panel once the list is known, so the preview has something to show.
  useEffect(() => {
    if (!panel && !query.dataset && !query.metric && catalog.datasets.length) setQuery((q) => ({ ...q, dataset: catalog.datasets[0].name }));
  }, [catalog.datasets]); // eslint-disable-line react-hooks/exhaustive-deps

  const current: Panel = useMemo(
    () => cleanPanel({ ...initial, title, description, type, query, options }),
    [initial, title, description, type, query, options],
  );
  const problems: Problem[] = useMemo(() => {
    const list = panelProblems(current);
    const sp = info.query ? stepProblem(current.query) : null;
    if (sp) list.push({ path: `query.${sp.path}`, message: sp.message });
    return list;
  }, [current, info.query]);
  const queryProblems = problems.filter((p) => p.path.startsWith('query')).map((p) => ({ ...p, path: p.path.replace(/^query\.?/, '') }));

  // The server's verdict on the query (debounced, so typing does not flood it).
  const checkable = info.query && current.query && !queryProblems.length ? current.query : null;
  const check = useQueryCheck(useDebounced(checkable, PREVIEW_DEBOUNCE_MS / 2));
  const status = info.query ? statusFor(check, checkable) : 'idle';
  const serverError = status === 'error' ? check.error : null;
  const valid = problems.length === 0 && (!info.query || status === 'ok');

  // The preview: on Apply, and once the form has been still for a moment and the panel is valid.
  const [preview, setPreview] = useState<Panel | null>(() => (panelProblems(initial).length ? null : cleanPanel(initial)));
  const debounced = useDebounced(current, PREVIEW_DEBOUNCE_MS);
  const settled = JSON.stringify(debounced) === JSON.stringify(current);
  useEffect(() => {
    if (valid && settled) setPreview(current);
  }, [valid, settled, current]);

  const titleRef = useRef<HTMLInputElement>(null);
  useEffect(() => titleRef.current?.focus(), []);

  const apply = () => {
    if (problems.length === 0) setPreview(current);
  };
  const save = (e?: FormEvent) => {
    e?.preventDefault();
    if (!canEdit || !valid) return;
    onSave(current);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onCancel();
    }
  };

  const stepHint = NEEDS_STEP.has(type) ? 'auto: chosen from the time range' : 'auto: one value per group (no time buckets)';
  const otherProblems = problems.filter((p) => !p.path.startsWith('query') && !p.path.startsWith('options'));
  const blockers = [...problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))];

  return (
    <form className={css.editor} aria-labelledby={`${id}-h`} onSubmit={save} onKeyDown={onKeyDown} noValidate>
        <header className={css.editorHeader}>
          <h2 id={`${id}-h`}>{panel ? `Edit panel “${panel.title}”` : 'New panel'}</h2>
          <div className={css.actions}>
            <button type="button" onClick={apply} disabled={problems.length > 0} title="Update the preview now">
              Apply
            </button>
            {canEdit && (
              <button type="submit" className="primary" disabled={!valid} aria-describedby={blockers.length ? `${id}-blockers` : undefined}>
                Save panel
              </button>
            )}
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </header>
        <div className={css.editorBody}>
          <div className={css.formColumn}>
            <div className={css.row}>
              <Field label="Title" error={otherProblems.find((p) => p.path === 'title')?.message}>
                {(p) => <input {...p} ref={titleRef} type="text" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />}
              </Field>
              <Field label="Chart type" hint={info.description}>
                {(p) => (
                  <select {...p} value={type} onChange={(e) => setType(e.target.value as PanelType)}>
                    {PANEL_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {PANEL_TYPE_INFO[t].label} — {PANEL_TYPE_INFO[t].description}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <Field label="Description">
              {(p) => <input {...p} type="text" value={description} maxLength={2000} placeholder="optional, shown as the panel's tooltip" onChange={(e) => setDescription(e.target.value)} />}
            </Field>
            {info.query ? (
              <QueryForm value={query} onChange={setQuery} catalog={catalog} problems={queryProblems} stepHint={stepHint} />
            ) : (
              <p className={css.hint}>A {info.label.toLowerCase()} panel does not run a query.</p>
            )}
            <OptionsForm type={type} value={options} onChange={setOptions} problems={problems} />
          </div>
          <div className={css.previewColumn}>
            <h3>Preview</h3>
            {serverError ? (
              <div role="alert" className={css.alert}>
                <strong>The query layer refused this query:</strong>
                <pre>{errorText(serverError)}</pre>
              </div>
            ) : null}
            {status === 'pending' && (
              <p className={css.hint} role="status">
                Checking the query…
              </p>
            )}
            {catalog.error ? (
              <div role="alert" className={css.alert}>
                Cannot list datasets and metrics: {errorText(catalog.error)}
              </div>
            ) : null}
            {blockers.length > 0 && (
              <div id={`${id}-blockers`} className={css.blockers}>
                <strong>To save this panel:</strong>
                <ul>
                  {blockers.map((b) => (
                    <li key={b}>{b}</li>
                  ))}
                </ul>
              </div>
            )}
            <div className={css.preview}>
              {preview ? <PanelView key={JSON.stringify(preview)} panel={preview} range={range} variables={variables} /> : <p className="muted">The preview appears when the panel is complete.</p>}
            </div>
            {!canEdit && <p className={css.hint}>You can look, but your role cannot change dashboards.</p>}
          </div>
        </div>
    </form>
  );
}

export default PanelEditor;
