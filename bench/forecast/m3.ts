/**
 * The M3 competition data (../shared/data/m3) and the harness's own Naive2.
 *
 * `loadM3(dir, { dev })`: with `dev`, each training series is split again — its
 * last h values become the target and the rest the training data — so methods
 * can be designed and compared without ever reading the test files.
 */
import fs from 'node:fs';
import path from 'node:path';

export type Frequency = 'Yearly' | 'Quarterly' | 'Monthly' | 'Other';

export const FREQUENCIES: Record<Frequency, { horizon: number; season: number }> = {
  Yearly: { horizon: 6, season: 1 },
  Quarterly: { horizon: 8, season: 4 },
  Monthly: { horizon: 18, season: 12 },
  Other: { horizon: 8, season: 1 },
};

export interface M3Series {
  id: string;
  frequency: Frequency;
  horizon: number;
  season: number;
  train: number[];
  test: number[];
}

function readRows(file: string): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const values = cells.slice(1).filter((c) => c.trim() !== '').map(Number);
    rows.set(cells[0], values);
  }
  return rows;
}

export function loadM3(dir: string, options: { dev?: boolean } = {}): M3Series[] {
  const out: M3Series[] = [];
  for (const frequency of Object.keys(FREQUENCIES) as Frequency[]) {
    const { horizon, season } = FREQUENCIES[frequency];
    const train = readRows(path.join(dir, `${frequency}-train.csv`));
    const test = options.dev ? null : readRows(path.join(dir, `${frequency}-test.csv`));
    for (const [id, values] of train) {
      if (options.dev) {
        if (values.length < horizon + 3) continue;
        out.push({ id, frequency, horizon, season, train: values.slice(0, -horizon), test: values.slice(-horizon) });
      } else {
        const t = test!.get(id);
        if (!t || t.length < horizon) throw new Error(`M3 ${frequency} ${id}: test has ${t?.length ?? 0} values, expected ${horizon}`);
        out.push({ id, frequency, horizon, season, train: values, test: t.slice(0, horizon) });
      }
    }
  }
  return out;
}

/**
 * Naive2 exactly as the M4 benchmark code defines it (written out here on its own
 * so the harness does not trust the library it scores): the 90 % ACF test at lag
 * m (n ≥ 3m), R's `decompose(type = "multiplicative")` figure, naive forecast of
 * the adjusted series, reseasonalised.
 */
export function naive2Reference(y: readonly number[], m: number, h: number): number[] {
  const n = y.length;
  let seasonal = false;
  if (m > 1 && n >= 3 * m) {
    const mean = y.reduce((a, b) => a + b, 0) / n;
    const d = y.map((v) => v - mean);
    const c0 = d.reduce((a, v) => a + v * v, 0);
    const acf = (k: number) => { let s = 0; for (let t = 0; t + k < n; t++) s += d[t] * d[t + k]; return s / c0; };
    let sum = 1;
    for (let k = 1; k < m; k++) sum += 2 * acf(k) ** 2;
    seasonal = Math.abs(acf(m)) > (1.645 / Math.sqrt(n)) * Math.sqrt(sum);
  }
  if (!seasonal) return new Array<number>(h).fill(y[n - 1]);
  const w = m % 2 === 0 ? [0.5, ...new Array<number>(m - 1).fill(1), 0.5].map((x) => x / m) : new Array<number>(m).fill(1 / m);
  const half = Math.floor(w.length / 2);
  const ratio: number[] = new Array<number>(n).fill(Number.NaN);
  for (let t = half; t < n - half; t++) {
    let s = 0;
    for (let j = 0; j < w.length; j++) s += w[j] * y[t - half + j];
    ratio[t] = y[t] / s;
  }
  const figure: number[] = [];
  for (let i = 0; i < m; i++) {
    const xs: number[] = [];
    for (let t = i; t < n; t += m) if (!Number.isNaN(ratio[t])) xs.push(ratio[t]);
    figure.push(xs.reduce((a, b) => a + b, 0) / xs.length);
  }
  const fm = figure.reduce((a, b) => a + b, 0) / m;
  const si = figure.map((f) => f / fm);
  const last = y[n - 1] / si[(n - 1) % m];
  return Array.from({ length: h }, (_, k) => last * si[(n + k) % m]);
}
