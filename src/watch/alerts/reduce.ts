import { quantileSorted } from 'simple-statistics';

/**
 * How a rule turns the points of its window into one value (when its query
 * has a step): last | avg | min | max | sum | pXX. Empty buckets (null) are
 * skipped; a window with no value at all reduces to null (no data).
 * Percentiles use the same definition as `simple-statistics` quantileSorted.
 */
export function reduce(values: readonly (number | null)[], reducer: string): number | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length === 0) return null;
  switch (reducer) {
    case 'last': return xs[xs.length - 1];
    case 'avg': return xs.reduce((a, b) => a + b, 0) / xs.length;
    case 'min': return Math.min(...xs);
    case 'max': return Math.max(...xs);
    case 'sum': return xs.reduce((a, b) => a + b, 0);
  }
  const p = /^p(\d{1,2})$/.exec(reducer);
  if (!p) throw new Error(`unknown reducer ${reducer}`);
  return quantileSorted([...xs].sort((a, b) => a - b), Number(p[1]) / 100);
}
