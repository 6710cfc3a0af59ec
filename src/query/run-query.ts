import type { MetricDef, DatasetDef } from '../core/dataset.js';
import type { Store } from '../store/store.js';
import { queryRows } from './answer-cache.js';
import { resolveQuery } from './resolve-query.js';
import { shapeAnswer, type Series } from './shape-answer.js';

export interface QueryAnswer {
  series: Series[];
  /** `rowsScanned`: rows read from the dataset for this answer (buckets reused from the answer cache are not read again). */
  meta: { rowsScanned: number; elapsedMs: number; step?: string; from: number; to: number };
}

/** Check and run a metric query in a workspace; the answer has the same shape from every store. */
export async function runQuery(store: Store, workspace: string, raw: unknown, now = Date.now(), signal?: AbortSignal): Promise<QueryAnswer> {
  const started = performance.now();
  const defs = await store.listDefinitions(workspace);
  const find = <T>(kind: string, name: string) => defs.find((d) => d.kind === kind && d.name === name) as T | undefined;
  const q = resolveQuery(raw, { dataset: (n) => find<DatasetDef>('dataset', n), metric: (n) => find<MetricDef>('metric', n) }, now);
  // Through the answer cache when the store has one (an open Almanac): identical queries run once, kept buckets are reused.
  const { rows, rowsScanned } = await queryRows(store, workspace, q, signal);
  const series = shapeAnswer(q, rows);
  return {
    series,
    meta: { rowsScanned, elapsedMs: Math.round((performance.now() - started) * 10) / 10, ...(q.step ? { step: q.step.text } : {}), from: q.from, to: q.to },
  };
}
