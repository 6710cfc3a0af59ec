import { JSDuckDBValueConverter, type DuckDBConnection, type DuckDBMaterializedResult, type DuckDBPreparedStatement, type DuckDBType } from '@duckdb/node-api';

/**
 * Prepared statements kept per connection, by SQL text, least recently used out.
 *
 * A metric query's SQL text depends only on the query's shape (times and literals
 * are bound parameters), so dashboards and repeated queries send the same text
 * again and again. Reusing the prepared statement skips parsing, binding and
 * planning (about 1 ms per query on the benchmark queries) and two round trips to
 * the native thread pool. DuckDB re-binds a prepared statement by itself when the
 * catalog changed since it was prepared (a column added, a table re-created), so a
 * cached statement answers as a fresh one would; one that fails is dropped anyway.
 *
 * A connection runs one statement at a time (the read pool hands it to one
 * reader), so a cached statement is never bound by two queries at once.
 */
export function createPreparedCache(maxPerConnection = 32) {
  const byConnection = new WeakMap<DuckDBConnection, Map<string, DuckDBPreparedStatement>>();
  return {
    /** Run `sql` with `params` and answer its columns as JS values (as `getColumnsJS` converts them). */
    async runAndReadColumnsJS(c: DuckDBConnection, sql: string, params: unknown[], types: DuckDBType[]): Promise<unknown[][]> {
      let cache = byConnection.get(c);
      if (!cache) byConnection.set(c, (cache = new Map()));
      let prepared = cache.get(sql);
      if (prepared) {
        cache.delete(sql); // re-inserted below: Map order is the recency order
      } else {
        prepared = await c.prepare(sql);
        if (cache.size >= maxPerConnection) {
          const [oldest, statement] = cache.entries().next().value!;
          cache.delete(oldest);
          statement.destroySync();
        }
      }
      cache.set(sql, prepared);
      let result: DuckDBMaterializedResult;
      try {
        prepared.bind(params as never, types);
        result = await prepared.run();
      } catch (e) {
        cache.delete(sql);
        prepared.destroySync();
        throw e;
      }
      return readColumnsJS(result);
    },
  };
}

/**
 * The columns of a materialized result as JS values. Its chunks are already in
 * memory, so they are read synchronously: `readAll` would fetch each chunk
 * (and the empty one that ends the result) through a round trip to the native
 * thread pool, and each round trip waits for a turn on a busy machine.
 */
export function readColumnsJS(result: DuckDBMaterializedResult): unknown[][] {
  const columns: unknown[][] = Array.from({ length: result.columnCount }, () => []);
  const chunks = result.chunkCount;
  for (let i = 0; i < chunks; i++) {
    const chunk = result.getChunk(i);
    for (let j = 0; j < columns.length; j++) {
      const values = chunk.convertColumnValues(j, JSDuckDBValueConverter);
      if (chunks === 1) columns[j] = values;
      else for (const v of values) columns[j].push(v);
    }
  }
  return columns;
}

/** The process's cache: connections are keys, so every open store shares it without holding one open. */
export const preparedStatements = createPreparedCache();
