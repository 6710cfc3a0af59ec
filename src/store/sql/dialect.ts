import type { Step } from '../../core/time.js';

/**
 * The seam between the one SQL compiler and each engine: how to quote names,
 * bind parameters, bucket time and spell the few functions that differ.
 */
export interface Dialect {
  name: string;
  quoteIdent(name: string): string;
  /** Placeholder for the n-th (1-based) bound parameter. */
  param(n: number): string;
  /** A bound epoch-ms parameter as a time value comparable with the time column. */
  timeFromMs(param: string): string;
  /** Bucket start in epoch ms for `col`. */
  bucketMs(col: string, step: Step): string;
  /** Length in seconds of the bucket that starts at `bucketMsExpr` (for rate()). */
  bucketSeconds(bucketMsExpr: string, step: Step): string;
  quantile(arg: string, q: number): string;
  /** Several quantiles of `arg` as one list-valued aggregate (one sort for all of them). */
  quantiles(arg: string, qs: number[]): string;
  /** The `i`-th (1-based) item of a list value. */
  listItem(list: string, i: number): string;
  stddev(arg: string): string;
  argMin(arg: string, by: string): string;
  argMax(arg: string, by: string): string;
  toDouble(expr: string): string;
}
