import { describe, expect, it } from 'vitest';
import { goldenSection } from './golden-section.js';

describe('goldenSection', () => {
  it('finds the minimum of a parabola inside the bracket', () => {
    expect(goldenSection((x) => (x - 0.3) ** 2, 0, 1, 1e-8).x).toBeCloseTo(0.3, 6);
  });

  it('ends at the edge when the minimum is outside', () => {
    expect(goldenSection((x) => x, 0.2, 0.9, 1e-8).x).toBeCloseTo(0.2, 6);
  });
});
