import type { EChartsOption } from 'echarts';
import type { Panel, PanelType } from '../dashboards/schema.js';
import type { PanelData, QueryAnswer } from './answer.js';
import { resolve, type ChartContext, type Resolved } from './chart-base.js';
import { anomalyOption, forecastOption } from './analysis-charts.js';
import { barOption, heatmapOption, statSparklineOption, timeseriesOption } from './time-charts.js';
import { barGaugeOption, funnelOption, gaugeOption, histogramOption, pieOption, radarOption, scatterOption } from './value-charts.js';

/** Panel types that are not ECharts charts: the UI draws them from `tableModel`, `kpiListModel`, `alertListModel` or Markdown. */
export const MODEL_PANEL_TYPES = ['table', 'text', 'kpi', 'alerts'] as const;
export type ModelPanelType = (typeof MODEL_PANEL_TYPES)[number];
export type EChartsPanelType = Exclude<PanelType, ModelPanelType>;

type Builder = (r: Resolved, data: PanelData) => EChartsOption;
const q = (f: (r: Resolved, a: QueryAnswer) => EChartsOption): Builder => (r, data) => f(r, data as QueryAnswer);

// Exhaustive: a new panel type in the schema breaks the build until it is drawn here or listed above.
const BUILDERS: Record<EChartsPanelType, Builder> = {
  timeseries: q(timeseriesOption),
  bar: q(barOption),
  pie: q(pieOption),
  heatmap: q(heatmapOption),
  stat: q(statSparklineOption),
  gauge: q(gaugeOption),
  bargauge: q(barGaugeOption),
  scatter: q(scatterOption),
  histogram: q(histogramOption),
  radar: q(radarOption),
  funnel: q(funnelOption),
  forecast: forecastOption,
  anomaly: anomalyOption,
};

export function isEChartsPanel(type: PanelType): type is EChartsPanelType {
  return type in BUILDERS;
}

/**
 * The ECharts option that draws a panel. `data` is the answer of the panel's
 * query (`/query`; `/forecast` for forecast panels, `/anomalies` for anomaly
 * panels). Pure: no DOM, no Node — the same option feeds the browser and
 * server-side SVG (`echarts.init(null, null, { renderer: 'svg', ssr: true })`).
 * Times are shown in UTC (`useUTC: true`). Every series has an `id` from
 * `seriesId` and data items carry their `group`, so `drillTarget` can map a click
 * back to `{ column: value }`.
 *
 * @example
 * chart.setOption(buildPanelOption(panel, answer, { theme: 'dark', scheme: 'okabe-ito', unit: 'ms', animation: false }), true);
 */
export function buildPanelOption(panel: Panel, data: PanelData, ctx: ChartContext): EChartsOption {
  const type = panel.type;
  if (!isEChartsPanel(type)) {
    throw new Error(`panel type ${type} is not an ECharts chart: draw it with tableModel, kpiListModel, alertListModel or Markdown`);
  }
  const option = BUILDERS[type](resolve(panel, ctx), data);
  const variant = layoutVariant(panel);
  if (variant && Array.isArray(option.series)) {
    option.series = option.series.map((x) => ({ ...x, id: `${String(x.id)}#${variant}` })) as EChartsOption['series'];
  }
  return option;
}

/**
 * Options that change a chart's structure (stacking, areas, horizontal bars, a
 * donut hole) are part of every series id (`…#sa`). A UI that merges a new
 * option into the chart while the series ids stay the same (live updates) then
 * replaces the chart instead when one of these is toggled, so no stacked or
 * horizontal leftovers stay behind. `parseSeriesId` ignores the suffix.
 */
function layoutVariant(panel: Panel): string {
  const o = panel.options ?? {};
  return `${o.stack ? 's' : ''}${o.area ? 'a' : ''}${o.horizontal ? 'h' : ''}${o.donut ? 'd' : ''}`;
}
