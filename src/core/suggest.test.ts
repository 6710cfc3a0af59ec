import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './suggest.js';

describe('didYouMean', () => {
  it.each([
    ['one typo in a long name', 'durration_ms', ['duration_ms', 'bytes'], ' (did you mean "duration_ms"?)'],
    ['case differences count as equal', 'Region', ['region'], ' (did you mean "region"?)'],
    ['a one-letter name is not "close" to a two-letter one', 'x', ['ok', 'id'], ''],
    ['nothing close', 'latency', ['region', 'bytes'], ''],
  ])('%s', (_d, name, candidates, expected) => {
    expect(didYouMean(name, candidates)).toBe(expected);
  });

  it('edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
