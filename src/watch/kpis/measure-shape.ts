import type { AggExpr } from '../../expr/checked.js';

/**
 * How a measure's value over a period relates to its per-bucket values, which
 * decides how a forecast of the buckets becomes a forecast of the period:
 * - `additive`: sums and counts (and sums/differences/multiples of them): the
 *   period value is the sum of the bucket values;
 * - `ratio`: additive / additive (an error rate, a conversion rate): the period
 *   value is Σ numerator / Σ denominator;
 * - `other`: averages, percentiles, min/max, distinct counts: no exact rule.
 */
export type MeasureShape =
  | { kind: 'additive' }
  | { kind: 'ratio'; numerator: AggExpr; denominator: AggExpr }
  | { kind: 'other' };

const ADDITIVE_FNS = new Set(['count', 'count_if', 'sum', 'sum_if']);

export function isAdditive(e: AggExpr): boolean {
  switch (e.k) {
    case 'agg': return ADDITIVE_FNS.has(e.fn);
    case 'num': return false; // a constant does not add up over buckets
    case 'neg': return isAdditive(e.arg);
    case 'arith':
      if (e.op === '+' || e.op === '-') return isAdditive(e.left) && isAdditive(e.right);
      if (e.op === '*') return (e.left.k === 'num' && isAdditive(e.right)) || (e.right.k === 'num' && isAdditive(e.left));
      if (e.op === '/') return e.right.k === 'num' && e.right.value !== 0 && isAdditive(e.left);
      return false;
  }
}

export function measureShape(e: AggExpr): MeasureShape {
  if (isAdditive(e)) return { kind: 'additive' };
  if (e.k === 'arith' && e.op === '/' && isAdditive(e.left) && isAdditive(e.right)) return { kind: 'ratio', numerator: e.left, denominator: e.right };
  return { kind: 'other' };
}
