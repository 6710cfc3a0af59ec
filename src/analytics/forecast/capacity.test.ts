import { describe, expect, it } from 'vitest';
import { whenCrosses } from './capacity.js';

const rising = {
  point: [80, 84, 88, 92, 96],
  lower80: [78, 81, 84, 87, 90],
  upper80: [82, 87, 92, 97, 102],
  lower95: [76, 78, 80, 82, 84],
  upper95: [84, 90, 96, 102, 108],
};

describe('whenCrosses', () => {
  it.each([
    { what: 'upward, 95 %', threshold: 90, direction: 'above', level: 95, want: { earliest: 2, likely: 4, latest: null } },
    { what: 'upward, 80 %', threshold: 90, direction: 'above', level: 80, want: { earliest: 3, likely: 4, latest: 5 } },
    { what: 'already above at step 1', threshold: 70, direction: 'above', level: 95, want: { earliest: 1, likely: 1, latest: 1 } },
    { what: 'out of reach', threshold: 200, direction: 'above', level: 95, want: { earliest: null, likely: null, latest: null } },
    { what: 'downward', threshold: 79, direction: 'below', level: 95, want: { earliest: 1, likely: null, latest: null } },
  ] as const)('$what', ({ threshold, direction, level, want }) => {
    const c = whenCrosses(rising, threshold, direction, level);
    expect({ earliest: c.earliest, likely: c.likely, latest: c.latest }).toEqual(want);
  });

  it('says it in a sentence', () => {
    expect(whenCrosses(rising, 90, 'above').summary).toBe('likely reaches 90 at step 4 (earliest 2; the 95 % lower bound does not within 5 steps)');
    expect(whenCrosses(rising, 200, 'above').summary).toBe('not within the horizon: even the 95 % upper bound does not reach 200 in 5 steps');
    expect(whenCrosses(rising, 100, 'above').summary).toBe('unlikely within the horizon: the forecast stays below 100 for 5 steps, but the 95 % bound reaches it at step 4');
  });
});
