/**
 * Retry timing. "Full jitter" (AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015): wait a uniform random time in [0, min(cap, base · 2^(n-1))]
 * after the n-th failure, so many deliveries failing together (a receiver
 * outage) do not come back in lockstep when it recovers.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

/** Delay before the next attempt after `failures` failed attempts (≥ 1). `random` returns [0, 1). */
export function backoffDelay(failures: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const n = Math.max(1, failures);
  // 2^(n-1) overflows to Infinity for large n; min() with the cap keeps it finite.
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** (n - 1));
  return Math.floor(random() * ceiling);
}

/**
 * When the row should be tried next, or `'give-up'` when it is too old. The
 * last retry is pulled in to the maximum age, so a row gets an attempt at (about)
 * its deadline instead of being abandoned up to one cap early.
 */
export function nextAttempt(now: number, createdAt: number, failures: number, opts: BackoffOptions & { maxAgeMs: number }, random?: () => number): number | 'give-up' {
  const deadline = createdAt + opts.maxAgeMs;
  if (now >= deadline) return 'give-up';
  return Math.min(now + backoffDelay(failures, opts, random), deadline);
}
