import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checkResourceName } from '../core/names.js';
import { FastPathRefused } from '../store/fast-path.js';
import type { IngestResult } from '../store/store.js';
import { findDataset, IDEMPOTENCY_WINDOW_MS, type IngestDeps, type IngestOptions } from './ingest-rows.js';

/** Bodies smaller than this go the exact path directly: the fast path's fixed cost is not worth it. */
const MIN_FAST_BYTES = 256 * 1024;

/**
 * Try the store's fast path for an NDJSON body: the database parses and checks
 * the rows itself (several times faster than JSON.parse plus validation here).
 * Returns undefined when the exact path must run instead — a new dataset or
 * column, an id column, or any row that the exact path would reject or report
 * on — and in that case nothing was stored.
 */
export async function ingestNdjsonFast(deps: IngestDeps & { tmpDir: string }, workspace: string, datasetName: string, raw: Buffer, opts: IngestOptions = {}): Promise<IngestResult | undefined> {
  if (raw.length < MIN_FAST_BYTES) return undefined;
  checkResourceName('dataset', datasetName);
  const ds = await findDataset(deps.store, workspace, datasetName);
  if (!ds || ds.idColumn) return undefined;
  if (opts.idempotencyKey !== undefined) {
    const seen = await deps.store.findIdempotent(workspace, datasetName, opts.idempotencyKey, Date.now() - IDEMPOTENCY_WINDOW_MS);
    if (seen) return seen;
  }
  let lines = 1;
  for (let i = raw.indexOf(10); i !== -1; i = raw.indexOf(10, i + 1)) lines++;
  fs.mkdirSync(deps.tmpDir, { recursive: true });
  const file = path.join(deps.tmpDir, `${randomUUID()}.ndjson`);
  fs.writeFileSync(file, raw);
  try {
    return await deps.writes.submit({
      workspace,
      dataset: ds,
      batch: { columns: ds.columns, values: [], length: lines },
      ndjsonFile: { path: file, precision: opts.precision ?? 'ms' },
      rejects: [],
      requestId: randomUUID(),
      idempotencyKey: opts.idempotencyKey,
      answer: ({ inserted, deduplicated }) => ({ accepted: inserted, rejected: 0, deduplicated, errors: [] }),
    });
  } catch (e) {
    if (e instanceof FastPathRefused) return undefined;
    throw e;
  } finally {
    fs.rmSync(file, { force: true });
  }
}
