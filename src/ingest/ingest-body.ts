import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkResourceName } from '../core/names.js';
import { FastPathDeclined, type IngestResult } from '../store/store.js';
import { planCsvFastPath } from './csv-fast-path.js';
import { checkIdempotencyKey, findDataset, ingestRows, type IngestDeps, type IngestOptions } from './ingest-rows.js';
import { parseBody, type BodyFormat } from './parse-body.js';
import { TO_MS } from './validate-rows.js';

let tempDir: string | undefined;
function tempFile(): string {
  tempDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'almanac-ingest-'));
  return path.join(tempDir, `${randomUUID()}.csv`);
}

/**
 * Ingest a request body. A quote-free CSV body for an existing dataset goes to
 * the store's own reader, which checks every value by the same rules in SQL —
 * about three times faster than parsing it in JS (BENCHMARKS.md, ingest-parts).
 * Everything else, and every body the fast path declines (a value it cannot
 * vouch for, a new column, a bad row), is parsed and checked in JS, which
 * answers with every problem by row. Both paths store the same values.
 */
export async function ingestBody(deps: IngestDeps, workspace: string, datasetName: string, body: Buffer, format: BodyFormat, opts: IngestOptions = {}, source?: { file: string }): Promise<IngestResult> {
  if (format === 'csv' && !opts.dryRun) {
    const fast = await ingestCsvFast(deps, workspace, datasetName, body, opts, source?.file);
    if (fast) {
      opts.onPath?.('fast');
      return fast;
    }
  }
  opts.onPath?.('general');
  return ingestRows(deps, workspace, datasetName, parseBody(body.toString('utf8'), format), opts);
}

/** `sourceFile`: the body is that file's content, so the store can read it in place (the CLI); otherwise a temporary copy is written. */
async function ingestCsvFast(deps: IngestDeps, workspace: string, datasetName: string, body: Buffer, opts: IngestOptions, sourceFile?: string): Promise<IngestResult | undefined> {
  checkResourceName('dataset', datasetName);
  if (opts.idempotencyKey !== undefined) checkIdempotencyKey(opts.idempotencyKey);
  const ds = await findDataset(deps.store, workspace, datasetName);
  const plan = ds && planCsvFastPath(body, ds);
  if (!ds || !plan) return undefined;
  const file = sourceFile ? path.resolve(sourceFile) : tempFile();
  if (!sourceFile) await fs.promises.writeFile(file, body);
  try {
    const result = await deps.writes.submit({
      workspace,
      dataset: ds,
      batch: { columns: ds.columns, values: ds.columns.map(() => []), length: 0 },
      csv: { path: file, header: plan.header, msPerUnit: TO_MS[opts.precision ?? 'ms'], lines: plan.lines },
      rejects: [],
      requestId: randomUUID(),
      idempotencyKey: opts.idempotencyKey,
      answer: (deduplicated, rows) => ({ accepted: rows - deduplicated, rejected: 0, deduplicated, errors: [] }),
    });
    opts.onCommitted?.(result.accepted + result.deduplicated);
    return result;
  } catch (e) {
    if (e instanceof FastPathDeclined) {
      opts.onPath?.('declined');
      return undefined;
    }
    throw e;
  } finally {
    if (!sourceFile) await fs.promises.rm(file, { force: true });
  }
}
