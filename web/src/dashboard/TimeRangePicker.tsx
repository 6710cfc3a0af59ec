import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { QUICK_PICKS, rangeLabel, rangeProblem, type TimeRange } from '../time-range.js';

/**
 * The time range control: a button showing the range that opens quick picks
 * and From/To fields (relative like `-6h` / `now`, or ISO times).
 */
export function TimeRangePicker({ value, onChange }: { value: TimeRange; onChange: (r: TimeRange) => void }) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(value.from);
  const [to, setTo] = useState(value.to);
  const [problem, setProblem] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    setFrom(value.from);
    setTo(value.to);
    setProblem(null);
  }, [value.from, value.to, open]);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const pick = (r: TimeRange) => {
    onChange(r);
    setOpen(false);
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const r = { from: from.trim(), to: to.trim() };
    const p = rangeProblem(r);
    if (p) {
      setProblem(p);
      return;
    }
    pick(r);
  };

  return (
    <div
      className="time-range"
      ref={box}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          box.current?.querySelector<HTMLButtonElement>('button')?.focus();
        }
      }}
    >
      <button type="button" aria-label="Time range" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen((o) => !o)} title="Time range">
        {rangeLabel(value)} ▾
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label="Choose the time range">
          <ul className="quick" aria-label="Quick ranges">
            {QUICK_PICKS.map((q) => (
              <li key={q.label}>
                <button type="button" aria-pressed={q.range.from === value.from && q.range.to === value.to} onClick={() => pick(q.range)}>
                  {q.label}
                </button>
              </li>
            ))}
          </ul>
          <form onSubmit={apply} aria-label="Custom range">
            <label htmlFor={`${id}-from`}>From</label>
            <input id={`${id}-from`} value={from} onChange={(e) => setFrom(e.target.value)} placeholder="-24h or 2026-01-01T00:00:00Z" />
            <label htmlFor={`${id}-to`}>To</label>
            <input id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)} placeholder="now" />
            {problem && (
              <p role="alert" className="error">
                {problem}
              </p>
            )}
            <button type="submit" className="primary">
              Apply range
            </button>
            <p className="muted">Times are UTC. Relative: -15m, -6h, now-7d; absolute: ISO 8601.</p>
          </form>
        </div>
      )}
    </div>
  );
}
