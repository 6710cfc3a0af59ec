/**
 * Chart building for dashboards and reports: panel spec + data → ECharts option,
 * and the models of the panels ECharts does not draw. Pure TypeScript (no DOM,
 * no Node APIs), imported by the web UI and by server-side report rendering.
 *
 * - Times are shown in UTC everywhere (options set `useUTC: true`; see format.ts).
 * - `echarts-parts.ts` lists the ECharts parts the options need (`echarts.use(CHART_PARTS)`);
 *   `render-svg.ts` draws a panel as SVG without a browser. Both import ECharts'
 *   runtime, so they are not re-exported here.
 */
export * from './answer.js';
export { buildPanelOption, isEChartsPanel, MODEL_PANEL_TYPES, type EChartsPanelType, type ModelPanelType } from './panel-option.js';
export type { ChartContext } from './chart-base.js';
export { PALETTES, SEQUENTIAL, STATUS, paletteFor, thresholdColor, thresholdStops } from './colors.js';
export { THEMES, type ChartTheme } from './theme.js';
export { formatValue, formatSi, formatChange, formatTime, formatFullTime, formatKindOf, type FormatSpec, type FormatKind } from './format.js';
export { seriesName, seriesId, parseSeriesId, seriesKey, groupLabel } from './series-name.js';
export { histogramBins } from './value-charts.js';
export { mergeAnswer, lastPointTime, type MergeOptions } from './merge-answer.js';
export { drillTarget, drillTime, type ChartClick } from './drill.js';
export { tableModel, sortTable, toCsv, type TableModel, type TableColumn, type TableCell } from './table-model.js';
export { statModel, type StatModel } from './stat-model.js';
export { kpiListModel, alertListModel, type KpiListRow, type AlertListRow, type Status } from './list-models.js';
