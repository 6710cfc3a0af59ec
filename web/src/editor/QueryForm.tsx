import { useEffect, useState } from 'react';
import type { Catalog } from './catalog.js';
import { queryDataset } from './catalog.js';
import { Field } from './Field.js';
import { fieldOfProblem, type PanelQuery, type Problem, type QueryField } from './panel-draft.js';
import { STEP_CHOICES } from './panel-types.js';
import { dimensionColumns, filterExample, measureSuggestions, splitMeasures } from './suggest.js';
import css from './editor.module.css';

export interface QueryFormProps {
  value: PanelQuery;
  onChange: (q: PanelQuery) => void;
  catalog: Catalog;
  /** Problems to show next to their fields (client checks and the server's answer). */
  problems?: Problem[];
  /** Hint under the Step field (e.g. what "auto" means for the chart type). */
  stepHint?: string;
  disabled?: boolean;
}

/**
 * The metric query form: source (dataset or metric), measures, filter, group
 * by and step. Used by the panel editor and by the explore page — one form, so
 * both behave the same.
 */
export function QueryForm({ value, onChange, catalog, problems = [], stepHint, disabled }: QueryFormProps) {
  const ds = queryDataset(catalog, value);
  const metric = catalog.metric(value.metric);

  // The measures box keeps the user's text (a trailing comma or blank line is
  // fine while typing); the query gets the parsed list.
  const joined = (value.measures ?? []).join('\n');
  const [measuresText, setMeasuresText] = useState(joined);
  useEffect(() => {
    setMeasuresText((text) => (splitMeasures(text).join('\n') === joined ? text : joined));
  }, [joined]);

  const byField = new Map<QueryField, string[]>();
  for (const p of problems) {
    const f = fieldOfProblem(p);
    if (f) byField.set(f, [...(byField.get(f) ?? []), p.message]);
  }
  const errorOf = (f: QueryField) => byField.get(f)?.join('; ');

  const set = (patch: Partial<PanelQuery>) => onChange({ ...value, ...patch });
  const suggestions = measureSuggestions(ds, catalog.metrics);
  const dims = dimensionColumns(ds);
  const steps: string[] = [...STEP_CHOICES];
  if (value.step && !steps.includes(value.step)) steps.push(value.step);

  const chooseDataset = (name: string) => {
    // A new dataset: keep measures that are plain (count()), drop the rest only
    // if they name columns the new dataset lacks — the server would refuse them.
    const next = catalog.dataset(name);
    const cols = new Set(next?.columns.map((c) => c.name) ?? []);
    const keep = (value.measures ?? []).filter((m) => [...m.matchAll(/\(([A-Za-z_][A-Za-z0-9_]*)/g)].every((x) => cols.has(x[1])));
    onChange({ ...value, dataset: name || undefined, metric: undefined, measures: keep.length ? keep : ['count()'], groupBy: (value.groupBy ?? []).filter((g) => cols.has(g)) });
  };
  const chooseMetric = (name: string) => {
    if (!name) return onChange({ ...value, metric: undefined, dataset: value.dataset ?? metric?.dataset });
    const m = catalog.metric(name);
    const cols = new Set(catalog.dataset(m?.dataset)?.columns.map((c) => c.name) ?? []);
    onChange({ ...value, metric: name, dataset: undefined, measures: undefined, groupBy: (value.groupBy ?? []).filter((g) => cols.has(g)) });
  };
  const addMeasure = (m: string) => {
    if (!m) return;
    const list = value.measures ?? (value.metric ? [value.metric] : []);
    if (!list.includes(m)) set({ measures: [...list, m] });
  };

  return (
    <fieldset className={css.queryForm} disabled={disabled}>
      <legend>Query</legend>
      <div className={css.row}>
        <Field label="Dataset" error={errorOf('dataset')}>
          {(p) => (
            <select {...p} value={ds?.name ?? ''} onChange={(e) => chooseDataset(e.target.value)}>
              <option value="">{catalog.loading ? 'Loading…' : '(choose a dataset)'}</option>
              {catalog.datasets.map((d) => (
                <option key={d.name} value={d.name}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Metric" error={errorOf('metric')} hint={metric ? `${metric.description ?? metric.expr}${metric.unit ? ` · ${metric.unit}` : ''}` : undefined}>
          {(p) => (
            <select {...p} value={value.metric ?? ''} onChange={(e) => chooseMetric(e.target.value)}>
              <option value="">(none: write measures)</option>
              {catalog.metrics.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name} ({m.dataset})
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>

      <Field label="Measures" error={errorOf('measures')} hint="One per line: expressions like count(), p95(duration_ms), sum(bytes) / count(), or metric names.">
        {(p) => (
          <textarea
            {...p}
            rows={Math.min(6, Math.max(2, measuresText.split('\n').length))}
            value={measuresText}
            placeholder={value.metric ? `${value.metric} (the metric itself)` : 'count()'}
            spellCheck={false}
            onChange={(e) => {
              setMeasuresText(e.target.value);
              const list = splitMeasures(e.target.value);
              set({ measures: list.length || !value.metric ? list : undefined });
            }}
          />
        )}
      </Field>
      {suggestions.length > 0 && (
        <Field label="Add a measure">
          {(p) => (
            <select {...p} value="" onChange={(e) => addMeasure(e.target.value)}>
              <option value="">(suggestions from {ds?.name})</option>
              {suggestions.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}

      <Field label="Filter" error={errorOf('filter')}>
        {(p) => <input {...p} type="text" value={value.filter ?? ''} placeholder={filterExample(ds)} spellCheck={false} onChange={(e) => set({ filter: e.target.value || undefined })} />}
      </Field>

      <div className={css.row}>
        <Field label="Group by" error={errorOf('groupBy')} hint={dims.length ? 'Ctrl/⌘ or Shift to choose several' : 'No dimension columns'}>
          {(p) => (
            <select {...p} multiple size={Math.min(5, Math.max(2, dims.length))} value={value.groupBy ?? []} onChange={(e) => set({ groupBy: [...e.target.selectedOptions].map((o) => o.value) })}>
              {dims.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className={css.column}>
          <Field label="Step" error={errorOf('step')} hint={stepHint}>
            {(p) => (
              <select {...p} value={value.step ?? 'auto'} onChange={(e) => set({ step: e.target.value === 'auto' ? undefined : e.target.value })}>
                {steps.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {(value.groupBy?.length ?? 0) > 0 && (
            <Field label="Top groups" error={errorOf('limit')}>
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={1}
                  max={10000}
                  value={value.limit ?? ''}
                  placeholder="all"
                  onChange={(e) => set({ limit: e.target.value === '' ? undefined : Math.trunc(Number(e.target.value)) })}
                />
              )}
            </Field>
          )}
        </div>
      </div>
    </fieldset>
  );
}
