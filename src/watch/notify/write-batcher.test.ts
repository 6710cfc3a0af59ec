import { describe, expect, it } from 'vitest';
import { createCoalescer } from './write-batcher.js';

describe('createCoalescer', () => {
  it('writes items submitted together in one flush, and later ones in the next', async () => {
    const flushes: number[][] = [];
    const c = createCoalescer<number, number>(async (items) => {
      flushes.push(items);
      await new Promise((r) => setTimeout(r, 20));
      return items.map((x) => x * 2);
    });
    const first = [1, 2, 3].map((x) => c.submit(x));
    await new Promise((r) => setTimeout(r, 5)); // the first flush is running
    const second = [4, 5].map((x) => c.submit(x));
    expect(await Promise.all([...first, ...second])).toEqual([2, 4, 6, 8, 10]);
    expect(flushes).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('caps a flush at maxBatch items', async () => {
    const sizes: number[] = [];
    const c = createCoalescer<number, number>(async (items) => { sizes.push(items.length); return items; }, 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => c.submit(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('a failing item fails alone: the batch is retried item by item', async () => {
    const c = createCoalescer<number, number>(async (items) => {
      if (items.includes(13)) throw new Error('unlucky');
      return items;
    });
    const results = await Promise.allSettled([1, 13, 2].map((x) => c.submit(x)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('unlucky');
  });
});
