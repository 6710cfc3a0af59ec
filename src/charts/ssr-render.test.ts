import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { COLOR_SCHEMES } from '../dashboards/schema.js';
import { buildPanelOption, MODEL_PANEL_TYPES, type EChartsPanelType } from './index.js';
import { anomalyAnswer, forecastAnswer, grouped, panel, stepped, threeMeasures } from './fixtures/answers.js';
import type { PanelData } from './answer.js';

/** Every ECharts panel type renders server-side to SVG with drawn shapes: the options are valid for reports too. */
const CASES: [EChartsPanelType, PanelData, Record<string, unknown>][] = [
  ['timeseries', stepped, { area: true, stack: true }],
  ['bar', stepped, { stack: true }],
  ['bar', grouped, { horizontal: true }],
  ['pie', grouped, { donut: true }],
  ['heatmap', stepped, {}],
  ['gauge', grouped, { thresholds: [100, 300] }],
  ['bargauge', grouped, { thresholds: [100, 300] }],
  ['scatter', stepped, {}],
  ['histogram', stepped, { bins: 4 }],
  ['radar', threeMeasures, {}],
  ['funnel', grouped, {}],
  ['stat', stepped, {}],
  ['forecast', forecastAnswer, {}],
  ['anomaly', anomalyAnswer, {}],
];

const paths = (svg: string) => svg.match(/<path /g)?.length ?? 0;

function render(option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 300 });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

describe('server-side SVG rendering', () => {
  it.each(CASES)('%s renders to an SVG with drawn paths', (type, data, options) => {
    for (const theme of ['light', 'dark'] as const) {
      const option = buildPanelOption(panel(type, options), data, { theme, scheme: 'okabe-ito', animation: false });
      // ECharts writes the aria description on the container element in the browser; here we check it is asked for.
      expect(option.aria).toEqual({ enabled: true });
      const svg = render(option);
      expect(svg.startsWith('<svg')).toBe(true);
      // Drawn data, not just axes: more shapes than the same panel over an empty answer.
      const empty = render(buildPanelOption(panel(type, options), { series: [], meta: data.meta }, { theme, scheme: 'okabe-ito', animation: false }));
      expect(paths(svg)).toBeGreaterThan(paths(empty));
    }
  });

  it('every colour scheme renders', () => {
    for (const scheme of COLOR_SCHEMES) {
      const svg = render(buildPanelOption(panel('timeseries'), stepped, { theme: 'light', scheme, animation: false }));
      expect(svg).toContain('<path');
    }
  });

  it('labels the time axis in UTC whatever the local time zone', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(new Date(stepped.meta.from).getHours()).not.toBe(0); // the zone really changed
      const svg = render(buildPanelOption(panel('timeseries'), stepped, { theme: 'light', scheme: 'almanac', animation: false }));
      const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
      // Buckets start at 00:00 UTC on 5 January: the labels are the UTC hours.
      expect(labels).toEqual(expect.arrayContaining(['01:00', '02:00', '03:00']));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('a merged update from empty to data leaves no "No data" behind', () => {
    for (const type of ['heatmap', 'pie', 'gauge', 'timeseries'] as const) {
      const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 300 });
      const data = type === 'pie' || type === 'gauge' ? grouped : stepped;
      chart.setOption(buildPanelOption(panel(type), { series: [], meta: data.meta }, { theme: 'light', scheme: 'almanac', animation: false }));
      expect(type === 'gauge' || chart.renderToSVGString().includes('No data')).toBe(true);
      chart.setOption(buildPanelOption(panel(type), data, { theme: 'light', scheme: 'almanac', animation: false }));
      const svg = chart.renderToSVGString();
      chart.dispose();
      expect(svg).not.toContain('No data');
    }
  });

  it('refuses panel types ECharts does not draw', () => {
    for (const type of MODEL_PANEL_TYPES) expect(() => buildPanelOption(panel(type), stepped, { theme: 'light', scheme: 'almanac' })).toThrow(/not an ECharts chart/);
  });
});
