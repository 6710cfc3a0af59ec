import { describe, expect, it } from 'vitest';
import { createAlarmSuppressor } from './alarm-suppressor.js';

const run = (surprises: number[], options = {}) => {
  const s = createAlarmSuppressor(options);
  return surprises.map((x) => s.next(x));
};

describe('alarm suppressor', () => {
  it.each([
    { description: 'a lone spike passes', input: [0, 5, 0], fired: [1] },
    { description: 'an episode fires once', input: [0, 5, 4, 5, 4.5, 0], fired: [1] },
    { description: 'a much larger escalation fires again', input: [0, 3, 3, 9, 0], fired: [1, 3] },
    { description: 'below arm nothing is armed', input: [1, 1.5, 1.9, 1.2], fired: [] },
    { description: 'after the horizon a new episode fires', input: [5, ...Array(10).fill(0), 5], fired: [0, 11], options: { horizon: 10 } },
  ])('$description', ({ input, fired, options }) => {
    const out = run(input, options);
    const firedAt = out.map((v, i) => (v >= 2 && v === input[i] ? i : -1)).filter((i) => i >= 0);
    expect(firedAt).toEqual(fired);
  });

  it('suppressed points are reported at most at arm / 2', () => {
    const out = run([5, 5, 5, 5], { arm: 2 });
    expect(out.slice(1).every((v) => v <= 1)).toBe(true);
  });

  it('with margin 1 the first crossing of any threshold is never held back', () => {
    const input = [0, 2.5, 3, 2, 3.5, 4, 1, 6, 0];
    const out = run(input, { margin: 1 });
    for (const theta of [2.2, 2.8, 3.2, 3.8, 5]) {
      const firstRaw = input.findIndex((v) => v >= theta);
      const firstOut = out.findIndex((v) => v >= theta);
      expect(firstOut).toBe(firstRaw);
    }
  });
});
