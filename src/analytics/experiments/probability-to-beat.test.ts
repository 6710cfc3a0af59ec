import { describe, expect, it } from 'vitest';
import {
  conversionPosterior,
  probabilityBetaExceedsByIntegration,
  probabilityBetaExceedsBySum,
  probabilityToBeatConversion,
  probabilityToBeatMean,
} from './probability-to-beat.js';
import { refNormalCdf, simpson } from './fixtures/reference.js';

describe('probability to beat control (Beta posteriors)', () => {
  it('is 5/6 for A ~ Beta(1, 2), B ~ Beta(2, 1) (by hand: ∫ 2x·(2x − x²) dx)', () => {
    expect(probabilityToBeatConversion({ alpha: 1, beta: 2 }, { alpha: 2, beta: 1 })).toBeCloseTo(5 / 6, 12);
  });

  it('is ½ for identical posteriors', () => {
    const p = conversionPosterior(200, 37);
    expect(probabilityToBeatConversion(p, p)).toBeCloseTo(0.5, 10);
  });

  it.each([
    ['small counts', [20, 3], [25, 8]],
    ['moderate counts', [1000, 100], [1000, 120]],
    ['lopsided sizes', [5000, 260], [400, 17]],
  ])('sum, integration and direct double quadrature agree to 1e-6 (%s)', (_d, [nA, cA], [nB, cB]) => {
    const a = conversionPosterior(nA, cA);
    const b = conversionPosterior(nB, cB);
    const bySum = probabilityBetaExceedsBySum(a, b);
    expect(Math.abs(bySum - probabilityBetaExceedsByIntegration(a, b))).toBeLessThan(1e-6);
    expect(Math.abs(bySum + probabilityBetaExceedsBySum(b, a) - 1)).toBeLessThan(1e-9);
    expect(probabilityToBeatConversion(a, b)).toBeCloseTo(bySum, 10);
  });

  it('agrees with the normal approximation for very large counts (integration path)', () => {
    const a = conversionPosterior(2_000_000, 200_000);
    const b = conversionPosterior(2_000_000, 200_600);
    const p = probabilityToBeatConversion(a, b);
    const pa = 0.1;
    const pb = 200_600 / 2_000_000;
    const approx = refNormalCdf((pb - pa) / Math.sqrt((pa * (1 - pa) + pb * (1 - pb)) / 2_000_000));
    expect(Math.abs(p - approx)).toBeLessThan(2e-3);
    expect(simpson((x) => x, 0, 1)).toBeCloseTo(0.5, 12);
  });

  it('uses normal posteriors for means', () => {
    expect(probabilityToBeatMean(10, 1, 11, 1)).toBeCloseTo(refNormalCdf(1 / Math.SQRT2), 9);
    expect(probabilityToBeatMean(5, 0, 5, 0)).toBe(0.5);
  });
});
