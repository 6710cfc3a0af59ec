/** Small numeric helpers for benchmark results. */

/** The q-quantile of `xs` (0 ≤ q ≤ 1), linear interpolation between order statistics (type 7). */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

export interface LatencySummary {
  runs: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

export function summarize(ms: number[]): LatencySummary {
  return {
    runs: ms.length,
    p50: round(quantile(ms, 0.5), 2),
    p95: round(quantile(ms, 0.95), 2),
    min: round(Math.min(...ms), 2),
    max: round(Math.max(...ms), 2),
    mean: round(ms.reduce((a, b) => a + b, 0) / ms.length, 2),
  };
}

export function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const MiB = 1024 * 1024;

/** An integer from an environment variable (underscores allowed: 2_000_000), or the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}=${JSON.stringify(raw)} is not a positive integer`);
  return n;
}

/** Print a plain text table: a header row, then rows, columns padded to width. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
