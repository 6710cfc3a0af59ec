import { describe, expect, it } from 'vitest';
import { explainRatioChange } from './explain-ratio.js';
import type { RatioRow } from './types.js';

const row = (group: string, n0: number, d0: number, n1: number, d1: number): RatioRow => ({
  group,
  before: { numerator: n0, denominator: d0 },
  after: { numerator: n1, denominator: d1 },
});

describe('explainRatioChange', () => {
  it('a pure rate change: eu errors go from 1% to 4%, traffic unchanged', () => {
    const r = explainRatioChange([row('eu', 10, 1000, 40, 1000), row('us', 30, 3000, 30, 3000)]);
    // Overall 40/4000 = 1% → 70/4000 = 1.75%; eu carries the whole change, all rate effect.
    expect(r.rateBefore).toBeCloseTo(0.01, 15);
    expect(r.rateAfter).toBeCloseTo(0.0175, 15);
    expect(r.totalChange).toBeCloseTo(0.0075, 15);
    expect(r.mixEffect).toBeCloseTo(0, 15);
    expect(r.contributions[0]).toMatchObject({ group: 'eu', rateBefore: 0.01, rateAfter: 0.04, weightBefore: 0.25, weightAfter: 0.25 });
    expect(r.contributions[0].rateEffect).toBeCloseTo(0.03 * 0.25, 15);
    expect(r.contributions[0].share).toBeCloseTo(1, 12);
    expect(r.summary).toMatchInlineSnapshot(`"eu accounts for 100% of the increase (mostly its own rate changing)."`);
  });

  it('a pure mix change: rates fixed, traffic moves to the worse group (Simpson-style)', () => {
    // eu 5%, us 1% in both periods; eu's share of traffic grows from 20% to 60%.
    const r = explainRatioChange([row('eu', 10, 200, 30, 600), row('us', 8, 800, 4, 400)]);
    const R0 = 18 / 1000;
    const R1 = 34 / 1000;
    expect(r.totalChange).toBeCloseTo(R1 - R0, 15);
    expect(r.rateEffect).toBeCloseTo(0, 15);
    const Rbar = (R0 + R1) / 2;
    // Hand values: mix = (w1 − w0)(r − R̄), R̄ = 0.026: eu 0.4 × 0.024 = 0.0096, us 0.4 × 0.016 = 0.0064 → eu 60 %.
    expect(r.contributions.find((c) => c.group === 'eu')!.mixEffect).toBeCloseTo(0.4 * (0.05 - Rbar), 15);
    expect(r.contributions.find((c) => c.group === 'us')!.mixEffect).toBeCloseTo(-0.4 * (0.01 - Rbar), 15);
    expect(r.summary).toMatchInlineSnapshot(`"eu accounts for 60% of the increase (mostly its share of the denominator changing)."`);
  });

  it('rate and mix effects add up to the change exactly, per group and in total (hand-computed Kitagawa split)', () => {
    const rows = [row('a', 12, 400, 30, 500), row('b', 50, 1000, 44, 800), row('c', 3, 100, 9, 300)];
    const r = explainRatioChange(rows);
    const D0 = 1500;
    const D1 = 1600;
    const R0 = 65 / D0;
    const R1 = 83 / D1;
    expect(r.totalChange).toBeCloseTo(R1 - R0, 15);
    expect(r.rateEffect + r.mixEffect).toBeCloseTo(R1 - R0, 15);
    for (const [g, n0, d0, n1, d1] of [['a', 12, 400, 30, 500], ['b', 50, 1000, 44, 800], ['c', 3, 100, 9, 300]] as const) {
      const w0 = d0 / D0;
      const w1 = d1 / D1;
      const r0 = n0 / d0;
      const r1 = n1 / d1;
      const c = r.contributions.find((x) => x.group === g)!;
      expect(c.rateEffect).toBeCloseTo(((r1 - r0) * (w0 + w1)) / 2, 15);
      expect(c.mixEffect).toBeCloseTo((w1 - w0) * ((r0 + r1) / 2 - (R0 + R1) / 2), 15);
      expect(c.contribution).toBeCloseTo(w1 * r1 - w0 * r0 - (w1 - w0) * ((R0 + R1) / 2), 15);
    }
    expect(r.contributions.reduce((s, c) => s + c.share!, 0)).toBeCloseTo(1, 12);
    const abs = r.contributions.map((c) => Math.abs(c.contribution));
    expect(abs).toEqual([...abs].sort((x, y) => y - x));
  });

  it('a group that is new in the second period contributes only through the mix', () => {
    const r = explainRatioChange([row('old', 10, 1000, 10, 1000), row('new', 0, 0, 50, 1000)]);
    const c = r.contributions.find((x) => x.group === 'new')!;
    expect(c).toMatchObject({ rateBefore: null, rateAfter: 0.05, rateEffect: 0 });
    expect(c.contribution).toBeGreaterThan(0);
  });

  it('no net change: shares are null and the summary says what moved', () => {
    const r = explainRatioChange([row('a', 10, 1000, 20, 1000), row('b', 20, 1000, 10, 1000)]);
    expect(r.direction).toBe('none');
    expect(r.contributions.every((c) => c.share === null)).toBe(true);
    expect(r.summary).toMatchInlineSnapshot(`"No net change: a rose and b fell by the same amount."`);
  });

  it('rejects negative denominators and an all-zero period', () => {
    expect(() => explainRatioChange([row('a', 1, -5, 1, 5)])).toThrow(/invalid ratio contribution input/);
    expect(() => explainRatioChange([row('a', 0, 0, 1, 5)])).toThrow(/invalid ratio contribution input/);
  });
});
