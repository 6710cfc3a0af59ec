import { useId, type ReactNode } from 'react';
import css from './editor.module.css';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

/**
 * A labelled form control whose accessible name is exactly `label`: the hint
 * and the error sit outside the <label> and are tied to the control with
 * aria-describedby (so "Measures" is the field's name, not "Measures One per line…").
 */
export function Field({ label, hint, error, className, children }: { label: string; hint?: ReactNode; error?: string; className?: string; children: (p: ControlProps) => ReactNode }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return (
    <div className={className ?? css.field}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(described ? { 'aria-describedby': described } : {}), ...(error ? { 'aria-invalid': true as const } : {}) })}
      {hint && (
        <span id={`${id}-hint`} className={css.hint}>
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-err`} className={css.fieldError}>
          {error}
        </span>
      )}
    </div>
  );
}
