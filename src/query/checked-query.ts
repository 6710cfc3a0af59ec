import type { AggExpr, RowExpr } from '../expr/checked.js';
import type { DatasetDef } from '../core/dataset.js';
import type { Step } from '../core/time.js';

export type Fill = 'null' | 'zero' | 'previous';

/** A metric query after checking: every part resolved, every time absolute. */
export interface CheckedQuery {
  dataset: DatasetDef;
  measures: { label: string; expr: AggExpr }[];
  filter?: RowExpr;
  groupBy: string[];
  from: number;
  to: number;
  step?: Step;
  limit?: number;
  fill: Fill;
}

/** One row of a store's answer: bucket start (ms; `from` without a step), group values, measure values. */
export interface QueryRow {
  bucket: number;
  groups: (string | number | boolean | null)[];
  values: (number | null)[];
}
