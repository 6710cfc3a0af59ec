import { useEffect, useState } from 'react';
import { COLOR_SCHEMES, type PanelOptions, type PanelType } from '../../../src/dashboards/schema.js';
import { useApi } from '../api.js';
import { Field } from './Field.js';
import { parseNumberList, type Problem } from './panel-draft.js';
import { ALERT_STATES, FORMAT_CHOICES, PANEL_TYPE_INFO } from './panel-types.js';
import css from './editor.module.css';

export interface OptionsFormProps {
  type: PanelType;
  value: PanelOptions;
  onChange: (o: PanelOptions) => void;
  problems?: Problem[];
}

const CHECKBOXES: { key: 'area' | 'stack' | 'horizontal' | 'donut'; label: string }[] = [
  { key: 'area', label: 'Area (fill under lines)' },
  { key: 'stack', label: 'Stack series' },
  { key: 'horizontal', label: 'Horizontal bars' },
  { key: 'donut', label: 'Donut' },
];

/** The options that mean something for the chart type (PANEL_TYPE_INFO), nothing else. */
export function OptionsForm({ type, value, onChange, problems = [] }: OptionsFormProps) {
  const shown = new Set(PANEL_TYPE_INFO[type].options);
  const set = (patch: Partial<PanelOptions>) => onChange({ ...value, ...patch });
  const problemOf = (key: string) => problems.find((p) => p.path === `options.${key}` || p.path.startsWith(`options.${key}[`))?.message;
  const num = (text: string, integer = false) => (text === '' ? undefined : integer ? Math.trunc(Number(text)) : Number(text));

  const numberField = (key: 'min' | 'max' | 'decimals' | 'bins' | 'horizon', label: string, hint?: string, integer = false) =>
    shown.has(key) && (
      <Field key={key} label={label} hint={hint} error={problemOf(key)}>
        {(p) => <input {...p} type="number" step={integer ? 1 : 'any'} value={value[key] ?? ''} onChange={(e) => set({ [key]: num(e.target.value, integer) })} />}
      </Field>
    );

  if (shown.size === 0) return null;
  return (
    <fieldset className={css.optionsForm}>
      <legend>Options</legend>
      <div className={css.checks}>
        {CHECKBOXES.filter((c) => shown.has(c.key)).map((c) => (
          <label key={c.key} className={css.check}>
            <input type="checkbox" checked={!!value[c.key]} onChange={(e) => set({ [c.key]: e.target.checked || undefined })} />
            {c.label}
          </label>
        ))}
        {shown.has('legend') && (
          <label className={css.check}>
            <input type="checkbox" checked={value.legend !== false} onChange={(e) => set({ legend: e.target.checked ? undefined : false })} />
            Show legend
          </label>
        )}
      </div>
      <div className={css.grid}>
        {numberField('min', 'Min')}
        {numberField('max', 'Max')}
        {shown.has('thresholds') && <ThresholdsField value={value.thresholds} onChange={(thresholds) => set({ thresholds })} problem={problemOf('thresholds')} />}
        {numberField('bins', 'Bins', '2 to 200', true)}
        {numberField('horizon', 'Horizon', 'steps to forecast ahead', true)}
        {shown.has('sensitivity') && (
          <Field label="Sensitivity">
            {(p) => (
              <select {...p} value={value.sensitivity ?? 'medium'} onChange={(e) => set({ sensitivity: e.target.value as PanelOptions['sensitivity'] })}>
                <option value="low">low (fewer flags)</option>
                <option value="medium">medium</option>
                <option value="high">high (more flags)</option>
              </select>
            )}
          </Field>
        )}
        {shown.has('unit') && (
          <Field label="Unit">{(p) => <input {...p} type="text" value={value.unit ?? ''} placeholder="from the metric" onChange={(e) => set({ unit: e.target.value || undefined })} />}</Field>
        )}
        {shown.has('format') && (
          <Field label="Format">
            {(p) => (
              <select {...p} value={value.format ?? ''} onChange={(e) => set({ format: e.target.value || undefined })}>
                <option value="">(from the metric)</option>
                {FORMAT_CHOICES.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {numberField('decimals', 'Decimals', '0 to 10', true)}
        {shown.has('colorScheme') && (
          <Field label="Colour scheme">
            {(p) => (
              <select {...p} value={value.colorScheme ?? ''} onChange={(e) => set({ colorScheme: (e.target.value || undefined) as PanelOptions['colorScheme'] })}>
                <option value="">(the dashboard’s)</option>
                {COLOR_SCHEMES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                    {c === 'okabe-ito' ? ' (colour-blind safe)' : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {shown.has('kpis') && <KpiField value={value.kpis} onChange={(kpis) => set({ kpis })} />}
      </div>
      {shown.has('states') && (
        <fieldset className={css.checks}>
          <legend>States to list</legend>
          {ALERT_STATES.map((s) => (
            <label key={s} className={css.check}>
              <input
                type="checkbox"
                checked={(value.states ?? []).includes(s)}
                onChange={(e) => set({ states: e.target.checked ? [...(value.states ?? []), s] : (value.states ?? []).filter((x) => x !== s) })}
              />
              {s}
            </label>
          ))}
          <span className={css.hint}>None checked: every state but normal.</span>
        </fieldset>
      )}
      {shown.has('markdown') && (
        <Field label="Markdown" error={problemOf('markdown')}>
          {(p) => <textarea {...p} rows={10} value={value.markdown ?? ''} onChange={(e) => set({ markdown: e.target.value })} />}
        </Field>
      )}
    </fieldset>
  );
}

/** Thresholds as "50, 80, 95": the text is kept while typing; the list is set when it parses. */
function ThresholdsField({ value, onChange, problem }: { value?: number[]; onChange: (v: number[] | undefined) => void; problem?: string }) {
  const [text, setText] = useState((value ?? []).join(', '));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    if (value?.some((v) => Number.isNaN(v))) return;
    setText((t) => (JSON.stringify(parseNumberList(t)) === JSON.stringify(value ?? []) ? t : (value ?? []).join(', ')));
  }, [value]);
  const msg = bad ? 'write numbers separated by commas, e.g. 50, 80' : problem;
  return (
    <Field label="Thresholds" hint="Values where the colour changes, ascending" error={msg}>
      {(p) => (
      <input
        {...p}
        type="text"
        value={text}
        placeholder="e.g. 50, 80"
        onChange={(e) => {
          setText(e.target.value);
          const list = parseNumberList(e.target.value);
          setBad(list === null);
          // An unreadable list becomes [NaN]: the schema refuses it, so the panel cannot be saved with stale thresholds.
          onChange(list === null ? [Number.NaN] : list.length ? list : undefined);
        }}
      />
      )}
    </Field>
  );
}

/** The KPIs a scorecard panel shows: picked from the workspace's KPIs, or typed when the list cannot be read. */
function KpiField({ value, onChange }: { value?: string[]; onChange: (v: string[] | undefined) => void }) {
  const list = useApi<{ kpis: { name: string; title?: string }[] }>('/kpis');
  if (!list.data) return <ListField label="KPIs" hint="KPI names, comma-separated; empty shows all" value={value} onChange={onChange} />;
  return (
    <Field label="KPIs" hint="None chosen: all KPIs. Ctrl/⌘ or Shift to choose several.">
      {(p) => (
        <select {...p} multiple size={Math.min(6, Math.max(2, list.data!.kpis.length))} value={value ?? []} onChange={(e) => {
          const names = [...e.target.selectedOptions].map((o) => o.value);
          onChange(names.length ? names : undefined);
        }}>
          {list.data!.kpis.map((k) => (
            <option key={k.name} value={k.name}>
              {k.title ?? k.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function ListField({ label, hint, value, onChange }: { label: string; hint: string; value?: string[]; onChange: (v: string[] | undefined) => void }) {
  const [text, setText] = useState((value ?? []).join(', '));
  return (
    <Field label={label} hint={hint}>
      {(p) => (
        <input
          {...p}
          type="text"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            const list = e.target.value.split(',').map((s) => s.trim()).filter(Boolean);
            onChange(list.length ? list : undefined);
          }}
        />
      )}
    </Field>
  );
}
