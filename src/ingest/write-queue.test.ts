import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetDef } from '../core/dataset.js';
import { createDuckDBStore } from '../store/duckdb/store.js';
import type { Store, WriteJob } from '../store/store.js';
import { createWriteQueue } from './write-queue.js';

const ds: DatasetDef = { kind: 'dataset', name: 'q', timeColumn: 'time', columns: [{ name: 'time', type: 'time' }, { name: 'v', type: 'number' }] };
const job = (dataset: DatasetDef, n: number, idempotencyKey?: string): WriteJob => ({
  workspace: 'w', dataset, rejects: [], requestId: 'r', idempotencyKey,
  batch: { columns: dataset.columns, values: [Array.from({ length: n }, (_, i) => Date.UTC(2026, 0, 1) + i), Array.from({ length: n }, (_, i) => i)], length: n },
  answer: (dedup) => ({ accepted: n - dedup, rejected: 0, deduplicated: dedup, errors: [] }),
});

let store: Store;
let dir: string;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'almanac-queue-'));
  store = await createDuckDBStore(dir);
  await store.changeDefinitions('w', { put: [ds as never] });
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const stored = async () => (await store.stats('w', ds)).rows;

describe('write queue', () => {
  it('commits concurrent jobs, grouped, and answers each one', async () => {
    const q = createWriteQueue(store, { maxQueuedRows: 1_000_000 });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => q.submit(job(ds, 10 + i))));
    expect(answers.map((a) => a.accepted)).toEqual(Array.from({ length: 30 }, (_, i) => 10 + i));
    expect(await stored()).toBe(answers.reduce((a, b) => a + b.accepted, 0));
    expect(q.depth()).toBe(0);
  });

  it('a failing job in a group does not fail the others', async () => {
    const q = createWriteQueue(store, { maxQueuedRows: 1_000_000 });
    const missing: DatasetDef = { ...ds, name: 'missing' };
    const results = await Promise.allSettled([q.submit(job(ds, 5)), q.submit(job(ds, 6)), q.submit(job(missing, 7)), q.submit(job(ds, 8))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await stored()).toBe(5 + 6 + 8);
  });

  it('racing retries with one idempotency key store once', async () => {
    const q = createWriteQueue(store, { maxQueuedRows: 1_000_000 });
    const answers = await Promise.all([q.submit(job(ds, 4, 'same')), q.submit(job(ds, 4, 'same')), q.submit(job(ds, 4, 'same'))]);
    expect(answers.every((a) => a.accepted === 4)).toBe(true);
    expect(await stored()).toBe(4);
  });

  it('rows waiting for a dataset that is deleted meanwhile fail with not_found, and nothing is stored', async () => {
    const q = createWriteQueue(store, { maxQueuedRows: 1_000_000 });
    const first = q.submit(job(ds, 3));
    const waiting = q.submit(job(ds, 4));
    await store.changeDefinitions('w', { remove: [{ kind: 'dataset', name: 'q' }] });
    await first.catch(() => undefined);
    await expect(waiting).rejects.toMatchObject({ code: 'not_found', status: 404 });
  });

  it('refuses work beyond the queue limit and after close', async () => {
    const q = createWriteQueue(store, { maxQueuedRows: 100 });
    const first = q.submit(job(ds, 80));
    await expect(q.submit(job(ds, 50))).rejects.toMatchObject({ code: 'queue_full', status: 429 });
    await first;
    await q.close();
    await expect(q.submit(job(ds, 1))).rejects.toMatchObject({ code: 'shutting_down' });
  });
});
