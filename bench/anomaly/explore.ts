/**
 * Development aid for the streaming detector on NAB (run.ts is the benchmark):
 *
 *     node --import tsx bench/anomaly/explore.ts '{"window":120}' [-v]
 *
 * Runs the detector with the given options (JSON) and prints the NAB scores; `-v`
 * adds the per-file breakdown at the standard threshold. Environment: SCALE and
 * OFFSET transform every value (the scores should not move), NOTS=1 withholds the
 * timestamps (periods are then found online).
 */
import { createStreamingDetector, NAB_PROFILES, optimiseNabThreshold, scoreNabAtThreshold } from '../../src/analytics/anomaly/index.js';
import { loadNab } from './nab-data.js';

const options = JSON.parse(process.argv[2] ?? '{}');
const scale = Number(process.env.SCALE ?? 1);
const offset = Number(process.env.OFFSET ?? 0);
const withTimestamps = !process.env.NOTS;
const files = loadNab();
const t0 = performance.now();
const scores = files.map((f) => {
  const d = createStreamingDetector(options);
  const out = new Float64Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = d.update(f.values[i] * scale + offset, withTimestamps ? f.timestamps[i] : undefined).score;
  return out;
});
const seconds = (performance.now() - t0) / 1000;
const best = optimiseNabThreshold(files, scores, ['standard', 'reward_low_FP', 'reward_low_FN']);
const std = best.standard;
if (process.argv.includes('-v')) {
  const detail = scoreNabAtThreshold(files, scores, std.threshold, NAB_PROFILES.standard);
  for (const p of detail.perSeries) console.log(p.name.padEnd(56), p.score.toFixed(2).padStart(7), `tp ${p.tp} fn ${p.fn} fp ${p.fp}`);
}
const points = files.reduce((a, f) => a + f.length, 0);
console.log(
  `standard ${std.normalised.toFixed(1)} (threshold ${std.threshold.toFixed(6)}, tp ${std.truePositives} fn ${std.falseNegatives} fp ${std.falsePositives})`,
  ` reward_low_FP ${best.reward_low_FP.normalised.toFixed(1)}  reward_low_FN ${best.reward_low_FN.normalised.toFixed(1)}`,
  ` ${(points / seconds / 1000).toFixed(0)}k points/s (cold)`,
);
