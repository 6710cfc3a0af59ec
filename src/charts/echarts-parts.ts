import { BarChart, FunnelChart, GaugeChart, HeatmapChart, LineChart, PieChart, RadarChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendScrollComponent, RadarComponent, TitleComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { use } from 'echarts/core';

/**
 * Exactly the ECharts parts the options of `buildPanelOption` need, for code
 * that imports `echarts/core` piece by piece (smaller bundles):
 * `echarts.use(CHART_PARTS)`. A part missing here is silently not drawn, so a
 * test renders every panel type with only these registered.
 */
export const CHART_PARTS: Parameters<typeof use>[0] = [
  BarChart, FunnelChart, GaugeChart, HeatmapChart, LineChart, PieChart, RadarChart, ScatterChart,
  AriaComponent, GridComponent, LegendScrollComponent, RadarComponent, TitleComponent, TooltipComponent, VisualMapContinuousComponent,
  SVGRenderer,
];
