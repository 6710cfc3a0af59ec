import type { ColorScheme } from '../dashboards/schema.js';

/**
 * The five colour schemes of dashboards: a categorical palette for series, a
 * sequential ramp for heatmaps and three status colours (good, warning, bad)
 * for thresholds. The UI shows `PALETTES[scheme]` as swatches.
 */
export const PALETTES: Record<ColorScheme, readonly string[]> = {
  // Our default: ten hues spaced around the wheel at similar lightness.
  almanac: ['#3366cc', '#e8743b', '#19a979', '#945ecf', '#ed4a7b', '#13a4b4', '#c79a0f', '#6c8893', '#525df4', '#bf399e'],
  // Okabe & Ito (2008), "Color Universal Design": distinguishable with every common
  // colour-vision deficiency. Black last, as it reads as "total" when first.
  'okabe-ito': ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#000000'],
  // Ten evenly spaced samples of matplotlib's viridis (perceptually uniform, colour-blind safe).
  viridis: ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'],
  warm: ['#9e0142', '#d53e4f', '#f46d43', '#fdae61', '#e6b800', '#a63603', '#c51b7d', '#fd8d3c', '#7f2704', '#de77ae'],
  cool: ['#08306b', '#2171b5', '#6baed6', '#41ab5d', '#006d2c', '#54278f', '#807dba', '#0c7c8c', '#35978f', '#4a6fa5'],
};

/** Low → high ramps for heatmaps (visualMap). */
export const SEQUENTIAL: Record<ColorScheme, readonly string[]> = {
  almanac: ['#e8f0fc', '#7fa3e6', '#3366cc', '#0b2766'],
  'okabe-ito': ['#f2f2f2', '#56B4E9', '#0072B2', '#003b5c'],
  viridis: PALETTES.viridis,
  warm: ['#fff5d6', '#fdae61', '#f46d43', '#9e0142'],
  cool: ['#eef7fb', '#6baed6', '#2171b5', '#08306b'],
};

/** Threshold colours: below the first threshold, between, above the last. */
export const STATUS: Record<ColorScheme, { good: string; warn: string; bad: string }> = {
  almanac: { good: '#19a979', warn: '#e0a30b', bad: '#e5403b' },
  'okabe-ito': { good: '#009E73', warn: '#E69F00', bad: '#D55E00' },
  viridis: { good: '#35b779', warn: '#b5de2b', bad: '#440154' },
  warm: { good: '#fdae61', warn: '#f46d43', bad: '#9e0142' },
  cool: { good: '#41ab5d', warn: '#6baed6', bad: '#08306b' },
};

/**
 * The series colours to draw with. On a dark background Okabe–Ito's black would
 * vanish, so it becomes near-white there (the usual substitution).
 */
export function paletteFor(scheme: ColorScheme, theme: 'light' | 'dark'): string[] {
  const p = [...PALETTES[scheme]];
  return theme === 'dark' ? p.map((c) => (c === '#000000' ? '#f0f0f0' : c)) : p;
}

/**
 * The colour of a value against ascending thresholds: below the first is good,
 * at or above the last is bad, anything between is a warning. For a metric where
 * low is bad, give the thresholds and read the colours the other way round in the UI.
 */
export function thresholdColor(value: number | null, thresholds: readonly number[] | undefined, scheme: ColorScheme, fallback: string): string {
  if (value === null || !thresholds?.length) return fallback;
  const s = STATUS[scheme];
  const level = thresholds.filter((t) => value >= t).length;
  if (level === 0) return s.good;
  return level >= thresholds.length ? s.bad : s.warn;
}

/** Threshold colours as ECharts gauge axis stops: `[[fraction, colour], …]` ending at 1. */
export function thresholdStops(thresholds: readonly number[] | undefined, min: number, max: number, scheme: ColorScheme, fallback: string): [number, string][] {
  if (!thresholds?.length || max <= min) return [[1, fallback]];
  // Segments [min, t1), [t1, t2), …, [tn, max]: each coloured by the value at its start.
  const bounds = [min, ...[...thresholds].sort((a, b) => a - b).filter((t) => t > min && t < max), max];
  const stops: [number, string][] = [];
  for (let k = 1; k < bounds.length; k++) {
    stops.push([(bounds[k] - min) / (max - min), thresholdColor(bounds[k - 1], thresholds, scheme, fallback)]);
  }
  return stops;
}
