import { DOUBLE, DuckDBInstance, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPreparedCache } from './prepared-cache.js';

describe('createPreparedCache (real DuckDB)', () => {
  let db: DuckDBInstance;
  let reader: DuckDBConnection;
  let writer: DuckDBConnection;
  beforeEach(async () => {
    db = await DuckDBInstance.create(':memory:');
    reader = await db.connect();
    writer = await db.connect();
    await writer.run('CREATE TABLE t (g VARCHAR, x DOUBLE)');
    await writer.run("INSERT INTO t VALUES ('a', 1), ('a', 2), ('b', 10)");
  });
  afterEach(() => {
    reader.closeSync();
    writer.closeSync();
    db.closeSync();
  });
  const SUM = 'SELECT sum(x) AS s FROM t WHERE g = $1';
  const sumOf = async (cache: ReturnType<typeof createPreparedCache>, g: string) =>
    (await cache.runAndReadColumnsJS(reader, SUM, [g], [VARCHAR]))[0][0];

  it('prepares a SQL text once per connection and binds new parameters each time', async () => {
    const cache = createPreparedCache();
    const prepare = vi.spyOn(reader, 'prepare');
    expect(await sumOf(cache, 'a')).toBe(3);
    expect(await sumOf(cache, 'b')).toBe(10);
    expect(await sumOf(cache, 'zzz')).toBeNull();
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('sees rows committed after it was prepared, and a column added since', async () => {
    const cache = createPreparedCache();
    expect(await sumOf(cache, 'a')).toBe(3);
    await writer.run('ALTER TABLE t ADD COLUMN y DOUBLE');
    await writer.run("INSERT INTO t VALUES ('a', 4, 0)");
    expect(await sumOf(cache, 'a')).toBe(7);
  });

  it('fails like a fresh statement once the table changed under it, then prepares again', async () => {
    const cache = createPreparedCache();
    const prepare = vi.spyOn(reader, 'prepare');
    expect(await sumOf(cache, 'a')).toBe(3);
    await writer.run('DROP TABLE t');
    await expect(sumOf(cache, 'a')).rejects.toThrow(/t does not exist/);
    await writer.run('CREATE TABLE t (g VARCHAR, x DOUBLE)');
    await writer.run("INSERT INTO t VALUES ('a', 5)");
    expect(await sumOf(cache, 'a')).toBe(5);
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it('keeps at most maxPerConnection statements, dropping the least recently used', async () => {
    const cache = createPreparedCache(2);
    const prepare = vi.spyOn(reader, 'prepare');
    const run = async (k: number) => (await cache.runAndReadColumnsJS(reader, `SELECT CAST($1 AS DOUBLE) * ${k} AS v`, [2], [DOUBLE]))[0][0];
    expect(await run(1)).toBe(2);
    expect(await run(2)).toBe(4);
    expect(await run(1)).toBe(2); // 1 is now the most recent
    expect(await run(3)).toBe(6); // evicts 2
    expect(prepare).toHaveBeenCalledTimes(3);
    expect(await run(1)).toBe(2); // still cached
    expect(prepare).toHaveBeenCalledTimes(3);
    expect(await run(2)).toBe(4); // prepared again
    expect(prepare).toHaveBeenCalledTimes(4);
  });

  it('reads results of several chunks in full and in order, with the values getColumnsJS gives', async () => {
    const cache = createPreparedCache();
    const sql = "SELECT i, CAST(i AS DOUBLE) / 3 AS d, 'r' || i AS s, i % 2 = 0 AS b, CASE WHEN i % 7 = 0 THEN NULL ELSE i END AS n FROM range(CAST($1 AS BIGINT)) r(i) ORDER BY i";
    // getColumnsJS answers no columns at all for no rows; this answers each column, empty.
    expect(await cache.runAndReadColumnsJS(reader, sql, [0], [DOUBLE])).toEqual([[], [], [], [], []]);
    for (const rows of [1, 2048, 5000]) {
      const got = await cache.runAndReadColumnsJS(reader, sql, [rows], [DOUBLE]);
      const expected = (await reader.runAndReadAll(sql.replace('$1', String(rows)))).getColumnsJS();
      expect(got).toEqual(expected);
      expect(got[0]).toHaveLength(rows);
    }
  });

  it('keeps statements apart per connection', async () => {
    const cache = createPreparedCache();
    const other = await db.connect();
    try {
      expect(await sumOf(cache, 'a')).toBe(3);
      const prepare = vi.spyOn(other, 'prepare');
      expect((await cache.runAndReadColumnsJS(other, SUM, ['b'], [VARCHAR]))[0][0]).toBe(10);
      expect(prepare).toHaveBeenCalledTimes(1);
    } finally {
      other.closeSync();
    }
  });
});
