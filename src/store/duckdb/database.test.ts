import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from './database.js';

// A query that runs for minutes unless stopped.
const ENDLESS = 'SELECT count(*) FROM range(100000000000) t(x) WHERE x % 7 = 3';

let dir: string;
let db: Database;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'almanac-db-'));
  db = await Database.open(path.join(dir, 'a.duckdb'), 1);
});
afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const count = (sql: string) => db.read(async (c) => Number((await c.runAndReadAll(sql)).getRows()[0][0]));

describe('Database.read with a signal', () => {
  it('a deadline interrupts the running query with a query_timeout error, and the connection is fine afterwards', async () => {
    const t0 = Date.now();
    await expect(db.read((c) => c.runAndReadAll(ENDLESS), AbortSignal.timeout(150))).rejects.toMatchObject({ code: 'query_timeout', status: 503 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await count('SELECT 41 + 1')).toBe(42);
  });

  it('a closed request cancels its query (query_cancelled), and one still waiting for a connection leaves the queue', async () => {
    const running = new AbortController();
    const waiting = new AbortController();
    // One connection: the second read waits behind the first.
    const first = db.read((c) => c.runAndReadAll(ENDLESS), running.signal);
    let ran = false;
    const second = db.read(async () => { ran = true; }, waiting.signal);
    waiting.abort();
    await expect(second).rejects.toMatchObject({ code: 'query_cancelled', status: 499 });
    running.abort();
    await expect(first).rejects.toMatchObject({ code: 'query_cancelled' });
    expect(ran).toBe(false);
    expect(await count('SELECT 7')).toBe(7);
  });

  it('an already aborted signal runs nothing; without a signal nothing changes', async () => {
    let ran = false;
    await expect(db.read(async () => { ran = true; }, AbortSignal.abort())).rejects.toMatchObject({ code: 'query_cancelled' });
    expect(ran).toBe(false);
    expect(await count('SELECT count(*) FROM range(1000)')).toBe(1000);
  });
});
