import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ingestBody } from '../ingest/ingest-body.js';
import { ingestRows, type IngestOptions } from '../ingest/ingest-rows.js';
import { parseBody, type BodyFormat, type ParsedBody } from '../ingest/parse-body.js';
import { readParquetRecords } from '../store/duckdb/read-parquet.js';
import type { IngestResult } from '../store/store.js';
import { callApi, type Target } from './target.js';

export type FileFormat = BodyFormat | 'parquet';

const FORMAT_OF_EXT: Record<string, FileFormat> = {
  '.csv': 'csv', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.json': 'json', '.parquet': 'parquet',
};
const MEDIA_OF_FORMAT: Record<BodyFormat, string> = { csv: 'text/csv', ndjson: 'application/x-ndjson', json: 'application/json' };

/** Rows per commit (local) or per request (remote, when the file is too big for one). */
const PART_ROWS = 50_000;

export function fileFormat(file: string, given?: string): FileFormat {
  const format = (given ?? FORMAT_OF_EXT[path.extname(file).toLowerCase()]) as FileFormat | undefined;
  if (!format) throw new Error(`cannot tell the format of ${file} from its extension; pass --format csv|ndjson|json|parquet`);
  if (!fs.existsSync(file)) throw new Error(`file not found: ${file}`);
  return format;
}

async function readFile(file: string, format: FileFormat): Promise<ParsedBody> {
  if (format === 'parquet') return { format: 'json', records: await readParquetRecords(file), rejects: [] };
  return parseBody(fs.readFileSync(file, 'utf8'), format);
}

type Opts = Pick<IngestOptions, 'mode' | 'precision' | 'time' | 'id'>;

function countLines(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
  return b.length > 0 && b[b.length - 1] !== 10 ? n + 1 : n;
}

/**
 * Ingest a file with the same validation and answer as the HTTP API. Locally the
 * whole file is validated (and the dataset created or extended) once, then
 * committed in parts. Against a server the file goes as one gzip request, so the
 * server's atomic mode covers all of it; only a file over the server's body
 * limit is sent in parts, each atomic on its own (the answer says so).
 */
export async function ingestFile(t: Target, dataset: string, file: string, format: FileFormat, opts: Opts, progress?: (rows: number, total: number) => void): Promise<IngestResult & { note?: string }> {
  if (t.kind === 'local') {
    if (format === 'csv') {
      // A quote-free CSV file is read in place by DuckDB (ingest-body.ts); anything else is parsed here.
      const raw = fs.readFileSync(file);
      const lines = countLines(raw) - 1; // data lines: about the rows, for the progress bar
      return ingestBody(t.almanac, t.workspace, dataset, raw, 'csv', { ...opts, commitRows: PART_ROWS, onCommitted: (n) => progress?.(n, Math.max(lines, n)) }, { file });
    }
    const body = await readFile(file, format);
    const total = body.records.length;
    return ingestRows(t.almanac, t.workspace, dataset, body, { ...opts, commitRows: PART_ROWS, onCommitted: (n) => progress?.(n, total) });
  }
  const qs = new URLSearchParams(Object.entries(opts).filter(([, v]) => v !== undefined) as [string, string][]).toString();
  const url = `/api/v1/datasets/${encodeURIComponent(dataset)}/rows?${qs}`;
  if (format !== 'parquet') {
    try {
      return (await callApi(t, 'POST', url, { type: MEDIA_OF_FORMAT[format], data: gzipSync(fs.readFileSync(file)), encoding: 'gzip' })) as IngestResult;
    } catch (e) {
      if (!/^413:/.test((e as Error).message)) throw e;
    }
  }
  return sendInParts(t, url, await readFile(file, format), file, progress);
}

/** Send a parsed file in parts of PART_ROWS rows, in its own format, mapping row numbers back to the file. */
async function sendInParts(t: Target & { kind: 'remote' }, url: string, body: ParsedBody, file: string, progress?: (rows: number, total: number) => void) {
  const rows = [...body.records.map((r) => ({ row: r.row, raw: r.raw })), ...body.rejects].sort((a, b) => a.row - b.row);
  // CSV parts repeat the header; JSON arrays travel as NDJSON (one element per line).
  const header = body.format === 'csv' ? fs.readFileSync(file, 'utf8').split(/\r?\n/, 1)[0] : undefined;
  const type = body.format === 'csv' ? MEDIA_OF_FORMAT.csv : MEDIA_OF_FORMAT.ndjson;
  const total: IngestResult & { note?: string } = { accepted: 0, rejected: 0, deduplicated: 0, errors: [] };
  for (let off = 0; off < rows.length; off += PART_ROWS) {
    const part = rows.slice(off, off + PART_ROWS);
    const lineToRow: number[] = header === undefined ? [] : [0];
    for (const r of part) for (let k = 0; k < r.raw.split('\n').length; k++) lineToRow.push(r.row);
    const text = [...(header === undefined ? [] : [header]), ...part.map((r) => r.raw)].join('\n');
    let r: IngestResult;
    try {
      r = (await callApi(t, 'POST', url, { type, data: gzipSync(text), encoding: 'gzip' })) as IngestResult;
    } catch (e) {
      const answer = (e as { body?: IngestResult }).body;
      if (!answer || typeof answer.accepted !== 'number') throw e;
      r = answer;
    }
    total.accepted += r.accepted;
    total.rejected += r.rejected;
    total.deduplicated += r.deduplicated;
    total.errors.push(...r.errors.map((x) => ({ ...x, row: lineToRow[x.row - 1] ?? x.row })));
    progress?.(Math.min(rows.length, off + PART_ROWS), rows.length);
  }
  total.errors = total.errors.slice(0, 100);
  if (rows.length > PART_ROWS) total.note = `the file is larger than the server accepts in one request; it was sent in parts of ${PART_ROWS} rows, each stored or refused on its own`;
  return total;
}
