import type { EChartsOption } from 'echarts';
import type { ColorScheme, Panel } from '../dashboards/schema.js';
import { parseStep } from '../core/time.js';
import { paletteFor } from './colors.js';
import { formatFullTime, formatValue, type FormatSpec } from './format.js';
import { THEMES, type ChartTheme } from './theme.js';
import type { Point } from './answer.js';
import { parseSeriesId } from './series-name.js';

/** How a panel is drawn: theme, colour scheme and the metric's unit and format. */
export interface ChartContext {
  theme: 'light' | 'dark';
  scheme: ColorScheme;
  /** The metric definition's unit (`ms`, `ratio`, `USD`, …); the panel's `options.unit` wins. */
  unit?: string;
  /** The metric definition's format; the panel's `options.format` wins. */
  format?: string;
  /** Epoch ms of "now" (relative times in list models). */
  now?: number;
  /** `false` on the live path: redraws must be immediate. Default true. */
  animation?: boolean;
  /** Draw everything inside the chart, with no HTML around it (reports, SVG export): the stat panel's number. */
  standalone?: boolean;
}

/** Everything a builder needs, resolved once. */
export interface Resolved {
  panel: Panel;
  ctx: ChartContext;
  theme: ChartTheme;
  colors: string[];
  spec: FormatSpec;
  fmt: (v: number | null | undefined) => string;
  /** Axis labels: no plain-unit suffix. */
  fmtAxis: (v: number | null | undefined) => string;
  showLegend: (seriesCount: number) => boolean;
}

export function resolve(panel: Panel, ctx: ChartContext): Resolved {
  const o = panel.options ?? {};
  const spec: FormatSpec = { unit: o.unit ?? ctx.unit, format: o.format ?? ctx.format, decimals: o.decimals };
  const scheme = o.colorScheme ?? ctx.scheme;
  return {
    panel, ctx, spec,
    theme: THEMES[ctx.theme],
    colors: paletteFor(scheme, ctx.theme),
    fmt: (v) => formatValue(v, spec),
    fmtAxis: (v) => formatValue(v, spec, false),
    showLegend: (n) => (o.legend ?? n > 1) && n > 0,
  };
}

/** The options every chart shares: colours, text, accessibility, UTC time, tooltip style. */
export function baseOption(r: Resolved): EChartsOption {
  const t = r.theme;
  return {
    animation: r.ctx.animation ?? true,
    // Buckets are aligned in UTC; labels follow (see format.ts).
    useUTC: true,
    aria: { enabled: true },
    backgroundColor: t.background,
    color: r.colors,
    textStyle: { color: t.text },
    // Hidden (the panel shows its title in HTML; a merged update also hides "No data"),
    // but its text is what ECharts' aria description names: 'This is a chart about "…"'.
    title: { show: false, text: r.panel.title },
    tooltip: {
      backgroundColor: t.tooltipBackground,
      borderColor: t.tooltipBorder,
      textStyle: { color: t.text },
      confine: true,
      valueFormatter: (v) => r.fmt(typeof v === 'number' ? v : null),
    },
  };
}

export function legendOption(r: Resolved, count: number, data?: string[]): EChartsOption['legend'] {
  return { show: r.showLegend(count), type: 'scroll', bottom: 0, textStyle: { color: r.theme.muted }, ...(data ? { data } : {}) };
}

/**
 * Room for the legend at the bottom when it shows. Axis labels stay inside the
 * grid's box: ECharts 6's replacement for the deprecated `containLabel`, which
 * now needs an extra part (`LegacyGridContainLabel`) and is ignored without it.
 */
export function gridOption(r: Resolved, count: number): EChartsOption['grid'] {
  return { left: 12, right: 16, top: 16, bottom: r.showLegend(count) ? 36 : 12, outerBoundsMode: 'same' as const, outerBoundsContain: 'axisLabel' as const };
}

export function valueAxis(r: Resolved, extra: Record<string, unknown> = {}) {
  return {
    type: 'value' as const,
    axisLabel: { color: r.theme.muted, formatter: (v: number) => r.fmtAxis(v) },
    axisLine: { lineStyle: { color: r.theme.axis } },
    splitLine: { lineStyle: { color: r.theme.grid } },
    ...extra,
  };
}

const TIME_LABELS = { year: '{yyyy}', month: '{MMM} {yyyy}', day: '{MMM} {d}', hour: '{HH}:{mm}', minute: '{HH}:{mm}', second: '{HH}:{mm}:{ss}', millisecond: '{HH}:{mm}:{ss}.{SSS}' };

export function timeAxis(r: Resolved, from?: number, to?: number) {
  return {
    type: 'time' as const,
    ...(from !== undefined ? { min: from } : {}),
    ...(to !== undefined ? { max: to } : {}),
    // Day boundaries read "Jan 5" instead of ECharts' bare "5"; all in UTC (useUTC).
    axisLabel: { color: r.theme.muted, hideOverlap: true, formatter: TIME_LABELS },
    axisLine: { lineStyle: { color: r.theme.axis } },
    splitLine: { show: false },
  };
}

export function categoryAxis(r: Resolved, data: string[], extra: Record<string, unknown> = {}) {
  return {
    type: 'category' as const,
    data,
    axisLabel: { color: r.theme.muted, hideOverlap: true },
    axisLine: { lineStyle: { color: r.theme.axis } },
    axisTick: { alignWithLabel: true },
    ...extra,
  };
}

/** "No data" in the middle of an otherwise valid chart. */
export function emptyTitle(r: Resolved): EChartsOption['title'] {
  return { show: true, text: 'No data', left: 'center', top: 'middle', textStyle: { color: r.theme.muted, fontSize: 14, fontWeight: 'normal' } };
}

/** The step in ms (calendar steps: a 30-day month), or undefined without a step. */
export function stepMsOf(step: string | undefined): number | undefined {
  if (!step) return undefined;
  try {
    const s = parseStep(step);
    return s.kind === 'fixed' ? s.ms : s.months * 30 * 86_400_000;
  } catch {
    return undefined;
  }
}

/** The newest non-null value. */
export function lastValue(points: readonly Point[]): number | null {
  for (let i = points.length - 1; i >= 0; i--) if (points[i][1] !== null && Number.isFinite(points[i][1])) return points[i][1];
  return null;
}

/** Sum of the non-null values, null when there is none. */
export function sumValues(points: readonly Point[]): number | null {
  let sum = 0;
  let any = false;
  for (const [, v] of points) if (v !== null && Number.isFinite(v)) { sum += v; any = true; }
  return any ? sum : null;
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above x (gauge and bar-gauge maxima). */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x * (1 - 1e-12)) return m * p;
  return 10 * p;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

interface TooltipParam {
  marker?: string;
  seriesName?: string;
  seriesId?: string;
  value?: unknown;
  axisValue?: unknown;
  data?: unknown;
}

/**
 * An axis tooltip for charts with helper series (bands): band rows show
 * `lower – upper`, rows of series whose id ends in `:hidden` are left out.
 */
export function bandTooltip(r: Resolved) {
  return (raw: unknown) => {
    const params = (Array.isArray(raw) ? raw : [raw]) as TooltipParam[];
    if (!params.length) return '';
    const head = typeof params[0].axisValue === 'number' ? formatFullTime(params[0].axisValue) : escapeHtml(String(params[0].axisValue ?? ''));
    const rows = params.flatMap((p) => {
      const d = p.data as { lower?: number | null; upper?: number | null; value?: unknown } | undefined;
      if (isHiddenRole(parseSeriesId(p.seriesId)?.role)) return [];
      const name = escapeHtml(p.seriesName ?? '');
      if (d && !Array.isArray(d) && 'lower' in d) return [`${p.marker ?? ''}${name}: ${r.fmt(d.lower ?? null)} – ${r.fmt(d.upper ?? null)}`];
      const v = Array.isArray(p.value) ? p.value[1] : p.value;
      return [`${p.marker ?? ''}${name}: ${r.fmt(typeof v === 'number' ? v : null)}`];
    });
    return [head, ...rows].join('<br/>');
  };
}

/** Helper series (the lower edge of a band) have a role ending in `:hidden`: no legend, no tooltip row. */
export function isHiddenRole(role: string | undefined): boolean {
  return role !== undefined && role.endsWith(':hidden');
}
