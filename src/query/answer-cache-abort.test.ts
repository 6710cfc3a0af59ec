import { describe, expect, it } from 'vitest';
import type { DatasetDef } from '../core/dataset.js';
import { abortError } from '../core/errors.js';
import { createEvents } from '../events.js';
import type { Store } from '../store/store.js';
import { createAnswerCache } from './answer-cache.js';
import type { CheckedQuery } from './checked-query.js';

/**
 * Giving up on a query: a request that goes away stops waiting at once, and the
 * store query it shared stops only when every request waiting for it has gone.
 * The store here is a stand-in that answers when told to and records the
 * signal it was given.
 */
const ds = { kind: 'dataset', name: 'hits', timeColumn: 'time', columns: [{ name: 'time', type: 'time' }] } as unknown as DatasetDef;
const q = { dataset: ds, measures: [{ label: 'count()', expr: { kind: 'agg', fn: 'count' } }], groupBy: [], from: 0, to: 3_600_000, fill: 'null' } as unknown as CheckedQuery;

function slowStore() {
  const calls: { signal?: AbortSignal; answer: () => void }[] = [];
  const store = {
    query: (_w: string, _q: CheckedQuery, signal?: AbortSignal) =>
      new Promise((resolve, reject) => {
        calls.push({ signal, answer: () => resolve({ rows: [{ bucket: 0, groups: [], values: [1] }], rowsScanned: 1 }) });
        signal?.addEventListener('abort', () => reject(abortError(signal)));
      }),
  } as unknown as Store;
  return { store, calls };
}

describe('answer cache: cancellation', () => {
  it('one of two identical requests goes away: it gets query_cancelled, the other its answer from the one store query', async () => {
    const { store, calls } = slowStore();
    const cache = createAnswerCache(store, createEvents());
    const leaving = new AbortController();
    const a = cache.query('w', q, leaving.signal);
    const b = cache.query('w', q, new AbortController().signal);
    expect(calls).toHaveLength(1);
    leaving.abort();
    await expect(a).rejects.toMatchObject({ code: 'query_cancelled', status: 499 });
    expect(calls[0].signal?.aborted).toBe(false);
    calls[0].answer();
    expect((await b).rows).toHaveLength(1);
    cache.close();
  });

  it('when every request has gone the store query is stopped, and a new request starts a fresh one', async () => {
    const { store, calls } = slowStore();
    const cache = createAnswerCache(store, createEvents());
    const one = new AbortController();
    const two = new AbortController();
    const a = cache.query('w', q, one.signal);
    const b = cache.query('w', q, two.signal);
    one.abort();
    two.abort();
    await expect(a).rejects.toMatchObject({ code: 'query_cancelled' });
    await expect(b).rejects.toMatchObject({ code: 'query_cancelled' });
    expect(calls[0].signal?.aborted).toBe(true);
    const c = cache.query('w', q);
    expect(calls).toHaveLength(2);
    calls[1].answer();
    expect((await c).rows).toHaveLength(1);
    cache.close();
  });

  it('a deadline says query_timeout; an already aborted signal never reaches the store', async () => {
    const { store, calls } = slowStore();
    const cache = createAnswerCache(store, createEvents());
    await expect(cache.query('w', q, AbortSignal.timeout(20))).rejects.toMatchObject({ code: 'query_timeout', status: 503 });
    expect(calls[0].signal?.aborted).toBe(true);
    await expect(cache.query('w', q, AbortSignal.abort())).rejects.toMatchObject({ code: 'query_cancelled' });
    expect(calls).toHaveLength(1);
    cache.close();
  });
});
