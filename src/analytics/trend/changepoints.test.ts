import { describe, expect, it } from 'vitest';
import { detectChangepoints, type ChangeKind } from './changepoints.js';
import { gaussianNoise, levelShifts, slopeChanges } from './fixtures/planted-changes.js';

const HOUR = 3_600_000;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe('detectChangepoints — level shifts', () => {
  it.each(SEEDS)('finds two planted shifts within ±3 points (seed %i)', (seed) => {
    // 10 → 13 at 100 (+3σ), 13 → 11 at 200 (−2σ), σ = 1.
    const r = detectChangepoints(levelShifts(300, [0, 100, 200], [10, 13, 11], 1, seed));
    expect(r.changepoints.map((c) => c.index)).toHaveLength(2);
    const [a, b] = r.changepoints;
    expect(Math.abs(a.index - 100)).toBeLessThanOrEqual(3);
    expect(Math.abs(b.index - 200)).toBeLessThanOrEqual(3);
    expect(a.meanBefore).toBeCloseTo(10, 0);
    expect(a.meanAfter).toBeCloseTo(13, 0);
    expect(b.meanAfter).toBeCloseTo(11, 0);
    expect(a.type).toBe('level');
    expect(a.jump).toBeCloseTo(3, 0);
    expect(r.sigma).toBeGreaterThan(0.8);
    expect(r.sigma).toBeLessThan(1.2);
  });

  it('reports times and keeps segments consistent', () => {
    const y = levelShifts(120, [0, 70], [100, 90], 2, 11);
    const times = y.map((_, i) => Date.UTC(2026, 5, 1) + i * HOUR);
    const r = detectChangepoints(y, { times });
    expect(r.changepoints).toHaveLength(1);
    const cp = r.changepoints[0];
    expect(Math.abs(cp.index - 70)).toBeLessThanOrEqual(3);
    expect(cp.time).toBe(times[cp.index]);
    expect(r.segments.map((s) => [s.start, s.end])).toEqual([[0, cp.index], [cp.index, 120]]);
    expect(r.segments[0].mean).toBeCloseTo(cp.meanBefore, 12);
  });

  it('finds a noiseless step exactly', () => {
    const y = [...Array(20).fill(0), ...Array(20).fill(5)];
    const r = detectChangepoints(y);
    expect(r.changepoints.map((c) => c.index)).toEqual([20]);
    expect(r.changepoints[0].meanAfter).toBe(5);
  });

  it('keeps every segment at least minSegment long', () => {
    const y = levelShifts(200, [0, 50, 56, 150], [0, 6, 0, 4], 1, 3);
    const r = detectChangepoints(y, { minSegment: 10 });
    for (const s of r.segments) expect(s.end - s.start).toBeGreaterThanOrEqual(10);
  });

  it('honours an explicit penalty', () => {
    const y = levelShifts(300, [0, 100, 200], [10, 13, 11], 1, 1);
    expect(detectChangepoints(y, { penalty: 1e6 }).changepoints).toEqual([]);
    expect(detectChangepoints(y, { penalty: 1e6 }).penalty).toBe(1e6);
  });

  it('ignores missing values', () => {
    const y = levelShifts(100, [0, 50], [0, 4], 1, 5);
    y[10] = Number.NaN;
    y[99] = Number.NaN;
    const r = detectChangepoints(y);
    expect(r.warnings.map((w) => w.code)).toContain('dropped-non-finite');
    // Indices refer to the input, missing value included.
    expect(Math.abs(r.changepoints[0].index - 50)).toBeLessThanOrEqual(3);
    expect(r.segments[0].start).toBe(0);
    expect(r.segments.at(-1)!.end).toBe(99);
  });
});

describe('detectChangepoints — slope changes', () => {
  it.each(SEEDS)('finds a planted kink within ±5 points (seed %i)', (seed) => {
    // Slope +0.05/step then −0.05/step from 150, continuous (no jump), σ = 1.
    const r = detectChangepoints(slopeChanges(300, [0, 150], [0.05, -0.05], 10, 1, seed), { kind: 'slope' });
    expect(r.changepoints).toHaveLength(1);
    const cp = r.changepoints[0];
    expect(Math.abs(cp.index - 150)).toBeLessThanOrEqual(5);
    expect(cp.type).toBe('slope');
    expect(Math.abs(cp.slopeBefore - 0.05)).toBeLessThan(0.01);
    expect(Math.abs(cp.slopeAfter + 0.05)).toBeLessThan(0.01);
    expect(Math.abs(cp.jump)).toBeLessThan(1);
  });

  it('finds two kinks and reports slopes per unit of time', () => {
    const y = slopeChanges(300, [0, 100, 200], [0.1, 0, -0.1], 0, 1, 21);
    const times = y.map((_, i) => 1_700_000_000_000 + i * HOUR);
    const r = detectChangepoints(y, { kind: 'slope', times });
    expect(r.changepoints).toHaveLength(2);
    expect(Math.abs(r.changepoints[0].index - 100)).toBeLessThanOrEqual(5);
    expect(Math.abs(r.changepoints[1].index - 200)).toBeLessThanOrEqual(5);
    expect(r.changepoints[0].slopeBefore * HOUR).toBeCloseTo(0.1, 1);
    expect(r.changepoints[1].slopeAfter * HOUR).toBeCloseTo(-0.1, 1);
    expect(r.changepoints[0].time).toBe(times[r.changepoints[0].index]);
  });

  it.each(SEEDS)("'both' finds a jump with a kink as level-and-slope (seed %i)", (seed) => {
    const y = slopeChanges(300, [0, 150], [0.05, -0.05], 10, 1, seed).map((v, i) => v + (i >= 150 ? 5 : 0));
    const r = detectChangepoints(y, { kind: 'both' });
    expect(r.changepoints).toHaveLength(1);
    const cp = r.changepoints[0];
    expect(Math.abs(cp.index - 150)).toBeLessThanOrEqual(3);
    expect(cp.type).toBe('level-and-slope');
    expect(cp.jump).toBeCloseTo(5, 0);
  });

  it.each(SEEDS)("'slope' reports a kink but not a separate pure jump (seed %i)", (seed) => {
    // Jump of +4 at 60, kink at 150.
    const y = slopeChanges(300, [0, 150], [0.05, -0.05], 10, 1, seed).map((v, i) => v + (i >= 60 ? 4 : 0));
    const r = detectChangepoints(y, { kind: 'slope' });
    expect(r.changepoints).toHaveLength(1);
    expect(Math.abs(r.changepoints[0].index - 150)).toBeLessThanOrEqual(5);
    expect(Math.abs(r.changepoints[0].slopeBefore - 0.05)).toBeLessThan(0.015);
    // The jump stays a segment edge, so the slope before the kink is not bent by it.
    expect(r.segments.some((g) => Math.abs(g.start - 60) <= 3)).toBe(true);
    const both = detectChangepoints(y, { kind: 'both' });
    expect(both.changepoints[0].type).toBe('level');
    expect(Math.abs(both.changepoints[0].index - 60)).toBeLessThanOrEqual(3);
  });

  it("'slope' reports nothing for steps without slope changes", () => {
    for (const seed of SEEDS) {
      const r = detectChangepoints(levelShifts(300, [0, 100, 200], [10, 13, 11], 1, seed), { kind: 'slope' });
      expect(r.changepoints, `seed ${seed}`).toEqual([]);
    }
  });

  it("'both' places most pure kinks within ±5 points", () => {
    // A kink with noise sometimes fits better as kink + small jump a few points away;
    // 'both' keeps that reading (measured: 6 of these 8 seeds within ±5, the others within ±15).
    const hits = SEEDS.filter((seed) => {
      const r = detectChangepoints(slopeChanges(300, [0, 150], [0.05, -0.05], 10, 1, seed), { kind: 'both' });
      return r.changepoints.length === 1 && Math.abs(r.changepoints[0].index - 150) <= 5;
    });
    expect(hits.length).toBeGreaterThanOrEqual(6);
    for (const seed of SEEDS) {
      const r = detectChangepoints(slopeChanges(300, [0, 150], [0.05, -0.05], 10, 1, seed), { kind: 'both' });
      expect(Math.abs(r.changepoints[0].index - 150)).toBeLessThanOrEqual(15);
    }
  });

  it("'both' calls a pure level shift a level change", () => {
    const r = detectChangepoints(levelShifts(200, [0, 120], [5, 9], 1, 4), { kind: 'both' });
    expect(r.changepoints.map((c) => c.type)).toEqual(['level']);
  });
});

describe('detectChangepoints — nothing to find', () => {
  const kinds: ChangeKind[] = ['level', 'slope', 'both'];
  const seeds = Array.from({ length: 200 }, (_, i) => i + 1);

  // PELT with a finite penalty has a false-alarm rate, not zero: with the default
  // MBIC penalty we measured ≈ 0.5 % (level) and ≈ 0.9 % (slope/both) of pure-noise
  // series of length 200 with any changepoint (seeds 5001–6000). Pin it at ≤ 2 %.
  it.each(kinds)('flags at most 4 of 200 pure-noise series (%s)', (kind) => {
    const flagged = seeds.filter((seed) => detectChangepoints(gaussianNoise(200, 3, seed).map((v) => 40 + v), { kind }).changepoints.length > 0);
    expect(flagged.length).toBeLessThanOrEqual(4);
  });

  it.each(['slope', 'both'] as const)('finds none in a straight trend with noise (%s)', (kind) => {
    for (const seed of seeds.slice(0, 10)) {
      const y = gaussianNoise(200, 1, seed).map((v, i) => 5 + 0.2 * i + v);
      const r = detectChangepoints(y, { kind });
      expect(r.changepoints, `seed ${seed}`).toEqual([]);
      expect(r.segments[0].slope).toBeCloseTo(0.2, 2);
    }
  });

  it.each([
    { desc: 'constant series', y: Array(50).fill(7), code: 'constant-series' },
    { desc: 'exact line', y: Array.from({ length: 50 }, (_, i) => 2 * i), code: 'constant-series' },
    { desc: 'too short', y: [1, 2, 3, 4, 5, 6], code: 'too-few-points' },
    { desc: 'empty', y: [], code: 'too-few-points' },
  ])('returns no changepoints and a warning: $desc', ({ y, code }) => {
    for (const kind of kinds) {
      const r = detectChangepoints(y, { kind });
      expect(r.changepoints).toEqual([]);
      expect(r.warnings.map((w) => w.code)).toContain(code);
      expect(r.segments).toHaveLength(y.length > 0 ? 1 : 0);
    }
  });
});
