/**
 * Where ingest time goes (diagnostic, run only when named: `npm run bench -- ingest-parts`).
 * For BENCH_PARTS_ROWS rows (default 500,000) in 10,000-row bodies, in this
 * process and one stage at a time: body → text → `parseBody`, the dataset's
 * compiled validator, and the store write (`writes.submit`, one batch after
 * another), next to DuckDB's `read_json` / `read_csv` of the whole file. Costs
 * are in ms per 10,000 rows. The HTTP benchmark overlaps the JS stages of one
 * request with the DuckDB work of another, so the sum is an upper bound of what
 * a serial server would spend, not a prediction.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openAlmanac } from '../src/almanac.js';
import { applyBundle } from '../src/definitions/bundle.js';
import { parseBody } from '../src/ingest/parse-body.js';
import { compileValidator } from '../src/ingest/validate-rows.js';
import { httpRequests } from '../src/packs/web-service/generate.js';
import type { Definition, RowBatch } from '../src/store/store.js';
import { DUCKDB_COLUMNS, fileBatches, writeRowFiles } from './lib/data.js';
import { envInt, formatTable, round } from './lib/stats.js';

const BATCH = 10_000;

/**
 * The same, with Almanac's rules checked inside DuckDB: a number must be a JSON
 * number (not "5"), a string a JSON string, the time an ISO 8601 string with an
 * offset; CSV numbers must look like numbers. A bad value raises an error (so
 * the request would fall back to the JS path for its messages). Unknown keys are
 * not checked, so this is a lower bound on the cost of strict validation in SQL.
 */
function strictInsert(format: 'ndjson' | 'csv', file: string): string {
  const iso = String.raw`'[1-9]\d{3}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)'`;
  const num = String.raw`'[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?'`;
  const cols = httpRequests.columns;
  if (format === 'ndjson') {
    const exprs = cols.map(({ name, type }) => {
      const n = `"${name}"`;
      if (type === 'time') return `CASE WHEN json_type(${n}) = 'VARCHAR' AND regexp_full_match(${n}->>'$', ${iso}) THEN make_timestamp(epoch_us(CAST(${n}->>'$' AS TIMESTAMPTZ))) ELSE error('bad ${name}') END`;
      if (type === 'number') return `CASE json_type(${n}) WHEN 'DOUBLE' THEN CAST(${n} AS DOUBLE) WHEN 'BIGINT' THEN CAST(${n} AS DOUBLE) WHEN 'UBIGINT' THEN CAST(${n} AS DOUBLE) WHEN 'NULL' THEN NULL ELSE error('bad ${name}') END`;
      return `CASE json_type(${n}) WHEN 'VARCHAR' THEN ${n}->>'$' WHEN 'NULL' THEN NULL ELSE error('bad ${name}') END`;
    });
    const json = `{${cols.map((c) => `'${c.name}': 'JSON'`).join(', ')}}`;
    return `INSERT INTO t SELECT ${exprs.join(', ')} FROM read_json('${file}', format = 'newline_delimited', columns = ${json})`;
  }
  const exprs = cols.map(({ name, type }) => {
    const n = `"${name}"`;
    if (type === 'time') return `CASE WHEN regexp_full_match(${n}, ${iso}) THEN make_timestamp(epoch_us(CAST(${n} AS TIMESTAMPTZ))) ELSE error('bad ${name}') END`;
    if (type === 'number') return `CASE WHEN ${n} IS NULL OR regexp_full_match(${n}, ${num}) THEN CAST(${n} AS DOUBLE) ELSE error('bad ${name}') END`;
    return `NULLIF(${n}, '')`;
  });
  return `INSERT INTO t SELECT ${exprs.join(', ')} FROM read_csv('${file}', header = true, auto_detect = false, all_varchar = true, delim = ',', quote = '"', escape = '"', new_line = '\\n', columns = {${cols.map((c) => `'${c.name}': 'VARCHAR'`).join(', ')}})`;
}

/** DuckDB's reader for one body written to a file, with the dialect given (sniffing a 1 MB file costs more than reading it). */
function chunkReader(format: 'ndjson' | 'csv', file: string): string {
  return format === 'ndjson'
    ? `read_json('${file}', format = 'newline_delimited', columns = ${DUCKDB_COLUMNS})`
    : `read_csv('${file}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', new_line = '\\n', columns = ${DUCKDB_COLUMNS})`;
}

export async function runIngestPartsBench(log: (line: string) => void = console.log) {
  const rows = envInt('BENCH_PARTS_ROWS', 500_000);
  const repeats = envInt('BENCH_PARTS_REPEATS', 3);
  /** The fastest of `repeats` timed passes of `fn`, in ms, and its last result. */
  const fastest = async <T>(fn: () => T | Promise<T>): Promise<{ ms: number; out: T }> => {
    let best = Infinity;
    let out!: T;
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      out = await fn();
      best = Math.min(best, performance.now() - t0);
    }
    return { ms: best, out };
  };
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'almanac-bench-parts-'));
  try {
    const files = { ndjson: path.join(workDir, 'rows.ndjson'), csv: path.join(workDir, 'rows.csv') };
    writeRowFiles(rows, files);
    const results = [];
    for (const format of ['ndjson', 'csv'] as const) {
      const bodies: Buffer[] = [];
      for await (const b of fileBatches(files[format], BATCH, { header: format === 'csv' })) bodies.push(b.body);
      const per10k = (ms: number) => round((ms / rows) * BATCH, 1);

      const { ms: parseMs, out: parsed } = await fastest(() => bodies.map((b) => parseBody(b.toString('utf8'), format)));
      const validate = compileValidator(httpRequests, format);
      const { ms: validateMs, out: batches } = await fastest((): RowBatch[] => parsed.map((p) => validate(p.records).batch));
      if (batches.reduce((n, b) => n + b.length, 0) !== rows) throw new Error(`${format}: the validator kept fewer than ${rows} rows`);

      const dataDir = path.join(workDir, `data-${format}`);
      const almanac = await openAlmanac({ dataDir, logger: pino({ level: 'silent' }) });
      let writeMs: number;
      try {
        await applyBundle(almanac.store, 'default', [httpRequests] as unknown as Definition[]);
        // Each pass appends the same rows again (no id column, so nothing is deduplicated).
        writeMs = (await fastest(async () => {
          for (const batch of batches) {
            await almanac.writes.submit({
              workspace: 'default', dataset: httpRequests, batch, rejects: [], requestId: randomUUID(),
              answer: (dedup) => ({ accepted: batch.length - dedup, rejected: 0, deduplicated: dedup, errors: [] }),
            });
          }
        })).ms;
      } finally {
        await almanac.close();
      }

      const db = await DuckDBInstance.create(path.join(workDir, `baseline-${format}.duckdb`));
      let duckMs: number;
      let chunkedMs: number;
      let strictMs: number;
      try {
        const c = await db.connect();
        const reader = format === 'ndjson'
          ? `read_json('${files[format]}', format = 'newline_delimited', columns = ${DUCKDB_COLUMNS})`
          : `read_csv('${files[format]}', header = true, columns = ${DUCKDB_COLUMNS})`;
        const createTable = async () => {
          await c.run('DROP TABLE IF EXISTS t');
          await c.run('CREATE TABLE t (time TIMESTAMP, service VARCHAR, endpoint VARCHAR, region VARCHAR, status DOUBLE, duration_ms DOUBLE, bytes DOUBLE)');
        };
        duckMs = (await fastest(async () => {
          await createTable();
          await c.run(`INSERT INTO t SELECT * FROM ${reader}`);
        })).ms;
        // The ceiling for any server that takes 10,000-row requests and makes each
        // durable before answering: DuckDB's own reader on each body, one commit each,
        // with no validation at all (read_json casts "5" to 5 and ignores unknown keys).
        const chunkFiles = bodies.map((b, i) => {
          const f = path.join(workDir, `chunk-${i}.${format}`);
          fs.writeFileSync(f, b);
          return f;
        });
        chunkedMs = (await fastest(async () => {
          await createTable();
          for (const f of chunkFiles) {
            await c.run('BEGIN TRANSACTION');
            await c.run(`INSERT INTO t SELECT * FROM ${chunkReader(format, f)}`);
            await c.run('COMMIT');
          }
        })).ms;
        strictMs = (await fastest(async () => {
          await createTable();
          for (const f of chunkFiles) {
            await c.run('BEGIN TRANSACTION');
            await c.run(strictInsert(format, f));
            await c.run('COMMIT');
          }
        })).ms;
        const stored = Number((await c.runAndReadAll('SELECT count(*) FROM t')).getRows()[0][0]);
        if (stored !== rows) throw new Error(`${format}: the strict SQL path stored ${stored} of ${rows} rows`);
        c.closeSync();
      } finally {
        db.closeSync();
      }
      const r = {
        format, rows, parse: per10k(parseMs), validate: per10k(validateMs), storeWrite: per10k(writeMs),
        sum: per10k(parseMs + validateMs + writeMs), duckdb: per10k(duckMs), duckdbPer10k: per10k(chunkedMs), duckdbStrictPer10k: per10k(strictMs),
      };
      results.push(r);
      log(`ingest-parts: ${format} ${JSON.stringify(r)}`);
    }
    const table = formatTable(
      ['ms per 10k rows', 'parse', 'validate', 'store write', 'sum', 'DuckDB reader, whole file', 'DuckDB, 10k-row files, commit each', 'same + strict checks in SQL', 'whole ÷ 10k files', 'whole ÷ strict 10k', 'whole ÷ Almanac sum'],
      results.map((r) => [r.format, r.parse, r.validate, r.storeWrite, r.sum, r.duckdb, r.duckdbPer10k, r.duckdbStrictPer10k, round(r.duckdb / r.duckdbPer10k, 2), round(r.duckdb / r.duckdbStrictPer10k, 2), round(r.duckdb / r.sum, 2)]),
    );
    return { name: 'ingest-parts', config: { rows, batchRows: BATCH, repeats }, results, table: `fastest of ${repeats} passes, ${rows} rows\n${table}` };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
