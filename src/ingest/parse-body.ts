import Papa from 'papaparse';
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

/** JSON text of a parsed element, or undefined when it is nested too deeply to serialise. */
function rawJson(v: unknown): string | undefined {
  try {
    return JSON.stringify(v) ?? 'undefined';
  } catch {
    return undefined;
  }
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
      const raw = rawJson(el);
      if (raw === undefined) rejects.push({ row: i + 1, message: 'element is nested too deeply to read', raw: '' });
      else if (isObject(el)) records.push({ row: i + 1, fields: el, raw });
      else rejects.push({ row: i + 1, message: `element is ${raw.length > 60 ? raw.slice(0, 57) + '…' : raw}, expected an object of column: value`, raw });
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
    parseCsvBody(text, records, rejects);
  }
  return { format, records, rejects };
}

/**
 * CSV with a header row. Papa Parse (measured ~3.5× faster here than csv-parse
 * with position info) reads it row by row; each row's cursor gives its raw text
 * for the dead letters and the line it starts on, so a quoted field spanning
 * lines is reported where it begins.
 */
function parseCsvBody(input: string, records: InputRecord[], rejects: Reject[]) {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let header: string[] | undefined;
  let prev = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    step(result) {
      const end = result.meta.cursor;
      const chunk = text.slice(prev, end);
      prev = end;
      // The chunk may start with the line breaks of blank lines before the row.
      const lead = /^[\r\n]*/.exec(chunk)![0];
      const rowLine = line + countLineBreaks(lead);
      line += countLineBreaks(chunk);
      const raw = chunk.slice(lead.length).replace(/[\r\n]+$/, '');
      const cells = result.data;
      if (cells.length === 1 && cells[0] === '') return; // a blank line
      if (!header) {
        header = cells.map((h) => h.trim());
        if (header.some((h) => h === '')) throw new AlmanacError('bad_request', 'the CSV header has an empty column name');
        const dup = header.find((h, i) => header!.indexOf(h) !== i);
        if (dup) throw new AlmanacError('bad_request', `the CSV header names column "${dup}" twice`);
        return;
      }
      const problem = result.errors.find((e) => e.type === 'Quotes');
      if (problem) {
        rejects.push({ row: rowLine, message: `is not valid CSV: ${problem.message}`, raw });
        return;
      }
      if (cells.length !== header.length) {
        rejects.push({ row: rowLine, message: `has ${cells.length} fields, the header has ${header.length}`, raw });
        return;
      }
      const fields: Record<string, unknown> = {};
      // An empty CSV cell is a missing value.
      for (let j = 0; j < header.length; j++) fields[header[j]] = cells[j] === '' ? null : cells[j];
      records.push({ row: rowLine, fields, raw });
    },
  });
}

function countLineBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}
