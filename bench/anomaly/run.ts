/**
 * NAB benchmark of the streaming anomaly detector (standalone):
 *
 *     node --import tsx bench/anomaly/run.ts [path/to/nab-dev]
 *
 * Loads ../shared/data/nab-dev (README there), runs the detector over every file in
 * streaming order (one fresh detector per file, each row scored before it is learnt),
 * scores it with the NAB rule (src/analytics/anomaly/nab-score.ts: probation, windows,
 * sigmoid weights, one corpus-wide threshold per profile tried over every distinct
 * score), checks the scorer (null detector = 0, perfect detector = 100), measures
 * throughput, prints a table and writes bench/out/anomaly.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createSeededRandom,
  createStreamingDetector,
  NAB_PROFILES,
  optimiseNabThreshold,
  scoreNabAtThreshold,
  type NabOutcome,
  type NabProfileName,
  type StreamingDetectorOptions,
} from '../../src/analytics/anomaly/index.js';
import { defaultNabDir, loadNab, type NabFile } from './nab-data.js';

const PROFILES: NabProfileName[] = ['standard', 'reward_low_FP', 'reward_low_FN'];

/** Scores of a fresh detector per file; rows before `start` are not shown to it (score 0). */
function runDetector(files: readonly NabFile[], options: StreamingDetectorOptions = {}, start = 0): Float64Array[] {
  return files.map((f) => {
    const detector = createStreamingDetector(options);
    const out = new Float64Array(f.length);
    for (let i = start; i < f.length; i++) out[i] = detector.update(f.values[i], f.timestamps[i]).score;
    return out;
  });
}

/**
 * How much the score moves under a change that should not matter: starting each
 * stream 0…9 rows later. The NAB score of 39 windows is coarse; this is its noise.
 */
function startOffsetSpread(files: readonly NabFile[]): Record<NabProfileName, { mean: number; sd: number; min: number; max: number }> {
  const runs = Array.from({ length: 10 }, (_, k) => optimiseNabThreshold(files, runDetector(files, {}, k), PROFILES));
  return Object.fromEntries(PROFILES.map((p) => {
    const xs = runs.map((r) => r[p].normalised);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    return [p, { mean: round(mean), sd: round(sd), min: round(Math.min(...xs)), max: round(Math.max(...xs)) }];
  })) as Record<NabProfileName, { mean: number; sd: number; min: number; max: number }>;
}

/** Points per second over the whole corpus: the best of `reps` timed passes after one warm-up pass. */
function throughput(files: readonly NabFile[], reps = 3): { pointsPerSecond: number; points: number; bestSeconds: number } {
  const points = files.reduce((n, f) => n + f.length, 0);
  runDetector(files);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    runDetector(files);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return { pointsPerSecond: points / best, points, bestSeconds: best };
}

/**
 * The threshold chosen on one half of the files and applied to the other half (two
 * folds, files alternating within each category): how much of the score is owed to
 * fitting the threshold to these very files.
 */
function crossValidatedThreshold(files: readonly NabFile[], scores: readonly Float64Array[], profile: NabProfileName): number {
  const fold = files.map((_, i) => i % 2);
  let total = 0;
  for (const f of [0, 1]) {
    const train = files.flatMap((_, i) => (fold[i] !== f ? [i] : []));
    const test = files.flatMap((_, i) => (fold[i] === f ? [i] : []));
    const { threshold } = optimiseNabThreshold(train.map((i) => files[i]), train.map((i) => scores[i]), [profile])[profile];
    total += scoreNabAtThreshold(test.map((i) => files[i]), test.map((i) => scores[i]), threshold, NAB_PROFILES[profile]).score;
  }
  const windows = files.reduce((n, f) => n + f.windows.length, 0);
  const p = NAB_PROFILES[profile];
  return (100 * (total + p.fn * windows)) / (p.tp * windows + p.fn * windows);
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function main() {
  const dir = process.argv[2] ?? defaultNabDir();
  const files = loadNab(dir);
  const windows = files.reduce((n, f) => n + f.windows.length, 0);
  const rows = files.reduce((n, f) => n + f.length, 0);
  console.log(`NAB subset: ${files.length} files, ${rows} rows, ${windows} windows (${dir})`);

  // Scorer sanity: a detector that never fires, and one that fires exactly at each window start.
  const nothing = files.map((f) => new Float64Array(f.length));
  const perfect = files.map((f) => {
    const s = new Float64Array(f.length);
    for (const [start] of f.windows) s[start] = 1;
    return s;
  });
  const nullBest = optimiseNabThreshold(files, nothing, PROFILES);
  const perfectBest = optimiseNabThreshold(files, perfect, PROFILES);
  const sanity = Object.fromEntries(PROFILES.map((p) => [p, { null: round(nullBest[p].normalised, 6), perfect: round(perfectBest[p].normalised, 6) }]));
  const sane = PROFILES.every((p) => Math.abs(nullBest[p].normalised) < 1e-9 && Math.abs(perfectBest[p].normalised - 100) < 1e-9);

  // The detector and two ablations, plus a seeded random detector for scale.
  const variants: { name: string; options?: StreamingDetectorOptions; scores?: Float64Array[] }[] = [
    { name: 'streaming (default)', options: {} },
    { name: 'without alarm suppression', options: { suppression: false } },
    { name: 'without seasonality', options: { periods: [] } },
    {
      name: 'random (seed 1)',
      scores: files.map((f) => {
        const r = createSeededRandom(1);
        return Float64Array.from({ length: f.length }, () => r());
      }),
    },
  ];
  const results = variants.map((v) => {
    const scores = v.scores ?? runDetector(files, v.options);
    const best = optimiseNabThreshold(files, scores, PROFILES);
    return { name: v.name, scores, best };
  });
  const main = results[0];
  const cv = Object.fromEntries(PROFILES.map((p) => [p, round(crossValidatedThreshold(files, main.scores, p))]));
  const spread = startOffsetSpread(files);
  const speed = throughput(files);
  const perFile = scoreNabAtThreshold(files, main.scores, main.best.standard.threshold, NAB_PROFILES.standard).perSeries;

  const fmt = (o: NabOutcome) => `${round(o.normalised).toFixed(1).padStart(5)}`;
  const lines: string[] = [];
  lines.push('');
  lines.push('Detector                      standard  reward_low_FP  reward_low_FN   (normalised NAB score; TP/FP/FN at the standard threshold)');
  for (const r of results) {
    const s = r.best.standard;
    lines.push(`${r.name.padEnd(30)}${fmt(s)}        ${fmt(r.best.reward_low_FP)}          ${fmt(r.best.reward_low_FN)}      ${s.truePositives}/${s.falsePositives}/${s.falseNegatives} (threshold ${s.threshold.toFixed(4)})`);
  }
  lines.push(`${'  threshold from other half'.padEnd(30)}${cv.standard.toFixed(1).padStart(5)}        ${cv.reward_low_FP.toFixed(1).padStart(5)}          ${cv.reward_low_FN.toFixed(1).padStart(5)}      (two folds of files)`);
  const ms = (p: NabProfileName) => `${spread[p].mean.toFixed(1)}±${spread[p].sd.toFixed(1)}`;
  lines.push(`${'  start offset 0…9 rows'.padEnd(28)}${ms('standard').padStart(9)}     ${ms('reward_low_FP').padStart(9)}      ${ms('reward_low_FN').padStart(9)}     (mean ± sd of 10 runs; range ${spread.standard.min}–${spread.standard.max})`);
  lines.push('');
  lines.push(`Scorer sanity: null detector ${PROFILES.map((p) => sanity[p].null).join(' / ')}, perfect detector ${PROFILES.map((p) => sanity[p].perfect).join(' / ')} ${sane ? '(ok)' : '(FAILED)'}`);
  lines.push(`Throughput: ${Math.round(speed.pointsPerSecond).toLocaleString('en-US')} points/s (${speed.points} points in ${speed.bestSeconds.toFixed(3)} s, best of 3 after a warm-up pass)`);
  lines.push('');
  lines.push('Per file at the standard threshold (raw NAB score, TP/FP/FN):');
  for (const f of perFile) lines.push(`  ${f.name.padEnd(58)} ${f.score.toFixed(2).padStart(6)}  ${f.tp}/${f.fp}/${f.fn}`);
  const table = lines.join('\n');
  console.log(table);

  const outDir = path.join(import.meta.dirname, '..', 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'anomaly.json');
  fs.writeFileSync(file, JSON.stringify({
    date: new Date().toISOString(),
    machine: { node: process.version, platform: `${os.type()} ${os.release()} ${os.arch()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadavg: os.loadavg().map((x) => round(x, 2)) },
    corpus: { dir, files: files.length, rows, windows },
    sanity: { ok: sane, ...sanity },
    detectors: results.map((r) => ({
      name: r.name,
      ...Object.fromEntries(PROFILES.map((p) => [p, {
        normalised: round(r.best[p].normalised, 2), raw: round(r.best[p].score, 4), threshold: r.best[p].threshold,
        truePositives: r.best[p].truePositives, falsePositives: r.best[p].falsePositives, falseNegatives: r.best[p].falseNegatives,
      }])),
    })),
    crossValidatedThreshold: cv,
    startOffsetSpread: spread,
    throughput: { pointsPerSecond: Math.round(speed.pointsPerSecond), points: speed.points, seconds: round(speed.bestSeconds, 4) },
    perFileStandard: perFile.map((f) => ({ ...f, score: round(f.score, 4) })),
  }, null, 2) + '\n');
  console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
  if (!sane) process.exitCode = 1;
}

main();
