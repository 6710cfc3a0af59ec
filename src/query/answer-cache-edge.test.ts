import { describe, expect, it } from 'vitest';
import type { DatasetDef } from '../core/dataset.js';
import { parseStep } from '../core/time.js';
import { createEvents } from '../events.js';
import type { Store } from '../store/store.js';
import { combineRows, createAnswerCache } from './answer-cache.js';
import type { CheckedQuery, QueryRow } from './checked-query.js';

/**
 * Edge cases found in review, each against a stand-in store whose answer for
 * any range is known, so the cache's answer can be compared with the direct one.
 */
const H = 3_600_000;
const ds = { kind: 'dataset', name: 'ev', timeColumn: 'time', columns: [] } as unknown as DatasetDef;
const q = (from: number, to: number) =>
  ({ dataset: ds, measures: [{ label: 'count()', expr: { kind: 'agg', fn: 'count' } }], groupBy: ['g'], from, to, step: parseStep('1h'), fill: 'null' }) as unknown as CheckedQuery;

/** Groups g0…g2 in every hourly bucket (g0, g1 only in the first), each with `value(bucket)`. */
function fakeStore(value: (bucket: number) => number = () => 1, during?: () => void) {
  return {
    async query(_w: string, cq: CheckedQuery) {
      during?.();
      const rows: QueryRow[] = [];
      for (let g = 0; g < 3; g++) for (let b = cq.from; b < cq.to; b += H) if (g < (b === 0 ? 2 : 3)) rows.push({ bucket: b, groups: [`g${g}`], values: [value(b)] });
      return { rows, rowsScanned: rows.length };
    },
  } as unknown as Store & { query(w: string, q: CheckedQuery): Promise<{ rows: QueryRow[]; rowsScanned: number }> };
}

describe('answer cache edge cases', () => {
  it('a history too wide to keep even one bucket of is dropped, never kept as an empty answer', async () => {
    const store = fakeStore();
    const cache = createAnswerCache(store, createEvents(), { maxRows: 8 });
    await cache.query('w', q(0, H));
    await cache.query('w', q(H, 2 * H));
    for (const [from, to] of [[H, 2 * H], [0, 2 * H]]) {
      expect((await cache.query('w', q(from, to))).rows).toEqual((await store.query('w', q(from, to))).rows);
    }
    cache.close();
  });

  it('combines groups in the store\'s order: by code point, as DuckDB orders VARCHAR', () => {
    // U+1F600 (a surrogate pair in JS) sorts after U+FF01 by code point, before it by UTF-16 unit.
    const row = (bucket: number, g: string): QueryRow => ({ bucket, groups: [g], values: [1] });
    const combined = combineRows([row(0, '\u{1F600}')], [row(H, '\uFF01')]);
    expect(combined.map((r) => r.groups[0])).toEqual(['\uFF01', '\u{1F600}']);
    expect(combineRows([row(0, 'ab'), row(0, 'b')], [row(H, 'a')]).map((r) => r.groups[0])).toEqual(['a', 'ab', 'b']);
  });

  it('rows landing while the newer buckets are read: the answer is one moment\'s data, read again whole', async () => {
    const events = createEvents();
    let version = 1;
    let landOnNextQuery = false;
    const store = fakeStore((b) => version * 10 + b / H, () => {
      if (!landOnNextQuery) return;
      landOnNextQuery = false;
      // A commit touching the kept buckets lands while the fresh part is being read.
      version = 2;
      events.emit('rows', { workspace: 'w', dataset: 'ev', rows: 1, minTime: 0, maxTime: 3 * H });
    });
    const cache = createAnswerCache(store, events);
    await cache.query('w', q(0, 2 * H));
    landOnNextQuery = true;
    const answer = await cache.query('w', q(0, 4 * H));
    expect(answer.rows).toEqual((await store.query('w', q(0, 4 * H))).rows);
    expect(new Set(answer.rows.map((r) => Math.floor((r.values[0] as number) / 10)))).toEqual(new Set([2]));
    cache.close();
  });
});
