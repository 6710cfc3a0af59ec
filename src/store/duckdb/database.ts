import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { abortError, AlmanacError } from '../../core/errors.js';

/**
 * One DuckDB file, one write connection and a small pool of read connections.
 * All writes are serialised on the write connection (DuckDB allows one writer
 * per table without conflicts); reads run on their own connections and see the
 * last committed state, so readers never wait for writers.
 */
export class Database {
  private writeTail: Promise<unknown> = Promise.resolve();
  private free: DuckDBConnection[] = [];
  private waiting: ((c: DuckDBConnection) => void)[] = [];

  private constructor(private instance: DuckDBInstance, private writer: DuckDBConnection, readers: DuckDBConnection[]) {
    this.free = readers;
  }

  static async open(file: string, readers = 4): Promise<Database> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file);
    } catch (e) {
      const msg = (e as Error).message;
      if (/lock/i.test(msg)) {
        throw new AlmanacError('conflict', `the data file ${file} is in use by another Almanac process; stop it, or talk to it with --url and --key`);
      }
      throw e;
    }
    const writer = await instance.connect();
    const pool = await Promise.all(Array.from({ length: readers }, () => instance.connect()));
    return new Database(instance, writer, pool);
  }

  /**
   * Run `fn` on a read connection (committed data only). When `signal` aborts
   * (the client went away, or a deadline passed) the running DuckDB query is
   * interrupted, so an abandoned query stops using the CPU, and the call fails
   * with `abortError(signal)`; a call still waiting for a connection leaves the queue.
   */
  async read<T>(fn: (c: DuckDBConnection) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw abortError(signal);
    const c = this.free.pop() ?? (await this.waitForConnection(signal));
    // An interrupt only stops a query that is already running, and `fn` may be
    // between queries (or not yet in one): keep interrupting until it returns.
    let repeat: ReturnType<typeof setInterval> | undefined;
    const interrupt = () => {
      c.interrupt();
      repeat ??= setInterval(() => c.interrupt(), 20);
    };
    signal?.addEventListener('abort', interrupt, { once: true });
    try {
      return await fn(c);
    } catch (e) {
      throw signal?.aborted ? abortError(signal) : e;
    } finally {
      clearInterval(repeat);
      signal?.removeEventListener('abort', interrupt);
      const next = this.waiting.shift();
      if (next) next(c);
      else this.free.push(c);
    }
  }

  private waitForConnection(signal?: AbortSignal): Promise<DuckDBConnection> {
    return new Promise<DuckDBConnection>((resolve, reject) => {
      const take = (c: DuckDBConnection) => {
        signal?.removeEventListener('abort', leave);
        resolve(c);
      };
      const leave = () => {
        const i = this.waiting.indexOf(take);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(abortError(signal!));
      };
      signal?.addEventListener('abort', leave, { once: true });
      this.waiting.push(take);
    });
  }

  /**
   * Run `fn` in one transaction on the write connection, after every earlier
   * write. `onCommit` runs right after COMMIT succeeds and before the next write
   * starts, so in-memory caches change in the same order as the file.
   */
  write<T>(fn: (c: DuckDBConnection) => Promise<T>, onCommit?: (out: T) => void): Promise<T> {
    const run = async () => {
      await this.writer.run('BEGIN TRANSACTION');
      try {
        const out = await fn(this.writer);
        await this.writer.run('COMMIT');
        onCommit?.(out);
        return out;
      } catch (e) {
        await this.writer.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
    };
    const p = this.writeTail.then(run, run);
    this.writeTail = p.catch(() => undefined);
    return p;
  }

  private ensured = new Map<string, Promise<void>>();

  /**
   * Run idempotent DDL (`CREATE … IF NOT EXISTS`) once per open database: modules
   * that own state tables call this before first use. A failure is not
   * remembered, so the next call tries again.
   */
  ensure(ddl: string): Promise<void> {
    let p = this.ensured.get(ddl);
    if (!p) {
      p = this.write(async (c) => { await c.run(ddl); });
      this.ensured.set(ddl, p);
      p.catch(() => this.ensured.delete(ddl));
    }
    return p;
  }

  /** Resolves when every write queued so far has finished. */
  async drain(): Promise<void> {
    await this.writeTail;
  }

  async close(): Promise<void> {
    await this.drain();
    // A checkpoint folds the WAL into the file so the next start opens fast.
    await this.writer.run('CHECKPOINT').catch(() => undefined);
    for (const c of this.free) c.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}
