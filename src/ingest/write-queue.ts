import { AlmanacError } from '../core/errors.js';
import { jobRows, type IngestResult, type Store, type WriteJob, type WriteOutcome } from '../store/store.js';

/**
 * The one write path for rows: a batching writer. Jobs that arrive while a
 * commit is running wait, then commit together in one transaction (group
 * commit: one fsync for many small requests). If a group fails, its jobs are
 * retried one by one, so one bad job cannot fail the others. The queue is
 * bounded by rows waiting, so a flood of writers gets 429 with a retry hint
 * instead of unbounded memory.
 */
export interface WriteQueue {
  submit(job: WriteJob): Promise<IngestResult>;
  /** Rows accepted into the queue and not yet committed. */
  depth(): number;
  /** Resolves when every submitted job has committed or failed. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  job: WriteJob;
  resolve(r: IngestResult): void;
  reject(e: unknown): void;
}

/** Most rows committed in one group; bigger groups only delay the first answer. */
const GROUP_ROWS = 250_000;

export function createWriteQueue(store: Store, opts: { maxQueuedRows: number; onCommit?: (job: WriteJob, outcome: WriteOutcome) => void }): WriteQueue {
  let queued = 0;
  let closed = false;
  let running: Promise<void> | undefined;
  const pending: Pending[] = [];

  async function commit(group: Pending[]) {
    try {
      const outcomes = await store.write(group.map((p) => p.job));
      group.forEach((p, i) => {
        // Listeners learn of rows once they are durable, before the writer hears back.
        if (opts.onCommit) try { opts.onCommit(p.job, outcomes[i]); } catch { /* a listener cannot fail a commit */ }
        p.resolve(outcomes[i].answer);
      });
    } catch (e) {
      if (group.length === 1) group[0].reject(e);
      else for (const p of group) await commit([p]);
    }
  }

  async function pump() {
    while (pending.length) {
      const group: Pending[] = [];
      let rows = 0;
      while (pending.length && (group.length === 0 || rows + jobRows(pending[0].job) <= GROUP_ROWS)) {
        const p = pending.shift()!;
        rows += jobRows(p.job);
        group.push(p);
      }
      await commit(group);
      queued -= rows;
    }
    running = undefined;
  }

  return {
    submit(job) {
      if (closed) return Promise.reject(new AlmanacError('shutting_down', 'the server is shutting down; retry against the new instance'));
      const rows = jobRows(job);
      // A single request larger than the queue is still accepted when the queue is empty.
      if (queued > 0 && queued + rows > opts.maxQueuedRows) {
        return Promise.reject(new AlmanacError('queue_full', `the write queue holds ${queued} rows (limit ${opts.maxQueuedRows}); retry after a moment`));
      }
      queued += rows;
      const answer = new Promise<IngestResult>((resolve, reject) => pending.push({ job, resolve, reject }));
      running ??= pump();
      return answer;
    },
    depth: () => queued,
    async drain() {
      while (running) await running;
    },
    async close() {
      closed = true;
      await this.drain();
    },
  };
}
