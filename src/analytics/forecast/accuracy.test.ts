import { describe, expect, it } from 'vitest';
import { mase, maseScale, owa, smape } from './accuracy.js';

describe('M4 accuracy measures', () => {
  it('sMAPE', () => {
    // 200·|100−110|/210 = 9.5238…, 200·0/100 = 0
    expect(smape([100, 50], [110, 50])).toBeCloseTo(100 / 21, 10);
    expect(smape([0, 0], [0, 0])).toBe(0);
  });

  it('MASE with a seasonal scale', () => {
    // in-sample |x_t − x_{t−2}|: |3−1|, |4−2|, |5−3| → 2; errors 1 and 3 → mean 2 → MASE 1
    const scale = maseScale([1, 2, 3, 4, 5], 2);
    expect(scale).toBe(2);
    expect(mase([10, 10], [9, 13], scale)).toBe(1);
    expect(Number.isNaN(mase([1], [2], 0))).toBe(true);
  });

  it('MASE scale falls back to lag 1 when the series is not longer than m', () => {
    expect(maseScale([1, 3, 6], 4)).toBe(2.5);
  });

  it('OWA of Naive2 itself is 1', () => {
    expect(owa({ smape: 12, mase: 1.5 }, { smape: 12, mase: 1.5 })).toBe(1);
    expect(owa({ smape: 6, mase: 1.5 }, { smape: 12, mase: 1.5 })).toBe(0.75);
  });
});
