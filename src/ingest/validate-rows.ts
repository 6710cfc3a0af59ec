import type { ColumnType, DatasetDef } from '../core/dataset.js';
import { MAX_TIME, MIN_TIME, parseIsoTime } from '../core/time.js';
import { NUMBER_TEXT } from './infer-schema.js';
import type { Reject, RowBatch } from '../store/store.js';
import type { BodyFormat, InputRecord } from './parse-body.js';

export type Precision = 's' | 'ms' | 'us' | 'ns';
/** Milliseconds per unit of an epoch number at each `?precision=`. */
export const TO_MS: Record<Precision, number> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 };

type Value = string | number | boolean | null;
type Check = (v: unknown) => Value | { error: string };

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}

/**
 * A row validator compiled for one dataset schema and wire format: each column
 * gets its own converter, chosen once, so a batch is checked without
 * per-value dispatch on the column type. Values are never cast across types: a
 * JSON string in a number column is an error; CSV text is read by the column's type.
 */
export function compileValidator(ds: DatasetDef, format: BodyFormat, precision: Precision = 'ms') {
  const text = format === 'csv';
  const scale = TO_MS[precision];
  const checks: Record<ColumnType, Check> = {
    time: (v) => {
      let ms: number | null = null;
      if (typeof v === 'number') ms = v * scale;
      // Digits in a JSON string are not an epoch: only CSV carries numbers as text.
      else if (typeof v === 'string') ms = text && NUMBER_TEXT.test(v.trim()) ? Number(v) * scale : parseIsoTime(v.trim());
      else return { error: `${show(v)} is not a time; expected ISO 8601 with an offset or an epoch number` };
      if (ms === null) return { error: `${show(v)} is not a time; expected ISO 8601 with an offset (2026-01-01T12:00:00Z) or an epoch number` };
      if (!(ms >= MIN_TIME && ms <= MAX_TIME)) return { error: `${show(v)} is outside years 1000–9999 at precision ${precision}; set ?precision=s|ms|us|ns` };
      return Math.round(ms * 1000) / 1000;
    },
    number: (v) => {
      if (typeof v === 'number') return Number.isFinite(v) ? v : { error: `${show(v)} is too large for a number` };
      if (text && typeof v === 'string' && NUMBER_TEXT.test(v.trim())) {
        const n = Number(v);
        return Number.isFinite(n) ? n : { error: `${show(v)} is too large for a number` };
      }
      return { error: `${show(v)} is not a number` };
    },
    boolean: (v) => {
      if (typeof v === 'boolean') return v;
      if (text && typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
      return { error: `${show(v)} is not a boolean (true or false)` };
    },
    string: (v) => (typeof v === 'string' ? v : { error: `${show(v)} is not a string` }),
  };
  const columns = ds.columns;
  const index = new Map(columns.map((c, i) => [c.name, i]));
  const conv = columns.map((c) => checks[c.type]);
  const timeIdx = index.get(ds.timeColumn)!;

  /** Validate records: good rows into a columnar batch, every problem as a reject (one per problem). */
  return function validate(records: InputRecord[]): { batch: RowBatch; rejects: Reject[] } {
    const values: Value[][] = columns.map(() => []);
    const rejects: Reject[] = [];
    const rowVals: Value[] = new Array(columns.length);
    for (const rec of records) {
      rowVals.fill(null);
      let bad = false;
      for (const key in rec.fields) {
        const v = rec.fields[key];
        const i = index.get(key);
        if (i === undefined) {
          if (v === null || v === undefined) continue;
          const message = typeof v === 'object'
            ? `column "${key}" holds ${Array.isArray(v) ? 'a list' : 'an object'}; rows must be flat (e.g. ${key}_a: 1 instead of ${key}: {a: 1})`
            : `column "${key}" is not in dataset "${ds.name}"`;
          rejects.push({ row: rec.row, column: key, message, raw: rec.raw });
          bad = true;
          continue;
        }
        if (v === null || v === undefined) continue;
        const out = conv[i](v);
        if (out !== null && typeof out === 'object') {
          rejects.push({ row: rec.row, column: key, message: `column "${key}": ${out.error} (expected ${columns[i].type})`, raw: rec.raw });
          bad = true;
        } else rowVals[i] = out;
      }
      if (!bad && rowVals[timeIdx] === null) {
        rejects.push({ row: rec.row, column: ds.timeColumn, message: `time column "${ds.timeColumn}" is missing`, raw: rec.raw });
        bad = true;
      }
      if (bad) continue;
      for (let i = 0; i < rowVals.length; i++) values[i].push(rowVals[i]);
    }
    return { batch: { columns, values, length: values[0]?.length ?? 0 }, rejects };
  };
}
