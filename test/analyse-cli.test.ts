import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../src/packs/random.js';
import { almanac } from './helpers/cli.js';
import { tempDir } from './helpers/server.js';

/** Two hourly series with daily seasonality; `spiky` has one planted spike at row 150. */
function writeSeries(): string {
  const rnd = createRandom(11);
  const lines = ['series,timestamp,value'];
  for (const s of ['spiky', 'trend']) {
    for (let i = 0; i < 240; i++) {
      const v = 100 + 10 * Math.sin((2 * Math.PI * i) / 24) + (s === 'trend' ? 0.3 * i : 0) + (s === 'spiky' && i === 150 ? 80 : 0) + rnd.normal();
      lines.push(`${s},${new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString()},${v.toFixed(3)}`);
    }
  }
  const file = path.join(tempDir(), 'series.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
const read = (text: string) => Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;

describe('almanac forecast / anomalies on files', () => {
  it('forecasts every series with ordered intervals and stamped future steps', { timeout: 60_000 }, () => {
    const input = writeSeries();
    const out = path.join(tempDir(), 'fc.csv');
    const r = almanac(['forecast', '--input', input, '--horizon', '12', '--output', out]);
    expect(r.status, r.stderr).toBe(0);
    const rows = read(fs.readFileSync(out, 'utf8'));
    expect(Object.keys(rows[0])).toEqual(['series', 'step', 'timestamp', 'forecast', 'lower80', 'upper80', 'lower95', 'upper95']);
    expect(rows).toHaveLength(24);
    const trend = rows.filter((x) => x.series === 'trend');
    expect(trend.map((x) => Number(x.step))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(trend[0].timestamp).toBe(new Date(Date.UTC(2026, 0, 1) + 240 * 3_600_000).toISOString());
    for (const x of rows) {
      const [l95, l80, f, u80, u95] = [x.lower95, x.lower80, x.forecast, x.upper80, x.upper95].map(Number);
      expect(l95).toBeLessThanOrEqual(l80 + 1e-9);
      expect(l80).toBeLessThanOrEqual(f + 1e-9);
      expect(f).toBeLessThanOrEqual(u80 + 1e-9);
      expect(u80).toBeLessThanOrEqual(u95 + 1e-9);
    }
    // The trend continues: the forecast one day ahead is above the last day's level.
    const lastDay = 100 + 0.3 * 228;
    expect(Number(trend[11].forecast)).toBeGreaterThan(lastDay);
  });

  it('scores every row in input order and flags the planted spike', { timeout: 60_000 }, () => {
    const input = writeSeries();
    const r = almanac(['anomalies', '--input', input, '--sensitivity', 'medium']);
    expect(r.status, r.stderr).toBe(0);
    const rows = read(r.stdout);
    expect(Object.keys(rows[0])).toEqual(['series', 'timestamp', 'value', 'score', 'is_anomaly', 'expected', 'lower', 'upper']);
    expect(rows).toHaveLength(480);
    const input_ = read(fs.readFileSync(input, 'utf8'));
    expect(rows.map((x) => `${x.series}|${x.timestamp}`)).toEqual(input_.map((x) => `${x.series}|${x.timestamp}`));
    const spike = rows.filter((x) => x.series === 'spiky')[150];
    expect(spike.is_anomaly).toBe('true');
    for (const x of rows) expect(Number(x.score)).toBeGreaterThanOrEqual(0), expect(Number(x.score)).toBeLessThanOrEqual(1);
  });

  it('says what is wrong with a bad file', () => {
    const file = path.join(tempDir(), 'bad.csv');
    fs.writeFileSync(file, 'time,v\n1,2\n');
    const r = almanac(['forecast', '--input', file, '--horizon', '3']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/the header must have columns timestamp and value/);
    const h = almanac(['forecast', '--input', file, '--horizon', '0']);
    expect(h.stderr).toMatch(/--horizon must be an integer from 1 to 10000/);
  });
});
