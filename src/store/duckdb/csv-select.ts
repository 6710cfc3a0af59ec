import type { ColumnType, DatasetDef } from '../../core/dataset.js';
import type { CsvFile } from '../store.js';
import { duckdbDialect as d } from './dialect.js';

/**
 * The CSV fast path's reader: DuckDB reads a quote-free CSV body and applies
 * the same rules the JS validator does (`ingest/validate-rows.ts`), value by
 * value, in SQL. It only ever accepts a subset of what the JS path accepts and
 * produces the same stored values; anything it is not sure of raises an error
 * (`error()`), and the request goes the JS way, which names every problem.
 *
 * - empty cell → NULL (DuckDB reads an unquoted empty field as NULL);
 * - number: the JS number syntax (NUMBER_TEXT) after trimming spaces, finite;
 * - boolean: `true` / `false` in any case;
 * - time: present; an epoch number × the precision, rounded to microseconds the
 *   way the JS path rounds (Math.round, twice); or `YYYY-MM-DDTHH:MM:SS[.f{1,6}]`
 *   with `Z` or `±HH:MM` (the canonical form); within years 1900–2039
 *   (`badTimeCountSql`).
 */

const NUMBER = String.raw`[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`;
const ISO = String.raw`[1-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)`;

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** JavaScript's Math.round, exactly: half-way rounds up (towards +∞). x − floor(x) is exact for doubles. */
const jsRound = (x: string) => `(floor(${x}) + CASE WHEN (${x}) - floor(${x}) >= 0.5 THEN 1 ELSE 0 END)`;

function valueSql(type: ColumnType, col: string, name: string, msPerUnit: number): string {
  const fail = `error(${literal(`column ${JSON.stringify(name)} needs the general path`)})`;
  const t = `trim(${col})`;
  switch (type) {
    case 'string':
      return col;
    case 'number':
      return `CASE WHEN ${col} IS NULL THEN NULL WHEN regexp_full_match(${t}, ${literal(NUMBER)}) AND isfinite(CAST(${t} AS DOUBLE)) THEN CAST(${t} AS DOUBLE) ELSE ${fail} END`;
    case 'boolean':
      return `CASE WHEN ${col} IS NULL THEN NULL WHEN lower(${col}) = 'true' THEN true WHEN lower(${col}) = 'false' THEN false ELSE ${fail} END`;
    case 'time': {
      // As validate-rows: ms = value × precision; kept = Math.round(ms × 1000) / 1000; stored µs = Math.round(kept × 1000).
      // The factor as a DOUBLE: a literal like 0.001 would be a DECIMAL, and the product not the JS one.
      const ms = `(CAST(${t} AS DOUBLE) * CAST(${literal(String(msPerUnit))} AS DOUBLE))`;
      const epochUs = jsRound(`${jsRound(`${ms} * 1000`)} / 1000 * 1000`);
      const isoUs = `epoch_us(CAST(${t} AS TIMESTAMPTZ))`;
      const us = `CASE WHEN regexp_full_match(${t}, ${literal(NUMBER)}) THEN CAST(${epochUs} AS BIGINT) WHEN regexp_full_match(${t}, ${literal(ISO)}) THEN ${isoUs} ELSE NULL END`;
      return `make_timestamp(CASE WHEN ${col} IS NULL THEN ${fail} ELSE ${us} END)`;
    }
  }
}

/**
 * `SELECT <checked values> FROM read_csv(<file>)` with the dataset's column
 * names, in the file's column order. The time column is checked once more
 * after conversion (`badTimeCountSql`).
 */
export function csvSelectSql(ds: DatasetDef, file: CsvFile): string {
  const byName = new Map(ds.columns.map((c) => [c.name, c]));
  const fileCols = file.header.map((name, i) => ({ name, src: `c${i}` }));
  const reader = `read_csv(${literal(file.path)}, header = true, auto_detect = false, all_varchar = true, strict_mode = true, delim = ',', quote = '"', escape = '"', columns = {${fileCols.map((c) => `${literal(c.src)}: 'VARCHAR'`).join(', ')}})`;
  const exprs = fileCols.map(({ name, src }) => {
    const col = byName.get(name);
    if (!col) throw new Error(`column ${name} is not in dataset ${ds.name}`);
    return `${valueSql(col.type, src, name, file.msPerUnit)} AS ${d.quoteIdent(name)}`;
  });
  return `SELECT ${exprs.join(', ')} FROM ${reader}`;
}

/**
 * Staged rows whose time the fast path does not vouch for: none could be read
 * (neither form), or it lies beyond ±2^41 ms from 1970 (years 1900–2039). The
 * JS path carries times as epoch milliseconds in doubles; inside that range
 * they resolve microseconds exactly, so both paths store the same value (the
 * fast path's ISO reading is exact everywhere). Further out the JS path's
 * rounding can move a fractional time by a microsecond, so those rows take it:
 * one rule decides their value. Its own limit, years 1000–9999, is wider.
 */
export const FAST_TIME_LIMIT_US = 2 ** 41 * 1000;

export function badTimeCountSql(stage: string, timeColumn: string): string {
  const t = d.quoteIdent(timeColumn);
  return `SELECT count(*) FROM ${stage} WHERE ${t} IS NULL OR abs(epoch_us(${t})) >= ${FAST_TIME_LIMIT_US}`;
}
