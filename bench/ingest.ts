/**
 * HTTP ingest throughput (NDJSON and CSV) against DuckDB's own readers, and the
 * server's peak memory during a large ingest.
 *
 * - Generates BENCH_ROWS rows (default 2,000,000) of http_requests data into one
 *   NDJSON and one CSV file.
 * - For each format: a fresh server (its own Node process and data directory),
 *   the dataset declared up front, then the file POSTed in BENCH_BATCH-row bodies
 *   (default 10,000) by BENCH_SENDERS concurrent senders (default 2) over keep-alive.
 *   rows/s = rows acknowledged / wall time from first send to last acknowledgement.
 * - Baseline: the same file read into a table of the same column types by
 *   `read_json` / `read_csv` in a separate, file-backed DuckDB instance in this
 *   process, once just before and once just after the HTTP run (the machine is
 *   shared; bracketing spreads drift over both sides). Ratio = Almanac rows/s ÷
 *   DuckDB rows/s (DuckDB's from the mean of its two times); target ≥ 0.5.
 * - Memory: a fresh server ingests BENCH_RSS_ROWS NDJSON rows (default 10,000,000;
 *   0 skips) while its RSS is sampled; the kernel's VmHWM is the peak. Target ≤ 1 GiB.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { httpRequests } from '../src/packs/web-service/generate.js';
import { DUCKDB_COLUMNS, fileBatches, writeRowFiles } from './lib/data.js';
import { sampleRss } from './lib/rss.js';
import { post, startServerChild } from './lib/server.js';
import { envInt, formatTable, round } from './lib/stats.js';

type Format = 'ndjson' | 'csv';
const CONTENT_TYPE: Record<Format, string> = { ndjson: 'application/x-ndjson', csv: 'text/csv' };
const GiB = 1024;

export interface HttpIngestRun {
  format: Format;
  rows: number;
  batches: number;
  seconds: number;
  rowsPerSec: number;
  MBPerSec: number;
  idleRssMiB: number;
  peakRssMiB: number;
}

export interface BaselineRun {
  format: Format;
  reader: string;
  rows: number;
  /** One run just before the HTTP run, one just after. */
  seconds: number[];
  /** rows ÷ mean of the two times. */
  rowsPerSec: number;
}

/** Send a file to a fresh server; returns throughput and the server's memory. */
async function ingestOverHttp(file: string, format: Format, rows: number, workDir: string, senders: number, batchRows: number): Promise<HttpIngestRun> {
  const dataDir = fs.mkdtempSync(path.join(workDir, `data-${format}-`));
  const server = await startServerChild(dataDir);
  try {
    const created = await post(`${server.url}/api/v1/apply`, server.key, 'application/json', JSON.stringify([httpRequests]));
    if (created.status !== 200) throw new Error(`declaring the dataset failed: ${created.status} ${JSON.stringify(created.json)}`);
    // Let the process settle before reading its idle footprint.
    await new Promise((r) => setTimeout(r, 300));
    const rss = sampleRss(server.pid, 100);
    const idle = rss.stop().peakRssMiB;
    const sampler = sampleRss(server.pid, 100);
    const source = fileBatches(file, batchRows, { header: format === 'csv' });
    const url = `${server.url}/api/v1/datasets/${httpRequests.name}/rows`;
    let accepted = 0;
    let batches = 0;
    let bytes = 0;
    const started = performance.now();
    const sender = async () => {
      for (;;) {
        const next = await source.next();
        if (next.done) return;
        const { body, rows: n } = next.value;
        for (let attempt = 0; ; attempt++) {
          const res = await post(url, server.key, CONTENT_TYPE[format], body);
          if (res.status === 429 && attempt < 50) { await new Promise((r) => setTimeout(r, 50)); continue; }
          const answer = res.json as { accepted?: number; rejected?: number };
          if (res.status !== 200 || answer.accepted !== n) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(res.json).slice(0, 500)}`);
          break;
        }
        accepted += n;
        batches++;
        bytes += body.length;
      }
    };
    await Promise.all(Array.from({ length: senders }, sender));
    const seconds = (performance.now() - started) / 1000;
    const mem = sampler.stop();
    if (accepted !== rows) throw new Error(`${format}: ${accepted} rows acknowledged, expected ${rows}`);
    return {
      format, rows: accepted, batches, seconds: round(seconds, 2), rowsPerSec: Math.round(accepted / seconds),
      MBPerSec: round(bytes / 1e6 / seconds, 1), idleRssMiB: idle, peakRssMiB: Math.max(mem.hwmMiB, mem.peakRssMiB),
    };
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** DuckDB reading the same file into a table with the same column types, in a fresh file-backed instance; seconds. */
async function duckdbLoadSeconds(file: string, format: Format, workDir: string): Promise<{ rows: number; seconds: number }> {
  const reader = format === 'ndjson'
    ? `read_json('${file}', format = 'newline_delimited', columns = ${DUCKDB_COLUMNS})`
    : `read_csv('${file}', header = true, columns = ${DUCKDB_COLUMNS})`;
  const dbFile = path.join(workDir, `baseline-${format}.duckdb`);
  const db = await DuckDBInstance.create(dbFile);
  try {
    const c = await db.connect();
    await c.run('CREATE TABLE http_requests (time TIMESTAMP, service VARCHAR, endpoint VARCHAR, region VARCHAR, status DOUBLE, duration_ms DOUBLE, bytes DOUBLE)');
    const t0 = performance.now();
    const res = await c.run(`INSERT INTO http_requests SELECT * FROM ${reader}`);
    const seconds = round((performance.now() - t0) / 1000, 3);
    c.closeSync();
    return { rows: Number(res.rowsChanged), seconds };
  } finally {
    db.closeSync();
    for (const f of [dbFile, `${dbFile}.wal`]) fs.rmSync(f, { force: true });
  }
}

export async function runIngestBench(log: (line: string) => void = console.log) {
  const rows = envInt('BENCH_ROWS', 2_000_000);
  const rssRows = process.env.BENCH_RSS_ROWS === '0' ? 0 : envInt('BENCH_RSS_ROWS', 10_000_000);
  const senders = envInt('BENCH_SENDERS', 2);
  const batchRows = envInt('BENCH_BATCH', 10_000);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'almanac-bench-ingest-'));
  try {
    const files = { ndjson: path.join(workDir, 'rows.ndjson'), csv: path.join(workDir, 'rows.csv') };
    let t0 = performance.now();
    const written = writeRowFiles(rows, files);
    log(`ingest: wrote ${rows} rows (NDJSON ${round(written.bytes.ndjson / 1e6)} MB, CSV ${round(written.bytes.csv / 1e6)} MB) in ${round((performance.now() - t0) / 1000, 1)} s`);

    const http: HttpIngestRun[] = [];
    const baseline: BaselineRun[] = [];
    for (const format of ['ndjson', 'csv'] as const) {
      // The DuckDB baseline runs just before and just after the HTTP run, so drift in
      // the machine's load hits both sides; its rate is taken from the mean time.
      const before = await duckdbLoadSeconds(files[format], format, workDir);
      http.push(await ingestOverHttp(files[format], format, rows, workDir, senders, batchRows));
      log(`ingest: HTTP ${format} ${http.at(-1)!.seconds} s, ${http.at(-1)!.rowsPerSec} rows/s, peak RSS ${http.at(-1)!.peakRssMiB} MiB`);
      const after = await duckdbLoadSeconds(files[format], format, workDir);
      if (before.rows !== rows || after.rows !== rows) throw new Error(`DuckDB read ${before.rows}/${after.rows} rows, expected ${rows}`);
      const reader = format === 'ndjson' ? 'read_json' : 'read_csv';
      baseline.push({ format, reader, rows, seconds: [before.seconds, after.seconds], rowsPerSec: Math.round(rows / ((before.seconds + after.seconds) / 2)) });
      log(`ingest: DuckDB ${reader} ${before.seconds} s before, ${after.seconds} s after`);
    }
    const throughput = http.map((h, i) => ({
      format: h.format, rows: h.rows, almanacRowsPerSec: h.rowsPerSec, duckdbRowsPerSec: baseline[i].rowsPerSec,
      ratio: round(h.rowsPerSec / baseline[i].rowsPerSec, 3), target: 0.5, met: h.rowsPerSec / baseline[i].rowsPerSec >= 0.5,
    }));
    for (const f of Object.values(files)) fs.rmSync(f, { force: true });

    let memory: (HttpIngestRun & { targetMiB: number; met: boolean }) | undefined;
    if (rssRows > 0) {
      const big = path.join(workDir, 'big.ndjson');
      t0 = performance.now();
      const w = writeRowFiles(rssRows, { ndjson: big }, 43);
      log(`ingest: wrote ${rssRows} NDJSON rows (${round(w.bytes.ndjson / 1e6)} MB) in ${round((performance.now() - t0) / 1000, 1)} s`);
      const run = await ingestOverHttp(big, 'ndjson', rssRows, workDir, senders, batchRows);
      fs.rmSync(big, { force: true });
      memory = { ...run, targetMiB: GiB, met: run.peakRssMiB <= GiB };
      log(`ingest: HTTP ndjson ${rssRows} rows ${run.seconds} s, ${run.rowsPerSec} rows/s, peak RSS ${run.peakRssMiB} MiB`);
    }

    const table = formatTable(
      ['ingest', 'rows', 'Almanac rows/s', 'DuckDB rows/s', 'ratio', 'target', 'peak RSS MiB'],
      [
        ...throughput.map((t, i) => [`HTTP ${t.format} vs ${baseline[i].reader}`, t.rows, t.almanacRowsPerSec, t.duckdbRowsPerSec, t.ratio, `≥ 0.5 ${t.met ? 'met' : 'MISSED'}`, http[i].peakRssMiB]),
        ...(memory ? [[`HTTP ndjson, memory`, memory.rows, memory.rowsPerSec, '', '', `≤ 1024 MiB ${memory.met ? 'met' : 'MISSED'}`, memory.peakRssMiB]] : []),
      ],
    );
    return { name: 'ingest', config: { rows, rssRows, senders, batchRows }, http, baseline, throughput, memory, table };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
