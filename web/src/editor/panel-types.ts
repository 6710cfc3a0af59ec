import type { PanelOptions, PanelType } from '../../../src/dashboards/schema.js';

/** Option fields the editor can show; each panel type lists the ones that mean something for it. */
export type OptionKey = keyof PanelOptions;

export interface PanelTypeInfo {
  label: string;
  description: string;
  /** Whether the panel runs a metric query (text, kpi and alerts read other sources). */
  query: boolean;
  /** Least and most measures the type can draw (scatter needs exactly two). */
  measures?: { min: number; max?: number };
  options: OptionKey[];
}

const FORMAT: OptionKey[] = ['unit', 'format', 'decimals', 'colorScheme'];

/** One entry per panel type of the dashboard schema, in the order of PANEL_TYPES. */
export const PANEL_TYPE_INFO: Record<PanelType, PanelTypeInfo> = {
  timeseries: { label: 'Time series', description: 'Lines or areas over time; stack series to show a total', query: true, options: ['area', 'stack', 'legend', 'min', 'max', ...FORMAT] },
  bar: { label: 'Bar', description: 'Bars per time bucket or per group; grouped, stacked or horizontal', query: true, options: ['stack', 'horizontal', 'legend', ...FORMAT] },
  pie: { label: 'Pie', description: 'Share of each group in a total; as a donut if you like', query: true, options: ['donut', 'legend', ...FORMAT] },
  heatmap: { label: 'Heatmap', description: 'Time × group, colour = value', query: true, options: ['min', 'max', ...FORMAT] },
  table: { label: 'Table', description: 'Sortable rows per group and bucket, with CSV download', query: true, options: ['unit', 'format', 'decimals'] },
  stat: { label: 'Stat', description: 'One big number with a sparkline and the change vs the previous period', query: true, options: ['thresholds', ...FORMAT] },
  gauge: { label: 'Gauge', description: 'A dial from min to max, coloured by thresholds', query: true, options: ['min', 'max', 'thresholds', ...FORMAT] },
  bargauge: { label: 'Bar gauge', description: 'One horizontal bar per group, coloured by thresholds', query: true, options: ['min', 'max', 'thresholds', ...FORMAT] },
  scatter: { label: 'Scatter', description: 'Two measures against each other, one point per group or bucket', query: true, measures: { min: 2, max: 2 }, options: ['legend', ...FORMAT] },
  histogram: { label: 'Histogram', description: 'Distribution of a measure’s values over the buckets', query: true, options: ['bins', ...FORMAT] },
  radar: { label: 'Radar', description: 'Measures as axes, one shape per group', query: true, options: ['legend', ...FORMAT] },
  funnel: { label: 'Funnel', description: 'Measures (or groups) as the steps of a funnel', query: true, options: ['legend', ...FORMAT] },
  text: { label: 'Text', description: 'Markdown notes; no query', query: false, options: ['markdown'] },
  kpi: { label: 'KPI scorecard', description: 'Value, target and achievement of KPIs; no query', query: false, options: ['kpis'] },
  forecast: { label: 'Forecast', description: 'History, forecast and 80/95 % intervals', query: true, options: ['horizon', ...FORMAT] },
  anomaly: { label: 'Anomaly', description: 'Values, the expected band and flagged points', query: true, options: ['sensitivity', ...FORMAT] },
  alerts: { label: 'Alert list', description: 'Current alert instances; no query', query: false, options: ['states'] },
};

/** Types that draw over time and so need a step (the others can do without one). */
export const NEEDS_STEP: ReadonlySet<PanelType> = new Set(['timeseries', 'heatmap', 'forecast', 'anomaly', 'stat', 'histogram']);

export const STEP_CHOICES = ['auto', '1m', '5m', '15m', '1h', '6h', '1d', '1w', '1mo'] as const;

export const FORMAT_CHOICES = ['number', 'percent', 'currency', 'bytes', 'duration-ms'] as const;

export const ALERT_STATES = ['firing', 'pending', 'nodata', 'error', 'normal'] as const;
