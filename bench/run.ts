/**
 * Benchmarks: `npm run bench` runs ingest, query, anomaly (NAB) and forecast (M3);
 * `npm run bench -- ingest` (or query, anomaly, forecast) runs one; `npm run bench -- ingest-parts` runs the ingest cost breakdown (a diagnostic).
 * Prints a table per benchmark and writes bench/out/<name>-<timestamp>.json.
 * Sizes come from the environment (see each benchmark's header comment):
 * BENCH_ROWS, BENCH_RSS_ROWS, BENCH_SENDERS, BENCH_BATCH, BENCH_QUERY_ROWS, BENCH_QUERY_RUNS,
 * BENCH_PARTS_ROWS, BENCH_PARTS_REPEATS. BENCH_COMMIT names the code when running from a copy outside git.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runIngestPartsBench } from './ingest-parts.js';
import { runIngestBench } from './ingest.js';
import { runQueryBench } from './query.js';
import { runNotifyBench } from './notify.js';

type Bench = (log: (line: string) => void) => Promise<{ name: string; table: string }>;

const here = path.dirname(fileURLToPath(import.meta.url));

/** A standalone accuracy benchmark (bench/<name>/run.ts), run in its own process; its output is its table. */
function standalone(name: string): Bench {
  return async (log) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(here, name, 'run.ts')], { cwd: path.join(here, '..'), encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    for (const line of out.trimEnd().split('\n')) log(line);
    return { name, table: out.trimEnd() };
  };
}

const BENCHES: Record<string, Bench> = {
  ingest: runIngestBench,
  query: runQueryBench,
  anomaly: standalone('anomaly'),
  forecast: standalone('forecast'),
  alerts: standalone('alerts'),
  'ingest-parts': runIngestPartsBench,
  live: standalone('live'),
  notify: runNotifyBench,
};
/** Run when no benchmark is named; the others are diagnostics, run by name. */
const DEFAULT = ['ingest', 'query', 'anomaly', 'forecast'];

const outDir = path.join(here, 'out');

function machine() {
  // BENCH_COMMIT names the code when running from a copy of the tree (outside git).
  let commit = process.env.BENCH_COMMIT;
  let srcDirty: boolean | undefined;
  try {
    commit ??= execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    srcDirty = execFileSync('git', ['status', '--porcelain', '--', '../src'], { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
  } catch { /* not a git checkout */ }
  const pkg = JSON.parse(fs.readFileSync(path.join(here, '..', 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8')) as { version: string };
  return {
    node: process.version, duckdbNodeApi: pkg.version, platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), commit, srcDirty,
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

async function main() {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(a in BENCHES));
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(', ')}; choose from: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  const names = asked.length ? asked : DEFAULT;
  fs.mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const tables: string[] = [];
  for (const name of names) {
    const before = machine();
    const started = performance.now();
    const result = await BENCHES[name]((line) => console.log(line));
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const file = path.join(outDir, `${name}-${stamp}.json`);
    fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine: before, loadavgAfter: os.loadavg(), seconds, ...result }, null, 2) + '\n');
    tables.push(`== ${name} (${seconds} s) ==\n${result.table}\nresults: ${path.relative(process.cwd(), file)}`);
    console.log(`\n${tables.at(-1)}\n`);
  }
  if (tables.length > 1) console.log(`\n${tables.join('\n\n')}`);
}

await main();
