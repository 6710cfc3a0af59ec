/**
 * Forecast accuracy on M3 (../shared/data/m3) and forecast speed.
 *
 *   node --import tsx bench/forecast/run.ts [--limit N] [--models a,b,…] [--dev] [--no-hourly]
 *
 * For every series: `forecast()` with `model: 'auto'` and with each single model
 * (the season given by the M3 frequency), scored on the held-out test values by
 * sMAPE, MASE and OWA (relative to Naive2, computed here by the harness's own
 * code in m3.ts) per frequency and overall, plus the empirical coverage of the
 * 80 % and 95 % intervals and the time per series. Then the time of an `auto`
 * forecast (season detected) of a 1,000-point hourly series.
 *
 * --limit N   the first N series of each frequency
 * --dev       design split: never reads the test files; each training series'
 *             last h values are the target (what `auto` and the intervals were
 *             designed on)
 * Writes bench/out/forecast.json (forecast-dev.json with --dev; a -limitN suffix
 * with --limit, so a partial run never overwrites the full results).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mase, maseScale, smape } from '../../src/analytics/forecast/accuracy.js';
import { forecast, type ForecastResult } from '../../src/analytics/forecast/forecast.js';
import { MODEL_NAMES } from '../../src/analytics/forecast/models.js';
import type { ModelName } from '../../src/analytics/forecast/types.js';
import { hourlySeries } from './hourly.js';
import { FREQUENCIES, loadM3, naive2Reference, type Frequency, type M3Series } from './m3.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.resolve(here, '../../../shared/data/m3');
const outDir = path.resolve(here, '../out');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Tally { smape: number; mase: number; n: number; in80: number; in95: number; points: number; ms: number; width95: number }
const newTally = (): Tally => ({ smape: 0, mase: 0, n: 0, in80: 0, in95: 0, points: 0, ms: 0, width95: 0 });
type Method = ModelName | 'auto' | 'naive2 (harness)';
const KEYS = [...(Object.keys(FREQUENCIES) as Frequency[]), 'All'] as const;
type Key = (typeof KEYS)[number];

function timeHourly(): { ms: { median: number; min: number; max: number }; seasons: number[]; models: { name: string; weight: number }[]; horizon: number } {
  const y = hourlySeries();
  forecast(y, { horizon: 48 }); // warm-up (JIT, WebAssembly instantiation)
  const times: number[] = [];
  let last: ForecastResult | undefined;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    last = forecast(y, { horizon: 48 });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { ms: { median: r(times[3]), min: r(times[0]), max: r(times[6]) }, seasons: last!.seasons, models: last!.models.map((m) => ({ name: m.name, weight: Math.round(m.weight * 1000) / 1000 })), horizon: 48 };
}

function main(): void {
  const dev = process.argv.includes('--dev');
  const limit = Number(arg('--limit') ?? Number.POSITIVE_INFINITY);
  const models = (arg('--models')?.split(',') ?? MODEL_NAMES.filter((m) => m !== 'mstl')) as ModelName[];
  const unknown = models.filter((m) => !MODEL_NAMES.includes(m));
  if (unknown.length) throw new Error(`unknown model(s): ${unknown.join(', ')}`);
  const methods: Method[] = ['naive2 (harness)', 'auto', ...models];

  const all = loadM3(dataDir, { dev });
  const series: M3Series[] = [];
  for (const f of Object.keys(FREQUENCIES) as Frequency[]) series.push(...all.filter((s) => s.frequency === f).slice(0, limit));

  const tallies = new Map<Method, Record<Key, Tally>>(methods.map((m) => [m, Object.fromEntries(KEYS.map((k) => [k, newTally()])) as Record<Key, Tally>]));
  let naive2Mismatch = 0;
  const autoWeights = new Map<string, number>();
  const started = performance.now();
  series.forEach((s, idx) => {
    const scale = maseScale(s.train, s.season);
    const record = (method: Method, f: number[], ms: number, r?: ForecastResult) => {
      for (const key of [s.frequency, 'All'] as Key[]) {
        const t = tallies.get(method)![key];
        t.smape += smape(s.test, f);
        t.mase += mase(s.test, f, scale);
        t.n++;
        t.ms += ms;
        if (r) {
          s.test.forEach((v, k) => {
            t.in80 += +(v >= r.lower80[k] && v <= r.upper80[k]);
            t.in95 += +(v >= r.lower95[k] && v <= r.upper95[k]);
            t.width95 += (r.upper95[k] - r.lower95[k]) / Math.max(1e-9, Math.abs(v));
            t.points++;
          });
        }
      }
    };
    const ref = naive2Reference(s.train, s.season, s.horizon);
    record('naive2 (harness)', ref, 0);
    for (const method of ['auto', ...models] as (ModelName | 'auto')[]) {
      const t0 = performance.now();
      const r = forecast(s.train, { horizon: s.horizon, season: s.season, model: method });
      const ms = performance.now() - t0;
      record(method, r.point, ms, r);
      if (method === 'naive2' && r.point.some((v, k) => Math.abs(v - ref[k]) > 1e-6 * Math.max(1, Math.abs(ref[k])))) naive2Mismatch++;
      if (method === 'auto') for (const m of r.models) autoWeights.set(`${s.frequency}:${m.name}`, (autoWeights.get(`${s.frequency}:${m.name}`) ?? 0) + m.weight);
    }
    if ((idx + 1) % 250 === 0) console.error(`  ${idx + 1}/${series.length} series, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  });

  const ref = tallies.get('naive2 (harness)')!;
  const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
  const results = methods.map((method) => {
    const t = tallies.get(method)!;
    const byKey = Object.fromEntries(KEYS.map((k) => {
      const a = t[k];
      const r = ref[k];
      const sm = a.smape / a.n, ma = a.mase / a.n;
      const owa = 0.5 * (sm / (r.smape / r.n) + ma / (r.mase / r.n));
      return [k, {
        series: a.n, smape: round(sm, 3), mase: round(ma, 4), owa: round(owa, 4),
        coverage80: a.points ? round((100 * a.in80) / a.points, 1) : null,
        coverage95: a.points ? round((100 * a.in95) / a.points, 1) : null,
        msPerSeries: round(a.ms / a.n, 2),
      }];
    }));
    return { method, ...byKey } as { method: Method } & Record<Key, { series: number; smape: number; mase: number; owa: number; coverage80: number | null; coverage95: number | null; msPerSeries: number }>;
  });

  const hourly = process.argv.includes('--no-hourly') ? null : timeHourly();
  const singles = results.filter((r) => r.method !== 'auto' && r.method !== 'naive2 (harness)');
  const autoRow = results.find((r) => r.method === 'auto')!;
  const theta = results.find((r) => r.method === 'theta');
  const bestSingle = singles.reduce((a, b) => (b.All.owa < a.All.owa ? b : a));
  const checks = {
    autoBeatsEverySingleModel: singles.every((r) => autoRow.All.owa < r.All.owa),
    bestSingleModel: { method: bestSingle.method, owa: bestSingle.All.owa },
    autoVsTheta: theta ? round(100 * (1 - autoRow.All.owa / theta.All.owa), 2) : null,
    autoAtLeast3PctBelowTheta: theta ? autoRow.All.owa <= 0.97 * theta.All.owa : null,
    autoCoverage80Within5: autoRow.All.coverage80 !== null && Math.abs(autoRow.All.coverage80 - 80) <= 5,
    autoCoverage95Within5: autoRow.All.coverage95 !== null && Math.abs(autoRow.All.coverage95 - 95) <= 5,
    naive2ModelMatchesHarness: naive2Mismatch === 0,
    hourlyAutoUnder250ms: hourly ? hourly.ms.median <= 250 : null,
  };

  const header = `${'method'.padEnd(18)}${KEYS.map((k) => `${k} sMAPE/MASE/OWA`.padStart(27)).join('')}${'cov80/95'.padStart(12)}${'ms/series'.padStart(11)}`;
  const lines = results.map((r) =>
    r.method.padEnd(18) +
    KEYS.map((k) => `${r[k].smape.toFixed(2)}/${r[k].mase.toFixed(3)}/${r[k].owa.toFixed(3)}`.padStart(27)).join('') +
    (r.All.coverage80 === null ? '' : `${r.All.coverage80}/${r.All.coverage95}`).padStart(12) +
    r.All.msPerSeries.toFixed(1).padStart(11),
  );
  const covLines = ['auto', ...models].map((m) => {
    const r = results.find((x) => x.method === m)!;
    return `${m.padEnd(18)}${KEYS.map((k) => `${r[k].coverage80}/${r[k].coverage95}`.padStart(14)).join('')}`;
  });
  const weights = (Object.keys(FREQUENCIES) as Frequency[]).map((f) => {
    const n = autoRow[f].series;
    const ws = [...autoWeights].filter(([k]) => k.startsWith(`${f}:`)).map(([k, w]) => [k.split(':')[1], w / n] as const).sort((a, b) => b[1] - a[1]);
    return `${f.padEnd(10)} ${ws.map(([m, w]) => `${m} ${(100 * w).toFixed(0)}%`).join(', ')}`;
  });
  const table = [
    `M3 ${dev ? 'DEV split (training data only: last h of each training series as target)' : 'test set'}, ${series.length} series`,
    header, ...lines, '',
    `interval coverage (%), 80/95 ${KEYS.map((k) => k.padStart(14)).join('')}`, ...covLines, '',
    'mean auto weight per model', ...weights, '',
    hourly ? `hourly auto forecast (1,000 points, h=48, season detected ${JSON.stringify(hourly.seasons)}): median ${hourly.ms.median} ms (min ${hourly.ms.min}, max ${hourly.ms.max})` : '',
    `checks: ${JSON.stringify(checks)}`,
  ].join('\n');
  console.log(table);

  fs.mkdirSync(outDir, { recursive: true });
  // A partial run never overwrites the full results.
  const file = path.join(outDir, `forecast${dev ? '-dev' : ''}${Number.isFinite(limit) ? `-limit${limit}` : ''}.json`);
  fs.writeFileSync(file, JSON.stringify({
    date: new Date().toISOString(), split: dev ? 'dev' : 'test', limit: Number.isFinite(limit) ? limit : null,
    machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadavg: os.loadavg() },
    seconds: Math.round((performance.now() - started) / 100) / 10,
    results, hourly, checks,
  }, null, 2) + '\n');
  console.log(`results: ${path.relative(process.cwd(), file)}`);
}

main();
