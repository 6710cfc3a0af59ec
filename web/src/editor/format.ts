/** Small display helpers for the pages (pure; tested without a browser). */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${BYTE_UNITS[i]}`;
}

/** 1234567 → "1,234,567" (grouping with a fixed locale, so tests and screenshots agree). */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return Math.round(n).toLocaleString('en-US');
}

/** Epoch ms → "2026-01-02 15:04:05 UTC" (the pages show UTC, like the query layer's buckets). */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

/** A duration in words for "3 h ago" / "in 2 d": the largest whole unit. */
export function formatAgo(ms: number, now = Date.now()): string {
  const d = now - ms;
  const abs = Math.abs(d);
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000]];
  const [u, size] = units.find(([, s]) => abs >= s) ?? ['s', 1000];
  const n = Math.floor(abs / size);
  return d >= 0 ? `${n} ${u} ago` : `in ${n} ${u}`;
}

/**
 * A number for a table cell: small values keep four significant digits (an
 * availability of 0.99574 must not read as 1), others at most `digits` decimals.
 */
export function formatNumber(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (n !== 0 && Math.abs(n) < 10) return n.toLocaleString('en-US', { maximumSignificantDigits: 4 });
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** A percentage with one decimal: 93.456 → "93.5 %". */
export function formatPercent(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return `${n.toFixed(1)} %`;
}

/** Labels as sorted `k=v` strings (stable order for display and keys). */
export function labelPairs(labels: Record<string, unknown> | null | undefined): string[] {
  return Object.entries(labels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${String(v)}`);
}
