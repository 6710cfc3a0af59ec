import { createStreamingDetector, type Sensitivity } from '../analytics/anomaly/index.js';
import { forecast, type ForecastOptions } from '../analytics/forecast/index.js';
import { readSeriesCsv, toCsv, type SeriesFile } from './series-file.js';

/** The usual spacing of a series' timestamps (median difference), for stamping forecast steps. */
function typicalStep(times: number[]): number {
  const diffs = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  return diffs.length ? diffs[Math.floor(diffs.length / 2)] : 1;
}

function stampFuture(file: SeriesFile, lastTime: number, step: number, k: number): string {
  const t = lastTime + step * k;
  return file.timeKind === 'index' ? String(t) : new Date(t).toISOString();
}

/**
 * Forecast every series of a file; one output row per series and step:
 * `series,step,timestamp,forecast,lower80,upper80,lower95,upper95`.
 */
export function forecastFile(input: string, opts: Pick<ForecastOptions, 'horizon' | 'season' | 'model'>, progress?: (done: number, total: number) => void) {
  const file = readSeriesCsv(input);
  const out: (string | number | null)[][] = [];
  const warnings: string[] = [];
  let done = 0;
  for (const [name, idx] of file.bySeries) {
    const rows = idx.map((i) => file.rows[i]);
    const r = forecast(rows.map((x) => x.value), opts);
    for (const w of r.warnings) warnings.push(`${name || '(series)'}: ${w}`);
    const times = rows.map((x) => x.time);
    const step = typicalStep(times);
    for (let k = 0; k < r.point.length; k++) {
      out.push([name, k + 1, stampFuture(file, times[times.length - 1], step, k + 1), r.point[k], r.lower80[k], r.upper80[k], r.lower95[k], r.upper95[k]]);
    }
    progress?.(++done, file.bySeries.size);
  }
  return { csv: toCsv(['series', 'step', 'timestamp', 'forecast', 'lower80', 'upper80', 'lower95', 'upper95'], out), warnings };
}

/**
 * Score every row with the streaming detector, each series on its own and in
 * time order (a row's score uses only the rows before it); rows come out in
 * input order: `series,timestamp,value,score,is_anomaly,expected,lower,upper`.
 */
export function anomaliesFile(input: string, sensitivity: Sensitivity, progress?: (done: number, total: number) => void) {
  const file = readSeriesCsv(input);
  const out: (string | number | boolean | null)[][] = new Array(file.rows.length);
  let done = 0;
  for (const idx of file.bySeries.values()) {
    const detector = createStreamingDetector({ sensitivity });
    for (const i of idx) {
      const row = file.rows[i];
      const v = detector.update(row.value ?? Number.NaN, file.timeKind === 'iso' ? row.time : undefined);
      out[i] = [row.series, row.timestamp, row.value, v.score, v.isAnomaly, v.expected, v.lower, v.upper];
    }
    progress?.(++done, file.bySeries.size);
  }
  return { csv: toCsv(['series', 'timestamp', 'value', 'score', 'is_anomaly', 'expected', 'lower', 'upper'], out) };
}
