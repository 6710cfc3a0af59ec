import type { DatasetDef } from '../core/dataset.js';

/** Bodies with fewer data lines take the JS path: the file and the extra statements cost more than they save. */
export const MIN_FAST_LINES = 200;

export interface CsvPlan {
  /** Column names in file order, trimmed. */
  header: string[];
  /** Data lines (an upper bound of the rows). */
  lines: number;
}

/**
 * Whether a CSV body may go to the store's own reader (`store/duckdb/csv-select.ts`)
 * instead of the JS parser, and with which header. Only bodies whose reading
 * cannot differ between DuckDB's reader and Papa Parse qualify: no quote
 * character anywhere (quoting is where CSV readers disagree: `"x" ,1`, ` "x"`),
 * no line ending in a comma (an empty last field, or one too many),
 * a header of distinct, known columns that includes the time column, and
 * enough rows to be worth it. Anything else returns null and takes the JS path,
 * which also gives the messages for bad headers. Pure: bytes in, plan out.
 */
export function planCsvFastPath(body: Buffer, ds: DatasetDef): CsvPlan | null {
  if (body.indexOf(0x22) !== -1) return null;
  // A line ending in a comma: DuckDB drops empty trailing fields that Papa Parse counts (and the JS path refuses).
  if (body.indexOf(',\n') !== -1 || body.indexOf(',\r') !== -1 || body[body.length - 1] === 0x2c) return null;
  let lines = 0;
  for (let i = body.indexOf(10); i !== -1; i = body.indexOf(10, i + 1)) lines++;
  if (body.length > 0 && body[body.length - 1] !== 10) lines++;
  lines -= 1; // the header
  if (lines < MIN_FAST_LINES) return null;
  const end = body.indexOf(10);
  let first = body.subarray(0, end).toString('utf8');
  if (first.charCodeAt(0) === 0xfeff) first = first.slice(1);
  if (first.endsWith('\r')) first = first.slice(0, -1);
  // A carriage return inside the first line: old Mac line ends, left to the JS path.
  if (first.includes('\r')) return null;
  const header = first.split(',').map((h) => h.trim());
  const known = new Set(ds.columns.map((c) => c.name));
  if (header.some((h) => !known.has(h)) || new Set(header).size !== header.length || !header.includes(ds.timeColumn)) return null;
  return { header, lines };
}
