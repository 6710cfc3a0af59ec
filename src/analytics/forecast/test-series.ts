/**
 * Deterministic generated series for the forecasting tests (planted
 * seasonality, trend and noise). Test-only: imported by `*.test.ts` files.
 */

/** Mulberry32, a small seeded PRNG (T. Ettinger, public domain). */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Approximately normal noise (sum of 12 uniforms − 6), fixed seed. */
export function noise(n: number, sd: number, seed = 1): number[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => {
    let s = -6;
    for (let i = 0; i < 12; i++) s += r();
    return s * sd;
  });
}

export interface PlantedSeries {
  n: number;
  level?: number;
  slope?: number;
  /** [period, amplitude] pairs; each a sine plus its second harmonic (a non-sinusoidal shape). */
  cycles?: [number, number][];
  noiseSd?: number;
  seed?: number;
}

export function planted({ n, level = 100, slope = 0, cycles = [], noiseSd = 0, seed = 1 }: PlantedSeries): number[] {
  const e = noise(n, noiseSd, seed);
  return Array.from({ length: n }, (_, t) => {
    let v = level + slope * t + e[t];
    for (const [p, a] of cycles) v += a * Math.sin((2 * Math.PI * t) / p) + 0.4 * a * Math.cos((4 * Math.PI * t) / p);
    return v;
  });
}
