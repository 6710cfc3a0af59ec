/**
 * Number and time formatting for charts, tables and tooltips. Pure and
 * deterministic (no `Intl` locale dependence): the same text in the browser and
 * in server-side reports.
 *
 * Times are always shown in UTC — buckets are aligned to the step in UTC
 * (ARCHITECTURE §4), so a local-time label could split a day bucket in two.
 * ECharts options set `useUTC: true` for the same reason.
 */

export type FormatKind = 'number' | 'percent' | 'currency' | 'bytes' | 'duration-ms';

export interface FormatSpec {
  /** number | percent | currency | bytes | duration-ms; inferred from `unit` when absent. */
  format?: string;
  /** The metric's unit: `ratio` → percent, `ms` → duration, `USD` → currency, `bytes` → bytes, else shown after the number. */
  unit?: string;
  /** Fixed decimals; automatic (about 3 significant digits) when absent. */
  decimals?: number;
}

const CURRENCY_SYMBOL: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥' };
const BYTE_UNITS = new Set(['bytes', 'byte', 'b']);
const SECOND_UNITS = new Set(['s', 'sec', 'second', 'seconds']);

/** What a value means, from an explicit format or else the unit. */
export function formatKindOf(spec: FormatSpec): FormatKind {
  const f = spec.format?.toLowerCase();
  if (f === 'percent' || f === 'currency' || f === 'bytes' || f === 'duration-ms' || f === 'number') return f;
  const u = spec.unit?.trim();
  if (!u) return 'number';
  const lower = u.toLowerCase();
  if (lower === 'ratio' || lower === '%' || lower === 'percent') return 'percent';
  if (lower === 'ms' || lower === 'milliseconds') return 'duration-ms';
  if (SECOND_UNITS.has(lower)) return 'duration-ms';
  if (BYTE_UNITS.has(lower)) return 'bytes';
  if (u.toUpperCase() in CURRENCY_SYMBOL || u === '$') return 'currency';
  return 'number';
}

/** Drop trailing zeros of a fixed-point text: `1.50` → `1.5`, `2.00` → `2`. */
function trim(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** About three significant digits, trailing zeros dropped; fixed decimals when given. */
function plain(v: number, decimals?: number): string {
  if (decimals !== undefined) return v.toFixed(decimals);
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 100) return trim(v.toFixed(0));
  if (a >= 10) return trim(v.toFixed(1));
  if (a >= 0.01) return trim(v.toFixed(2));
  return trim(v.toPrecision(2));
}

const SI = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/** `12345` → `12.3k`, `4.5e6` → `4.5M`; below 1000 the number as is. */
export function formatSi(v: number, decimals?: number): string {
  const a = Math.abs(v);
  if (a < 1000) return plain(v, decimals);
  let i = Math.min(SI.length - 1, Math.floor(Math.log10(a) / 3));
  let scaled = v / 1000 ** i;
  // 999_950 rounds to "1000k": move up a prefix instead.
  if (Math.abs(Number(scaled.toFixed(decimals ?? (Math.abs(scaled) >= 100 ? 0 : 1)))) >= 1000 && i < SI.length - 1) {
    i += 1;
    scaled = v / 1000 ** i;
  }
  const text = decimals !== undefined ? scaled.toFixed(decimals) : trim(scaled.toFixed(Math.abs(scaled) >= 100 ? 0 : 1));
  return text + SI[i];
}

function formatBytes(v: number, decimals?: number): string {
  // Decimal (SI) multiples, like disk and network vendors: 1 kB = 1000 B.
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  const a = Math.abs(v);
  const i = a < 1000 ? 0 : Math.min(units.length - 1, Math.floor(Math.log10(a) / 3));
  const scaled = v / 1000 ** i;
  if (i === 0) return `${decimals !== undefined ? v.toFixed(decimals) : trim(v.toFixed(Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : 1))} B`;
  return `${decimals !== undefined ? scaled.toFixed(decimals) : trim(scaled.toFixed(Math.abs(scaled) >= 100 ? 0 : 1))} ${units[i]}`;
}

const DURATION_STEPS: [number, string][] = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min'], [1000, 's']];

function formatDurationMs(ms: number, decimals?: number): string {
  const a = Math.abs(ms);
  for (const [size, label] of DURATION_STEPS) {
    if (a >= size) return `${decimals !== undefined ? (ms / size).toFixed(decimals) : trim((ms / size).toFixed(Math.abs(ms / size) >= 100 ? 0 : 1))} ${label}`;
  }
  return `${plain(ms, decimals)} ms`;
}

function formatCurrency(v: number, unit: string | undefined, decimals?: number): string {
  const code = (unit ?? 'USD').toUpperCase();
  const symbol = unit === '$' ? '$' : CURRENCY_SYMBOL[code];
  const a = Math.abs(v);
  // Cents matter below a thousand; above, SI keeps axis labels short.
  const body = a < 1000 ? a.toFixed(decimals ?? (Number.isInteger(a) ? 0 : 2)) : formatSi(a, decimals);
  const sign = v < 0 ? '-' : '';
  return symbol ? `${sign}${symbol}${body}` : `${sign}${body} ${code}`;
}

/**
 * A value as people read it: `formatValue(0.0123, { unit: 'ratio' })` → `1.23%`,
 * `formatValue(1234, { unit: 'ms' })` → `1.2 s`, `formatValue(12345, {})` → `12.3k`,
 * `formatValue(5e9, { format: 'bytes' })` → `5 GB`. `null`, NaN and ±Infinity → `–`.
 * `withUnit: false` leaves out a plain unit suffix (axis labels).
 */
export function formatValue(v: number | null | undefined, spec: FormatSpec = {}, withUnit = true): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const kind = formatKindOf(spec);
  const d = spec.decimals;
  switch (kind) {
    case 'percent': {
      // A unit of `%` means the value is already in percent; otherwise it is a ratio.
      const pct = spec.unit?.trim() === '%' || spec.unit?.toLowerCase() === 'percent' ? v : v * 100;
      // Near 100 % the digits that matter are the last ones (99.91 % vs 99.9 % availability):
      // keep decimals until the value no longer rounds toward 100.
      if (d === undefined && Math.abs(pct) >= 99 && Math.abs(pct) < 100) {
        const digits = Math.min(4, Math.ceil(-Math.log10(100 - Math.abs(pct))) + 1);
        return `${trim(pct.toFixed(digits))}%`;
      }
      return `${plain(pct, d)}%`;
    }
    case 'currency':
      return formatCurrency(v, spec.unit, d);
    case 'bytes':
      return formatBytes(v, d);
    case 'duration-ms':
      return formatDurationMs(SECOND_UNITS.has(spec.unit?.toLowerCase() ?? '') ? v * 1000 : v, d);
    case 'number': {
      const text = formatSi(v, d);
      const unit = spec.unit?.trim();
      return withUnit && unit ? `${text} ${unit}` : text;
    }
  }
}

/** A signed relative change: `0.123` → `+12.3%`; `null` → `–`. */
export function formatChange(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  const text = plain(ratio * 100);
  return `${ratio > 0 ? '+' : ''}${text}%`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A bucket time in UTC, as precise as the step needs: `2026-01-05` for day steps
 * and longer, `01-05 14:30` below a day, with seconds below a minute.
 */
export function formatTime(ms: number, stepMs?: number): string {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (stepMs !== undefined && stepMs >= 86_400_000) return date;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (stepMs !== undefined && stepMs < 60_000) return `${date.slice(5)} ${time}:${pad(d.getUTCSeconds())}`;
  return stepMs === undefined ? `${date} ${time}` : `${date.slice(5)} ${time}`;
}

/** Full time for tooltips and tables: `2026-01-05 14:30 UTC` (seconds when not whole minutes). */
export function formatFullTime(ms: number): string {
  const d = new Date(ms);
  const secs = d.getUTCSeconds() || d.getUTCMilliseconds() ? `:${pad(d.getUTCSeconds())}` : '';
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${secs} UTC`;
}
