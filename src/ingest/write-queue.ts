import { AlmanacError } from '../core/errors.js';
import type { IngestResult, Store, WriteJob } from '../store/store.js';

/**
 * The one write path for rows. Jobs commit one after another on the store's
 * write connection; the queue is bounded by rows waiting, so a flood of writers
 * gets 429 with a retry hint instead of unbounded memory.
 */
export interface WriteQueue {
  submit(job: WriteJob): Promise<IngestResult>;
  /** Rows accepted into the queue and not yet committed. */
  depth(): number;
  /** Resolves when every submitted job has committed or failed. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export function createWriteQueue(store: Store, opts: { maxQueuedRows: number }): WriteQueue {
  let queued = 0;
  let closed = false;
  const inflight = new Set<Promise<unknown>>();
  return {
    submit(job) {
      if (closed) return Promise.reject(new AlmanacError('shutting_down', 'the server is shutting down; retry against the new instance'));
      const rows = job.batch.length;
      // A single request larger than the queue is still accepted when the queue is empty.
      if (queued > 0 && queued + rows > opts.maxQueuedRows) {
        return Promise.reject(new AlmanacError('queue_full', `the write queue holds ${queued} rows (limit ${opts.maxQueuedRows}); retry after a moment`));
      }
      queued += rows;
      const p = store.write(job).finally(() => {
        queued -= rows;
        inflight.delete(p);
      });
      inflight.add(p);
      return p;
    },
    depth: () => queued,
    async drain() {
      while (inflight.size) await Promise.allSettled([...inflight]);
    },
    async close() {
      closed = true;
      await this.drain();
    },
  };
}
