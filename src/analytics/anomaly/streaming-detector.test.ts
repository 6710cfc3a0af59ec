import { describe, expect, it } from 'vitest';
import { isAlmanacError } from '../../core/errors.js';
import { normalNoise, seasonalSeries, timestamps } from './fixtures/series.js';
import { createStreamingDetector, type StreamingDetectorOptions, type StreamingVerdict } from './streaming-detector.js';

const HOUR = 3_600_000;

function run(values: ArrayLike<number>, ts?: ArrayLike<number>, options?: StreamingDetectorOptions): StreamingVerdict[] {
  const d = createStreamingDetector(options);
  return Array.from({ length: values.length }, (_, i) => d.update(values[i], ts?.[i]));
}

const flagged = (verdicts: StreamingVerdict[], from = 0) => verdicts.map((v, i) => (v.isAnomaly && i >= from ? i : -1)).filter((i) => i >= 0);

describe('streaming detector', () => {
  it('flags planted spikes on a daily-seasonal hourly series, at their positions', () => {
    const spikes = [{ at: 900, size: 12 }, { at: 1300, size: -12 }, { at: 1700, size: 15 }];
    const values = seasonalSeries({ n: 2000, period: 24, amplitude: 20, sigma: 1, seed: 3, spikes });
    // A calibration horizon shorter than the gaps between spikes: each spike is new.
    const v = run(values, timestamps(2000, HOUR), { sensitivity: 'low', calibrationHorizon: 300 });
    expect(flagged(v, 500)).toEqual([900, 1300, 1700]);
    expect(v[900].direction).toBe('up');
    expect(v[1300].direction).toBe('down');
    expect(v[900].period % 24).toBe(0);
    // Expected is the seasonal value, not the spike: within the noise of the planted profile.
    const truth = 100 + 20 * Math.sin((2 * Math.PI * 900) / 24);
    expect(Math.abs(v[900].expected - truth)).toBeLessThan(3);
    expect(values[900]).toBeGreaterThan(v[900].upper);
    expect(values[1300]).toBeLessThan(v[1300].lower);
    expect(v[900].deviation).toBeCloseTo(values[900] - v[900].expected, 12);
  });

  it("judges a point against the metric's own history: a recurring spike is less surprising than the first", () => {
    const spikes = [{ at: 900, size: 12 }, { at: 1300, size: -12 }, { at: 1700, size: 12 }];
    const values = seasonalSeries({ n: 2000, period: 24, amplitude: 20, sigma: 1, seed: 3, spikes });
    const v = run(values, timestamps(2000, HOUR));
    expect(v[900].isAnomaly).toBe(true);
    expect(v[900].score).toBeGreaterThan(v[1300].score);
    expect(v[1300].score).toBeGreaterThan(v[1700].score);
    const others = v.filter((_, i) => i > 500 && !spikes.some((s) => s.at === i));
    expect(v[1300].score).toBeGreaterThan(Math.max(...others.map((r) => r.score)));
  });

  it('flags a level shift at its onset, once', () => {
    const values = seasonalSeries({ n: 3000, period: 0, sigma: 1, seed: 8, shifts: [{ at: 2000, size: 10 }] });
    const v = run(values, undefined, { sensitivity: 'low' });
    expect(flagged(v, 600)).toEqual([2000]);
    expect(v[2000].direction).toBe('up');
    // The raw score stays high while the new level is unusual; the reported score is suppressed.
    expect(v[2001].rawScore).toBeGreaterThan(v[2001].score);
  });

  it('detects a seasonal period online without timestamps and flags an out-of-phase value', () => {
    const n = 3000;
    const values = seasonalSeries({ n, period: 50, amplitude: 10, sigma: 0.5, seed: 2 });
    // At a crest (t ≡ 12.5 mod 50), put the trough value: inside the series' range, wrong for the phase.
    values[2562] = 100 - 10;
    const v = run(values, undefined, { sensitivity: 'low' });
    expect(v[2500].period).toBe(50);
    expect(flagged(v, 1000)).toEqual([2562]);
    expect(v[2562].direction).toBe('down');
  });

  it('constant series: no false alarms and no NaN anywhere', () => {
    for (const value of [0, 42, -3.5]) {
      const v = run(new Float64Array(3000).fill(value), timestamps(3000, 300_000), { sensitivity: 'high' });
      expect(flagged(v)).toEqual([]);
      const bad = v.filter((r) => [r.score, r.rawScore, r.expected, r.lower, r.upper, r.deviation].some(Number.isNaN) || r.score !== 0 || r.direction !== 'none');
      expect(bad).toEqual([]);
    }
  });

  it('a change after a long constant stretch is flagged with a finite score', () => {
    const values = new Float64Array(1200).fill(5);
    values[1100] = 6;
    const v = run(values);
    expect(flagged(v)).toEqual([1100]);
    expect(v[1100].score).toBeLessThanOrEqual(1);
    expect(Number.isFinite(v[1100].lower)).toBe(true);
  });

  it('never uses future points: a prefix scores exactly as in the full run', () => {
    const values = seasonalSeries({ n: 2500, period: 24, sigma: 2, seed: 5, spikes: [{ at: 2000, size: 20 }], shifts: [{ at: 2200, size: 8 }] });
    const ts = timestamps(2500, HOUR);
    const full = run(values, ts);
    for (const cut of [1, 17, 500, 1999, 2000, 2201]) {
      expect(run(values.subarray(0, cut), ts.subarray(0, cut))).toEqual(full.slice(0, cut));
    }
  });

  it('scores stay in [0, 1] and isAnomaly follows the sensitivity', () => {
    const e = normalNoise(4);
    const values = Float64Array.from({ length: 3000 }, (_, t) => e() * (t > 2500 ? 5 : 1));
    const by = (sensitivity: 'low' | 'medium' | 'high') => flagged(run(values, undefined, { sensitivity })).length;
    expect(run(values).filter((r) => !(r.score >= 0 && r.score <= 1 && r.rawScore >= r.score - 1e-12))).toEqual([]);
    expect(by('low')).toBeLessThanOrEqual(by('medium'));
    expect(by('medium')).toBeLessThanOrEqual(by('high'));
  });

  it('missing values get score 0 and do not disturb the model; timestamp gaps keep the season aligned', () => {
    const n = 1500;
    const values = seasonalSeries({ n, period: 24, amplitude: 20, sigma: 0.5, seed: 6 });
    const ts = timestamps(n, HOUR);
    const d = createStreamingDetector({ sensitivity: 'low' });
    const out: StreamingVerdict[] = [];
    for (let i = 0; i < n; i++) {
      if (i >= 1000 && i < 1010) continue; // ten hours missing entirely
      out.push(d.update(i === 700 ? Number.NaN : values[i], ts[i]));
    }
    expect(out[700].score).toBe(0);
    expect(out.filter((r, k) => r.isAnomaly && k > 600)).toEqual([]);
  });

  it('jittery timestamps still give the daily period', () => {
    const n = 1200;
    const values = seasonalSeries({ n, period: 24, amplitude: 20, sigma: 0.5, seed: 12, spikes: [{ at: 1000, size: 10 }] });
    const jitter = normalNoise(1);
    const ts = Float64Array.from(timestamps(n, HOUR), (t) => t + Math.round(jitter() * 5000));
    const v = run(values, ts, { sensitivity: 'low' });
    expect(v[900].period % 24).toBe(0);
    expect(v[900].period).toBeGreaterThan(0);
    expect(flagged(v, 400)).toEqual([1000]);
  });

  it('rejects invalid options, listing every problem', () => {
    try {
      createStreamingDetector({ window: 3, periods: [1.5], sensitivity: 'extreme' as never });
      expect.unreachable();
    } catch (e) {
      expect(isAlmanacError(e) && e.code).toBe('bad_request');
      expect(isAlmanacError(e) && e.issues.map((i) => i.path)).toEqual(['window', 'sensitivity', 'periods[0]']);
    }
  });
});
