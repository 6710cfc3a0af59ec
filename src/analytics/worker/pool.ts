import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AlmanacError, type ErrorCode, type Issue } from '../../core/errors.js';
import { runJob, type JobInput, type JobName, type JobOutput } from './jobs.js';

/**
 * A small pool of worker threads for CPU-heavy analytics (forecasts, anomaly
 * scoring). A forecast takes 50–300 ms of CPU; on the main thread it would hold
 * up every other request meanwhile — the 5 ms answer a live panel is waiting
 * for included. Workers start on first use and are replaced when one dies; an
 * idle pool does not keep the process alive. Size 0 runs jobs in the calling
 * thread (the same functions, for comparison and as a fallback).
 */

export interface AnalyticsPool {
  run<N extends JobName>(job: N, input: JobInput<N>): Promise<JobOutput<N>>;
  /** Start the workers now (they load their modules in the background), so the first job does not wait for that. */
  warm(): void;
  /** Workers started and jobs waiting or running (for tests and diagnostics). */
  stats(): { workers: number; busy: number; queued: number };
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  job: Pending | null;
}
interface Pending {
  id: number;
  job: JobName;
  input: unknown;
  resolve: (v: never) => void;
  reject: (e: unknown) => void;
}

/** Workers by default: one per core beyond the one serving requests, at least one. */
export function defaultPoolSize(): number {
  const env = process.env.ALMANAC_ANALYTICS_WORKERS;
  if (env !== undefined && /^\d+$/.test(env.trim())) return Number(env);
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

/** A worker of this module's own build: the .js next to it, or (running from source) the .ts through tsx's loader. */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here));
  const entry = new URL('./worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsxLoaderUrl(here))}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true });
}

/** The ESM entry of `tsx/esm/api`, found from this file (not the working directory). */
function tsxLoaderUrl(from: string): string {
  const pkgFile = createRequire(from).resolve('tsx/package.json');
  const api = (JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api'].import.default;
  return pathToFileURL(path.join(path.dirname(pkgFile), api)).href;
}

function rebuildError(job: JobName, e: { name?: string; code?: string; message: string; issues?: Issue[] }): Error {
  if (e.name === 'AlmanacError' && e.code) return new AlmanacError(e.code as ErrorCode, e.message, { issues: e.issues });
  return new Error(`analytics job "${job}" failed: ${e.message}`);
}

export function createAnalyticsPool(size = defaultPoolSize()): AnalyticsPool {
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;

  function addWorker(): Slot {
    const slot: Slot = { worker: startWorker(), job: null };
    const fail = (why: string) => {
      const i = slots.indexOf(slot);
      if (i < 0) return;
      slots.splice(i, 1);
      const job = slot.job;
      slot.job = null;
      job?.reject(new Error(`analytics job "${job.job}" failed: ${why}`));
      void slot.worker.terminate();
      pump();
    };
    slot.worker.on('message', (m: { id: number; output?: unknown; error?: { name?: string; code?: string; message: string; issues?: Issue[] } }) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      slot.job = null;
      slot.worker.unref();
      if (m.error) job.reject(rebuildError(job.job, m.error));
      else job.resolve(m.output as never);
      pump();
    });
    slot.worker.on('error', (e) => fail(`the worker thread stopped: ${e.message}`));
    slot.worker.on('exit', (code) => fail(`the worker thread exited (code ${code})`));
    slot.worker.unref();
    slots.push(slot);
    return slot;
  }

  function pump() {
    while (queue.length && !closed) {
      const slot = slots.find((s) => !s.job) ?? (slots.length < size ? addWorker() : undefined);
      if (!slot) return;
      const job = queue.shift()!;
      slot.job = job;
      // Referenced while a job runs: a command waiting for its forecast must not exit early.
      slot.worker.ref();
      try {
        slot.worker.postMessage({ id: job.id, job: job.job, input: job.input });
      } catch (e) {
        slot.job = null;
        slot.worker.unref();
        job.reject(new Error(`analytics job "${job.job}" failed: its input cannot be sent to a worker (${(e as Error).message})`));
      }
    }
  }

  return {
    run(job, input) {
      if (size === 0) return Promise.resolve().then(() => runJob(job, input));
      if (closed) return Promise.reject(new AlmanacError('shutting_down', 'the analytics workers are shut down'));
      return new Promise((resolve, reject) => {
        queue.push({ id: nextId++, job, input, resolve: resolve as (v: never) => void, reject });
        pump();
      });
    },
    warm() {
      while (!closed && slots.length < size) addWorker();
    },
    stats: () => ({ workers: slots.length, busy: slots.filter((s) => s.job).length, queued: queue.length }),
    async close() {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new AlmanacError('shutting_down', 'the analytics workers are shut down'));
      const all = slots.splice(0);
      for (const s of all) s.job?.reject(new AlmanacError('shutting_down', 'the analytics workers are shut down'));
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}

let shared: AnalyticsPool | undefined;

/** The process's pool (started on first use; its idle workers do not keep the process alive). */
export function analyticsPool(): AnalyticsPool {
  shared ??= createAnalyticsPool();
  return shared;
}
