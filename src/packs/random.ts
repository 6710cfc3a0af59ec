/** mulberry32: a small, fast, seedable PRNG, so generated data is the same on every machine. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** Standard normal by Box–Muller. */
    normal(): number {
      const u = Math.max(next(), 1e-12);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    /** Poisson by inversion for small means, normal approximation for large ones. */
    poisson(mean: number): number {
      if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
      const l = Math.exp(-mean);
      let k = 0;
      let p = 1;
      do { k++; p *= next(); } while (p > l);
      return k - 1;
    },
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)];
    },
  };
}
