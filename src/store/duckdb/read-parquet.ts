import { DuckDBInstance } from '@duckdb/node-api';
import type { InputRecord } from '../../ingest/parse-body.js';

/**
 * Read a Parquet file into input records with DuckDB's reader (no Parquet
 * library needed). Timestamps come out as ISO strings with an offset so they
 * pass the same validation as any other input; integers come out as numbers.
 */
export async function readParquetRecords(file: string): Promise<InputRecord[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    const reader = await c.runAndReadAll('SELECT * FROM read_parquet($1)', [file]);
    const names = reader.columnNames();
    const rows = reader.getRowsJS();
    return rows.map((row, i) => {
      const fields: Record<string, unknown> = {};
      names.forEach((n, j) => {
        const v = row[j];
        fields[n] = v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? Number(v) : v;
      });
      return { row: i + 1, fields, raw: JSON.stringify(fields) };
    });
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
