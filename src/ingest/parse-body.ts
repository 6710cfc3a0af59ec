import { parse as parseCsv } from 'csv-parse/sync';
import { AlmanacError } from '../core/errors.js';
import type { Reject } from '../store/store.js';

export type BodyFormat = 'json' | 'ndjson' | 'csv';

/** One input record: its 1-based row (JSON element, or line for NDJSON/CSV), fields, and raw text for dead letters. */
export interface InputRecord {
  row: number;
  fields: Record<string, unknown>;
  raw: string;
}

export interface ParsedBody {
  format: BodyFormat;
  records: InputRecord[];
  /** Rows that could not even be read (bad JSON line, a non-object element). */
  rejects: Reject[];
}

const MEDIA: Record<string, BodyFormat> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'text/csv': 'csv',
};

export function formatOfMediaType(contentType: string | undefined): BodyFormat {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const f = MEDIA[media];
  if (!f) {
    throw new AlmanacError('unsupported_media_type',
      `Content-Type ${JSON.stringify(contentType ?? '')} is not accepted; send application/json (an array of objects), application/x-ndjson or text/csv with a header row`);
  }
  return f;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseBody(text: string, format: BodyFormat): ParsedBody {
  const records: InputRecord[] = [];
  const rejects: Reject[] = [];
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new AlmanacError('bad_request', `the body is not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(data)) {
      if (isObject(data)) data = [data];
      else throw new AlmanacError('bad_request', 'a JSON body must be an array of row objects (or one object)');
    }
    (data as unknown[]).forEach((el, i) => {
      if (isObject(el)) records.push({ row: i + 1, fields: el, raw: JSON.stringify(el) });
      else rejects.push({ row: i + 1, message: `element is ${JSON.stringify(el)}, expected an object of column: value`, raw: JSON.stringify(el) ?? '' });
    });
  } else if (format === 'ndjson') {
    let start = 0;
    let line = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      line++;
      const raw = text.slice(start, end).replace(/\r$/, '');
      start = end + 1;
      if (raw.trim() === '') continue;
      try {
        const v = JSON.parse(raw);
        if (isObject(v)) records.push({ row: line, fields: v, raw });
        else rejects.push({ row: line, message: 'line is not a JSON object', raw });
      } catch (e) {
        rejects.push({ row: line, message: `line is not valid JSON: ${(e as Error).message}`, raw });
      }
    }
  } else {
    let rows: { record: string[]; info: { lines: number }; raw: string }[];
    try {
      rows = parseCsv(text, { info: true, raw: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as never;
    } catch (e) {
      throw new AlmanacError('bad_request', `the body is not valid CSV: ${(e as Error).message}`);
    }
    if (rows.length === 0) return { format, records, rejects };
    const header = rows[0].record.map((h) => h.trim());
    if (header.some((h) => h === '')) throw new AlmanacError('bad_request', 'the CSV header has an empty column name');
    const dup = header.find((h, i) => header.indexOf(h) !== i);
    if (dup) throw new AlmanacError('bad_request', `the CSV header names column "${dup}" twice`);
    for (const r of rows.slice(1)) {
      // csv-parse's raw text can carry the line breaks around the record (CRLF, blank lines before it).
      const raw = r.raw.replace(/^[\r\n]+|[\r\n]+$/g, '');
      // info.lines is the line the record ends on; a quoted field may span lines, so report where it starts.
      const line = r.info.lines - (raw.match(/\r\n|\r|\n/g)?.length ?? 0);
      if (r.record.length !== header.length) {
        rejects.push({ row: line, message: `has ${r.record.length} fields, the header has ${header.length}`, raw });
        continue;
      }
      const fields: Record<string, unknown> = {};
      // An empty CSV cell is a missing value.
      header.forEach((h, j) => { fields[h] = r.record[j] === '' ? null : r.record[j]; });
      records.push({ row: line, fields, raw });
    }
  }
  return { format, records, rejects };
}
