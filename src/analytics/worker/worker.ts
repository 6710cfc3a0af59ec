import { parentPort } from 'node:worker_threads';
import { runJob, type JobName } from './jobs.js';

/**
 * A worker thread of the analytics pool: runs one job per message and answers
 * `{ id, output }`, or `{ id, error }` with the error's code, message and issues
 * so the pool can rethrow it as the same kind of error.
 */
if (!parentPort) throw new Error('src/analytics/worker/worker.ts runs as a worker thread (see pool.ts)');
const port = parentPort;
port.on('message', (msg: { id: number; job: JobName; input: never }) => {
  try {
    port.postMessage({ id: msg.id, output: runJob(msg.job, msg.input) });
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string; issues?: unknown };
    port.postMessage({ id: msg.id, error: { name: err?.name, code: err?.code, message: String(err?.message ?? e), issues: err?.issues } });
  }
});
