import fs from 'node:fs';
import { generateHttpRequests } from '../../src/packs/web-service/generate.js';
import type { RowBatch } from '../../src/store/store.js';

/** The end of every generated range: the benchmark date, so runs are comparable. */
export const BENCH_END = Date.UTC(2026, 10, 22);
export const BENCH_DAYS = 35;

const rateCache = new Map<string, number>();

/**
 * The `perMinute` that makes `generateHttpRequests` yield about `rows` rows over
 * `days` days ending at `end`. Calibrated by generating at a low rate and scaling
 * (the generator's row count is linear in `perMinute` in expectation).
 */
export function perMinuteFor(rows: number, days = BENCH_DAYS, end = BENCH_END): number {
  const key = `${days}/${end}`;
  let perUnit = rateCache.get(key);
  if (perUnit === undefined) {
    let n = 0;
    for (const b of generateHttpRequests({ end, days, perMinute: 10, seed: 7 })) n += b.length;
    perUnit = n / 10;
    rateCache.set(key, perUnit);
  }
  return rows / perUnit;
}

/** `rows` http_requests rows (about, unless `exact`) as column batches, ending at BENCH_END. */
export function* httpRequestBatches(rows: number, opts: { exact?: boolean; seed?: number } = {}): Generator<RowBatch> {
  const perMinute = perMinuteFor(opts.exact ? rows * 1.02 : rows);
  let left = opts.exact ? rows : Infinity;
  for (const b of generateHttpRequests({ end: BENCH_END, days: BENCH_DAYS, perMinute, seed: opts.seed ?? 42 })) {
    if (b.length <= left) {
      left -= b.length;
      yield b;
    } else {
      yield { columns: b.columns, values: b.values.map((v) => v.slice(0, left)), length: left };
      left = 0;
    }
    if (left === 0) return;
  }
  if (opts.exact && left > 0) throw new Error(`the generator stopped ${left} rows short of ${rows}`);
}

export const CSV_HEADER = 'time,service,endpoint,region,status,duration_ms,bytes';

/** DuckDB column types of the generated files, for read_json/read_csv baselines. */
export const DUCKDB_COLUMNS = "{'time': 'TIMESTAMP', 'service': 'VARCHAR', 'endpoint': 'VARCHAR', 'region': 'VARCHAR', 'status': 'DOUBLE', 'duration_ms': 'DOUBLE', 'bytes': 'DOUBLE'}";

/**
 * Write exactly `rows` generated rows to an NDJSON file and/or a CSV file (with a
 * header row). Times are ISO 8601 with milliseconds and `Z`, as a client would send them.
 */
export function writeRowFiles(rows: number, out: { ndjson?: string; csv?: string }, seed = 42): { rows: number; bytes: Record<string, number> } {
  const fdJson = out.ndjson ? fs.openSync(out.ndjson, 'w') : undefined;
  const fdCsv = out.csv ? fs.openSync(out.csv, 'w') : undefined;
  if (fdCsv !== undefined) fs.writeSync(fdCsv, CSV_HEADER + '\n');
  let n = 0;
  for (const b of httpRequestBatches(rows, { exact: true, seed })) {
    const [time, service, endpoint, region, status, duration, bytes] = b.values as [number[], string[], string[], string[], number[], number[], number[]];
    let json = '';
    let csv = '';
    for (let i = 0; i < b.length; i++) {
      const t = new Date(time[i]).toISOString();
      if (fdJson !== undefined) {
        json += `{"time":"${t}","service":"${service[i]}","endpoint":"${endpoint[i]}","region":"${region[i]}","status":${status[i]},"duration_ms":${duration[i]},"bytes":${bytes[i]}}\n`;
      }
      if (fdCsv !== undefined) csv += `${t},${service[i]},${endpoint[i]},${region[i]},${status[i]},${duration[i]},${bytes[i]}\n`;
      // Flush every 20k rows to keep strings small.
      if (i % 20_000 === 19_999) {
        if (fdJson !== undefined) fs.writeSync(fdJson, json);
        if (fdCsv !== undefined) fs.writeSync(fdCsv, csv);
        json = csv = '';
      }
    }
    if (fdJson !== undefined && json) fs.writeSync(fdJson, json);
    if (fdCsv !== undefined && csv) fs.writeSync(fdCsv, csv);
    n += b.length;
  }
  const bytes: Record<string, number> = {};
  if (fdJson !== undefined) { fs.closeSync(fdJson); bytes.ndjson = fs.statSync(out.ndjson!).size; }
  if (fdCsv !== undefined) { fs.closeSync(fdCsv); bytes.csv = fs.statSync(out.csv!).size; }
  return { rows: n, bytes };
}

/**
 * Read a line-oriented file as bodies of `linesPerBatch` lines each. With
 * `header`, the file's first line is skipped and prepended to every body (CSV).
 */
export async function* fileBatches(file: string, linesPerBatch: number, opts: { header?: boolean } = {}): AsyncGenerator<{ body: Buffer; rows: number }> {
  const fh = await fs.promises.open(file, 'r');
  let header: Buffer | undefined;
  let pieces: Buffer[] = []; // the open batch: whole chunks or parts of them
  let lines = 0;
  const body = () => Buffer.concat(header ? [header, ...pieces] : pieces);
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      let from = 0; // where the open batch starts in this chunk
      let nl = -1;
      while ((nl = chunk.indexOf(10, nl + 1)) !== -1 && nl < bytesRead) {
        if (opts.header && header === undefined) {
          header = Buffer.concat([...pieces, chunk.subarray(from, nl + 1)]);
          pieces = [];
          from = nl + 1;
        } else if (++lines === linesPerBatch) {
          pieces.push(chunk.subarray(from, nl + 1));
          yield { body: body(), rows: lines };
          pieces = [];
          lines = 0;
          from = nl + 1;
        }
      }
      if (from < bytesRead) pieces.push(chunk.subarray(from, bytesRead));
    }
  } finally {
    await fh.close();
  }
  if (lines > 0) yield { body: body(), rows: lines };
}
