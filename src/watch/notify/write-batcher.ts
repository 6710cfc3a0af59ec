/**
 * Group commit for the outbox's small writes. Each DuckDB commit costs a WAL
 * sync and each statement a plan (together ~10 ms and ~1–2 ms here under load,
 * against microseconds for the rows themselves), and the meta database has one
 * writer shared with ingest and definitions. So items submitted while a batch is
 * being written wait and go together in the next one, written with a few
 * multi-row statements in one transaction: under a burst (an alert round
 * enqueueing thousands of groups, many attempts finishing at once) the commits
 * and statements fall by the batch size; alone, an item goes at once.
 *
 * If a batch fails, each of its items is retried alone, so one bad item cannot
 * fail the others.
 */
export interface Coalescer<I, O> {
  submit(item: I): Promise<O>;
}

interface Pending<I, O> {
  item: I;
  resolve(v: O): void;
  reject(e: unknown): void;
}

/** `flush` writes a batch and answers one result per item, in order. */
export function createCoalescer<I, O>(flush: (items: I[]) => Promise<O[]>, maxBatch = 500): Coalescer<I, O> {
  const queue: Pending<I, O>[] = [];
  let flushing = false;

  async function run() {
    const batch = queue.splice(0, maxBatch);
    try {
      const out = await flush(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(out[i]));
    } catch (e) {
      if (batch.length === 1) batch[0].reject(e);
      else {
        for (const p of batch) {
          try {
            p.resolve((await flush([p.item]))[0]);
          } catch (err) {
            p.reject(err);
          }
        }
      }
    }
    if (queue.length) void run();
    else flushing = false;
  }

  return {
    submit(item: I): Promise<O> {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (!flushing) {
          flushing = true;
          // Let items submitted in the same tick join this batch.
          setImmediate(() => void run());
        }
      });
    },
  };
}
