import type { Column, ColumnType, DatasetDef } from '../core/dataset.js';
import { AlmanacError } from '../core/errors.js';
import { caseCollision, COLUMN_NAME_RULE, isColumnName } from '../core/names.js';
import type { BodyFormat, InputRecord } from './parse-body.js';

export const TIME_COLUMN_NAMES = ['time', 'timestamp', 'ts', 'date'];
/** Text that reads as a decimal number (CSV cells, epoch timestamps in text). */
export const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The type a single value suggests, or undefined for null (no information). */
function typeOfValue(v: unknown, format: BodyFormat): ColumnType | 'invalid' | undefined {
  if (v === null || v === undefined) return undefined;
  if (format === 'csv' && typeof v === 'string') {
    if (NUMBER_TEXT.test(v.trim())) return 'number';
    if (/^(true|false)$/i.test(v)) return 'boolean';
    return 'string';
  }
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  return 'invalid';
}

/**
 * Columns present in `records` but not in `known`, typed from the data. A CSV
 * column is a number only if every value in the batch reads as one (text is
 * never guessed from one row); a JSON column takes the type of its first
 * non-null value. Columns whose every value is null carry no data and no type,
 * so they are left until a value arrives.
 */
export function inferNewColumns(records: InputRecord[], known: Set<string>, format: BodyFormat): Column[] {
  const seen = new Map<string, Set<ColumnType>>();
  const order: string[] = [];
  for (const r of records) {
    for (const [k, v] of Object.entries(r.fields)) {
      if (known.has(k)) continue;
      let s = seen.get(k);
      if (!s) { seen.set(k, (s = new Set())); order.push(k); }
      const t = typeOfValue(v, format);
      if (t && t !== 'invalid') {
        if (format === 'json' || format === 'ndjson') { if (s.size === 0) s.add(t); } else s.add(t);
      }
    }
  }
  const clash = caseCollision([...known, ...order.filter((n) => seen.get(n)!.size > 0)]);
  if (clash) throw new AlmanacError('bad_request', `columns "${clash[0]}" and "${clash[1]}" differ only in case; column names are case-insensitive, so use one spelling`);
  const out: Column[] = [];
  for (const name of order) {
    const types = seen.get(name)!;
    if (types.size === 0) continue;
    if (!isColumnName(name)) throw new AlmanacError('bad_request', `column name ${JSON.stringify(name)} is not allowed: ${COLUMN_NAME_RULE}`);
    // Mixed CSV columns fall back to text, which holds every value exactly.
    const type: ColumnType = types.size === 1 ? [...types][0] : 'string';
    out.push({ name, type });
  }
  return out;
}

/** A new dataset's definition from its first batch. */
export function inferDataset(name: string, records: InputRecord[], format: BodyFormat, opts: { time?: string; id?: string }): DatasetDef {
  const present = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.fields)) present.add(k);
  let timeColumn = opts.time;
  if (timeColumn !== undefined) {
    if (!present.has(timeColumn)) throw new AlmanacError('bad_request', `time column "${timeColumn}" (from ?time=) is not in the rows`);
  } else {
    timeColumn = TIME_COLUMN_NAMES.find((c) => present.has(c));
    if (!timeColumn) {
      throw new AlmanacError('bad_request', `dataset "${name}" does not exist and the rows have no time column named ${TIME_COLUMN_NAMES.join(', ')}; name it with ?time=COLUMN`);
    }
  }
  if (!isColumnName(timeColumn)) throw new AlmanacError('bad_request', `column name ${JSON.stringify(timeColumn)} is not allowed: ${COLUMN_NAME_RULE}`);
  if (opts.id !== undefined && opts.id === timeColumn) throw new AlmanacError('bad_request', `the id column cannot be the time column "${timeColumn}"; rows are identified by their own id`);
  const others = inferNewColumns(records, new Set([timeColumn]), format);
  const idColumn = opts.id ?? (others.some((c) => c.name === 'id') ? 'id' : undefined);
  if (idColumn !== undefined && !others.some((c) => c.name === idColumn)) throw new AlmanacError('bad_request', `id column "${idColumn}" (from ?id=) is not in the rows`);
  return { kind: 'dataset', name, timeColumn, ...(idColumn ? { idColumn } : {}), columns: [{ name: timeColumn, type: 'time' }, ...others] };
}

