import { randomUUID } from 'node:crypto';
import type { DatasetDef } from '../core/dataset.js';
import { AlmanacError } from '../core/errors.js';
import { checkResourceName } from '../core/names.js';
import type { IngestResult, Reject, RowBatch, Store } from '../store/store.js';
import { inferDataset, inferNewColumns } from './infer-schema.js';
import type { ParsedBody } from './parse-body.js';
import { compileValidator, type Precision } from './validate-rows.js';
import type { WriteQueue } from './write-queue.js';

export interface IngestOptions {
  mode?: 'atomic' | 'partial';
  precision?: Precision;
  /** Time column for a dataset created by this request. */
  time?: string;
  /** Id column for a dataset created by this request. */
  id?: string;
  idempotencyKey?: string;
  /** Validate only: report what would happen, store nothing. */
  dryRun?: boolean;
  /**
   * Most rows per commit. A large file is validated as a whole first (so atomic
   * mode still stores nothing when a row is bad) and then committed in parts,
   * keeping each transaction bounded.
   */
  commitRows?: number;
  onCommitted?: (rows: number) => void;
  /** Which way a body went (`ingest-body.ts`): the store's CSV reader, declined by it, or the JS parser only. For metrics and tests. */
  onPath?: (path: 'fast' | 'declined' | 'general') => void;
}

export interface IngestDeps {
  store: Store;
  writes: WriteQueue;
  onSchemaChange?: (workspace: string, ds: DatasetDef) => void;
}

const MAX_ERRORS = 100;
const IDEMPOTENCY_WINDOW_MS = 86_400_000;

// Schema changes for one dataset happen one at a time, so two first batches
// cannot both create it, and new columns are merged with the latest definition.
const schemaLocks = new Map<string, Promise<unknown>>();
async function withSchemaLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = schemaLocks.get(key) ?? Promise.resolve();
  const p = prev.then(fn, fn);
  const tail = p.catch(() => undefined);
  schemaLocks.set(key, tail);
  try {
    return await p;
  } finally {
    if (schemaLocks.get(key) === tail) schemaLocks.delete(key);
  }
}

export function checkIdempotencyKey(key: string) {
  if (key.length === 0 || key.length > 200) throw new AlmanacError('bad_request', 'Idempotency-Key must be 1–200 characters');
}

export async function findDataset(store: Store, workspace: string, name: string): Promise<DatasetDef | undefined> {
  return (await store.listDefinitions(workspace, 'dataset')).find((d) => d.name === name) as DatasetDef | undefined;
}

function publicErrors(rejects: Reject[]) {
  return rejects.slice(0, MAX_ERRORS).map(({ row, column, message }) => (column ? { row, column, message } : { row, message }));
}

/**
 * Ingest parsed rows into a dataset, creating it or adding columns as the rows
 * require. Atomic mode stores nothing if any row is bad; partial mode stores the
 * good rows and keeps every bad one, with its reason, in the dead letters.
 */
export async function ingestRows(deps: IngestDeps, workspace: string, datasetName: string, body: ParsedBody, opts: IngestOptions = {}): Promise<IngestResult> {
  checkResourceName('dataset', datasetName);
  const mode = opts.mode ?? 'atomic';
  if (opts.idempotencyKey !== undefined) {
    checkIdempotencyKey(opts.idempotencyKey);
    const seen = await deps.store.findIdempotent(workspace, datasetName, opts.idempotencyKey, Date.now() - IDEMPOTENCY_WINDOW_MS);
    if (seen) return seen;
  }

  const existing = await findDataset(deps.store, workspace, datasetName);
  let ds: DatasetDef;
  const newColumns = existing ? inferNewColumns(body.records, new Set(existing.columns.map((c) => c.name)), body.format) : [];
  if (existing) {
    ds = newColumns.length ? { ...existing, columns: [...existing.columns, ...newColumns] } : existing;
  } else {
    if (body.records.length === 0) {
      throw new AlmanacError('bad_request', body.rejects.length
        ? `no readable rows: ${body.rejects[0].message} (row ${body.rejects[0].row})`
        : `dataset "${datasetName}" does not exist and the body has no rows to infer it from`);
    }
    ds = inferDataset(datasetName, body.records, body.format, { time: opts.time, id: opts.id });
  }

  const { batch, rejects: invalid } = compileValidator(ds, body.format, opts.precision)(body.records);
  const rejects = [...body.rejects, ...invalid].sort((a, b) => a.row - b.row);
  const rejectedRows = new Set(rejects.map((r) => r.row)).size;
  if (mode === 'atomic' && rejects.length > 0) {
    throw new AlmanacError('invalid_rows', `${rejectedRows} of ${body.records.length + body.rejects.length} rows are invalid; nothing was stored (send ?mode=partial to store the valid rows)`, {
      body: { accepted: 0, rejected: rejectedRows, deduplicated: 0, errors: publicErrors(rejects) },
    });
  }

  if (opts.dryRun) return { accepted: batch.length, rejected: rejectedRows, deduplicated: 0, errors: publicErrors(rejects) };

  if (!existing || newColumns.length) {
    ds = await withSchemaLock(`${workspace}/${datasetName}`, async () => {
      const latest = await findDataset(deps.store, workspace, datasetName);
      const merged: DatasetDef = latest
        ? { ...latest, columns: [...latest.columns, ...ds.columns.filter((c) => !latest.columns.some((l) => l.name === c.name))] }
        : ds;
      const conflict = latest && ds.columns.find((c) => latest.columns.some((l) => l.name === c.name && l.type !== c.type));
      if (conflict) throw new AlmanacError('conflict', `column "${conflict.name}" was just added by another request with a different type; retry`);
      if (!latest || merged.columns.length !== latest.columns.length) {
        await deps.store.changeDefinitions(workspace, { put: [merged as never] });
        deps.onSchemaChange?.(workspace, merged);
      }
      return merged;
    });
  }

  const requestId = randomUUID();
  const parts = splitBatch(batch, opts.commitRows ?? Infinity);
  const total: IngestResult = { accepted: 0, rejected: rejectedRows, deduplicated: 0, errors: publicErrors(rejects) };
  let answer = total;
  for (const [i, part] of parts.entries()) {
    const first = i === 0;
    const last = i === parts.length - 1;
    const r = await deps.writes.submit({
      workspace,
      dataset: ds,
      batch: part,
      rejects: first ? rejects : [],
      requestId,
      idempotencyKey: last ? opts.idempotencyKey : undefined,
      // The answer kept for the idempotency key is the whole request's.
      answer: (deduplicated, rows) => ({ ...total, accepted: total.accepted + rows - deduplicated, deduplicated: total.deduplicated + deduplicated }),
    });
    total.accepted = r.accepted;
    total.deduplicated = r.deduplicated;
    // A replayed idempotency key answers with the first request's answer, whole.
    answer = r;
    opts.onCommitted?.(total.accepted + total.deduplicated);
  }
  return parts.length === 1 ? answer : total;
}

function splitBatch(batch: RowBatch, size: number): RowBatch[] {
  if (batch.length <= size) return [batch];
  const parts: RowBatch[] = [];
  for (let off = 0; off < batch.length; off += size) {
    const values = batch.values.map((col) => col.slice(off, off + size));
    parts.push({ columns: batch.columns, values, length: values[0].length });
  }
  return parts;
}
