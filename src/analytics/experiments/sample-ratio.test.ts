import { describe, expect, it } from 'vitest';
import { checkSampleRatio } from './sample-ratio.js';
import { refNormalTwoSided } from './fixtures/reference.js';

describe('checkSampleRatio', () => {
  it.each([
    ['balanced', [5000, 5000], 0, false],
    ['slightly off', [5050, 4950], 1, false],
    ['a classic SRM: 50.8 / 49.2 of 100k', [50_800, 49_200], 25.6, true],
  ])('two variants, equal split (%s): χ² and p = 2(1 − Φ(√χ²))', (_d, observed, chi2, mismatch) => {
    const r = checkSampleRatio(observed);
    expect(r.chiSquare).toBeCloseTo(chi2, 10);
    expect(Math.abs(r.pValue - refNormalTwoSided(Math.sqrt(chi2)))).toBeLessThan(1e-6);
    expect(r.mismatch).toBe(mismatch);
  });

  it('three variants: p = e^{−χ²/2} for 2 degrees of freedom', () => {
    const r = checkSampleRatio([1000, 1100, 900]);
    const chi2 = (0 + 100 ** 2 + 100 ** 2) / 1000;
    expect(r.chiSquare).toBeCloseTo(chi2, 12);
    expect(r.pValue).toBeCloseTo(Math.exp(-chi2 / 2), 12);
  });

  it('uses the expected split', () => {
    const r = checkSampleRatio([900, 100], [9, 1]);
    expect(r.expected).toEqual([900, 100]);
    expect(r.pValue).toBeCloseTo(1, 12);
  });
});

describe('checkSampleRatio input', () => {
  it('lists every problem', () => {
    try {
      checkSampleRatio([10, -1, 2.5], [1, 1]);
      expect.unreachable();
    } catch (e) {
      expect((e as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['observed[1]', 'observed[2]', 'expectedSplit']);
    }
  });
});
