import * as echarts from 'echarts/core';
import type { Panel } from '../dashboards/schema.js';
import type { PanelData } from './answer.js';
import type { ChartContext } from './chart-base.js';
import { CHART_PARTS } from './echarts-parts.js';
import { buildPanelOption } from './panel-option.js';

echarts.use(CHART_PARTS);

/**
 * A panel as an SVG document, rendered without a browser (ECharts server-side
 * rendering): for reports, exports and e-mails. Animation is always off here;
 * `standalone` defaults to true (a stat panel draws its number).
 *
 * @example
 * const svg = renderPanelSvg(panel, answer, { theme: 'light', scheme: 'almanac', unit: 'ms' }, { width: 800, height: 320 });
 */
export function renderPanelSvg(panel: Panel, data: PanelData, ctx: ChartContext, size: { width: number; height: number } = { width: 600, height: 300 }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(buildPanelOption(panel, data, { standalone: true, ...ctx, animation: false }));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
