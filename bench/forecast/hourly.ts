/** A synthetic hourly series for timing `auto` (no I/O, fixed seed). */

/** Mulberry32: a small seeded PRNG (T. Ettinger, public domain). */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 1,000 hourly points: trend, a daily and a weekly cycle, noise (fixed seed). */
export function hourlySeries(n = 1000, seed = 7): number[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, (_, t) => {
    const hour = t % 24;
    const day = Math.floor(t / 24) % 7;
    const daily = 30 * Math.sin((2 * Math.PI * (hour - 6)) / 24) + 10 * Math.sin((4 * Math.PI * hour) / 24);
    const weekly = day >= 5 ? -25 : 5;
    const noise = (rand() + rand() + rand() - 1.5) * 8;
    return 200 + 0.02 * t + daily + weekly + noise;
  });
}

