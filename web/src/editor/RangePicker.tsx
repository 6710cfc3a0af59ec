import { useEffect, useId, useState, type FormEvent } from 'react';
import { QUICK_PICKS, rangeProblem, type TimeRange } from '../time-range.js';
import css from './pages.module.css';

/**
 * A compact time range control for the explore and KPI pages: quick picks, or
 * From/To typed as relative (`-24h`, `now-7d`) or ISO times, checked before use.
 */
export function RangePicker({ value, onChange }: { value: TimeRange; onChange: (r: TimeRange) => void }) {
  const id = useId();
  const [from, setFrom] = useState(value.from);
  const [to, setTo] = useState(value.to);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setFrom(value.from);
    setTo(value.to);
  }, [value.from, value.to]);
  const quick = QUICK_PICKS.find((p) => p.range.from === value.from && p.range.to === value.to);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const r = { from: from.trim(), to: to.trim() };
    const p = rangeProblem(r);
    setProblem(p);
    if (!p) onChange(r);
  };
  return (
    <form role="group" aria-label="Time range" className={css.toolbar} onSubmit={submit}>
      <label>
        <span>Quick pick</span>
        <select aria-label="Quick pick"
          value={quick?.label ?? ''}
          onChange={(e) => {
            const p = QUICK_PICKS.find((q) => q.label === e.target.value);
            if (p) {
              setProblem(null);
              onChange(p.range);
            }
          }}
        >
          <option value="">(custom)</option>
          {QUICK_PICKS.map((p) => (
            <option key={p.label} value={p.label}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <div className={css.rangeInputs}>
        <label>
          <span>From</span>
          <input aria-label="From" type="text" value={from} onChange={(e) => setFrom(e.target.value)} aria-invalid={problem?.startsWith('From') || undefined} aria-describedby={problem ? `${id}-p` : undefined} />
        </label>
        <label>
          <span>To</span>
          <input aria-label="To" type="text" value={to} onChange={(e) => setTo(e.target.value)} aria-invalid={problem?.startsWith('To') || undefined} aria-describedby={problem ? `${id}-p` : undefined} />
        </label>
        <button type="submit">Set range</button>
      </div>
      {problem && (
        <span id={`${id}-p`} className="error" role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}
