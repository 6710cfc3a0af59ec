import { lowerBound, MAD_TO_SIGMA, madSorted, quantileSorted } from './robust-stats.js';

/**
 * The last `capacity` values kept both in arrival order (a ring) and sorted, so the
 * median, any quantile and the exact MAD of the window are O(log w) and an update is
 * one binary search plus one `copyWithin` (a memmove of at most w doubles — for the
 * window sizes used here, a few hundred nanoseconds).
 */
export class SlidingWindow {
  readonly capacity: number;
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  private count = 0;
  private sum = 0;
  private sumSq = 0;
  private sinceExact = 0;

  constructor(capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`window capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds a finite value, evicting the oldest when full. */
  push(value: number): void {
    const s = this.sorted;
    if (this.count === this.capacity) {
      const old = this.ring[this.head];
      const at = lowerBound(s, old, this.count);
      s.copyWithin(at, at + 1, this.count);
      this.count--;
      this.sum -= old;
      this.sumSq -= old * old;
    }
    const at = lowerBound(s, value, this.count);
    s.copyWithin(at + 1, at, this.count);
    s[at] = value;
    this.count++;
    this.ring[this.head] = value;
    this.head = (this.head + 1) % this.capacity;
    this.sum += value;
    this.sumSq += value * value;
    // Running sums drift by cancellation; recompute them exactly once per capacity pushes.
    if (++this.sinceExact >= this.capacity) {
      this.sinceExact = 0;
      let a = 0;
      let b = 0;
      for (let i = 0; i < this.count; i++) {
        a += this.sorted[i];
        b += this.sorted[i] * this.sorted[i];
      }
      this.sum = a;
      this.sumSq = b;
    }
  }

  mean(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }

  /** Population standard deviation of the window. */
  std(): number {
    if (this.count === 0) return Number.NaN;
    const m = this.sum / this.count;
    return Math.sqrt(Math.max(0, this.sumSq / this.count - m * m));
  }

  /** Removes the oldest value (for windows that shrink, e.g. a centred median at the end of a series). */
  shift(): void {
    if (this.count === 0) return;
    const tail = (this.head - this.count + this.capacity) % this.capacity;
    const old = this.ring[tail];
    const at = lowerBound(this.sorted, old, this.count);
    this.sorted.copyWithin(at, at + 1, this.count);
    this.count--;
    this.sum -= old;
    this.sumSq -= old * old;
  }

  quantile(q: number): number {
    return quantileSorted(this.sorted, q, this.count);
  }

  median(): number {
    return quantileSorted(this.sorted, 0.5, this.count);
  }

  /** Unscaled MAD around `center` (the window median by default). */
  mad(center = this.median()): number {
    return madSorted(this.sorted, this.count, center);
  }

  /**
   * A robust σ estimate of the window: MAD·1.4826, falling back — when more than half
   * the window holds one value, as with a mostly-zero counter — to the interquartile
   * and then the 5–95 % range (each scaled to σ for normal data), then to the
   * standard deviation. 0 only for a constant window.
   */
  scale(center = this.median()): number {
    const mad = this.mad(center) * MAD_TO_SIGMA;
    if (mad > 0) return mad;
    const iqr = (this.quantile(0.75) - this.quantile(0.25)) / 1.3489795;
    if (iqr > 0) return iqr;
    const wide = (this.quantile(0.95) - this.quantile(0.05)) / 3.2897073;
    if (wide > 0) return wide;
    return this.std();
  }
}

/** A ring of the last `capacity` raw values (NaN allowed) with access by lag; O(1). */
export class History {
  readonly capacity: number;
  private readonly ring: Float64Array;
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(1, capacity);
    this.ring = new Float64Array(this.capacity);
  }

  get size(): number {
    return this.count;
  }

  push(value: number): void {
    this.ring[this.head] = value;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** The value pushed `lag` steps ago (lag 1 = the latest), NaN when not held. */
  back(lag: number): number {
    if (lag < 1 || lag > this.count) return Number.NaN;
    return this.ring[(this.head - lag + this.capacity * 2) % this.capacity];
  }
}
