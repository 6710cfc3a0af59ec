import { describe, expect, it } from 'vitest';
import { backoffDelay, nextAttempt } from './backoff.js';

const opts = { baseMs: 100, capMs: 1000 };

describe('backoffDelay (full jitter)', () => {
  it.each([
    ['first failure: up to base', 1, 100],
    ['second: up to 2 × base', 2, 200],
    ['fourth: up to 8 × base', 4, 800],
    ['fifth: capped', 5, 1000],
    ['very many: capped, finite', 5000, 1000],
  ])('%s', (_d, failures, ceiling) => {
    // random() → just under 1 gives the ceiling (floored); 0 gives 0.
    expect(backoffDelay(failures, opts, () => 0.999999)).toBe(ceiling - 1);
    expect(backoffDelay(failures, opts, () => 0)).toBe(0);
    expect(backoffDelay(failures, opts, () => 0.5)).toBe(Math.floor(ceiling / 2));
  });

  it('spreads retries uniformly below the ceiling (mean ≈ ceiling / 2)', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const xs = Array.from({ length: 20_000 }, () => backoffDelay(3, opts, rnd));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(400);
    // Uniform on [0, 400): mean 199.5, sd of the mean ≈ 115 / √20000 ≈ 0.8.
    expect(Math.abs(mean - 199.5)).toBeLessThan(5);
  });
});

describe('nextAttempt', () => {
  const o = { ...opts, maxAgeMs: 10_000 };
  it('schedules within the backoff window while young', () => {
    expect(nextAttempt(5000, 0, 2, o, () => 0.5)).toBe(5100);
  });
  it('pulls the last retry in to the deadline', () => {
    expect(nextAttempt(9950, 0, 9, o, () => 0.999)).toBe(10_000);
  });
  it('gives up at the maximum age', () => {
    expect(nextAttempt(10_000, 0, 1, o)).toBe('give-up');
    expect(nextAttempt(20_000, 0, 1, o)).toBe('give-up');
  });
});
