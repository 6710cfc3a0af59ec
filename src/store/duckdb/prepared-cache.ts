import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBResultReader, DuckDBType } from '@duckdb/node-api';

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
    async runAndReadAll(c: DuckDBConnection, sql: string, params: unknown[], types: DuckDBType[]): Promise<DuckDBResultReader> {
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
      try {
        prepared.bind(params as never, types);
        return await prepared.runAndReadAll();
      } catch (e) {
        cache.delete(sql);
        prepared.destroySync();
        throw e;
      }
    },
  };
}

/** The process's cache: connections are keys, so every open store shares it without holding one open. */
export const preparedStatements = createPreparedCache();
