import fs from 'node:fs';
import Papa from 'papaparse';
import { parseIsoTime } from '../core/time.js';

/**
 * The CSV files `almanac forecast` and `almanac anomalies` read: columns
 * `series` (optional), `timestamp` (ISO 8601, or an integer index) and `value`
 * (empty for a gap). Rows keep their input order; each series keeps its own.
 */
export interface SeriesRow {
  series: string;
  timestamp: string;
  /** Epoch ms for ISO timestamps, the index itself for integer ones. */
  time: number;
  value: number | null;
}

export interface SeriesFile {
  rows: SeriesRow[];
  /** Row indices per series, in input order. */
  bySeries: Map<string, number[]>;
  timeKind: 'iso' | 'index';
}

export function readSeriesCsv(file: string): SeriesFile {
  if (!fs.existsSync(file)) throw new Error(`input file not found: ${file}`);
  const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  const fields = parsed.meta.fields ?? [];
  for (const need of ['timestamp', 'value']) {
    if (!fields.includes(need)) throw new Error(`${file}: the header must have columns timestamp and value (and optionally series); it has ${fields.join(', ') || 'none'}`);
  }
  const rows: SeriesRow[] = [];
  const bySeries = new Map<string, number[]>();
  let timeKind: 'iso' | 'index' | undefined;
  parsed.data.forEach((r, i) => {
    const line = i + 2;
    const timestamp = (r.timestamp ?? '').trim();
    let time: number | null;
    let kind: 'iso' | 'index';
    if (/^-?\d+$/.test(timestamp)) { time = Number(timestamp); kind = 'index'; } else { time = parseIsoTime(timestamp); kind = 'iso'; }
    if (time === null) throw new Error(`${file}:${line}: timestamp ${JSON.stringify(timestamp)} is neither ISO 8601 with an offset nor an integer index`);
    if (timeKind && kind !== timeKind) throw new Error(`${file}:${line}: timestamps mix ISO times and integer indices`);
    timeKind = kind;
    const text = (r.value ?? '').trim();
    const value = text === '' ? null : Number(text);
    if (value !== null && !Number.isFinite(value)) throw new Error(`${file}:${line}: value ${JSON.stringify(text)} is not a number`);
    const series = (r.series ?? '').trim();
    rows.push({ series, timestamp, time, value });
    const list = bySeries.get(series);
    if (list) list.push(rows.length - 1);
    else bySeries.set(series, [rows.length - 1]);
  });
  if (rows.length === 0) throw new Error(`${file}: no rows`);
  for (const [name, idx] of bySeries) {
    for (let k = 1; k < idx.length; k++) {
      if (!(rows[idx[k]].time > rows[idx[k - 1]].time)) {
        throw new Error(`${file}: series ${JSON.stringify(name)} is not in increasing time order at ${rows[idx[k]].timestamp}; sort it first`);
      }
    }
  }
  return { rows, bySeries, timeKind: timeKind ?? 'index' };
}

/** CSV text with a header, quoting only where needed. */
export function toCsv(header: string[], rows: (string | number | boolean | null)[][]): string {
  return Papa.unparse({ fields: header, data: rows.map((r) => r.map((v) => (v === null || (typeof v === 'number' && !Number.isFinite(v)) ? '' : v))) }, { newline: '\n' }) + '\n';
}
