import * as echarts from 'echarts/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHART_PARTS } from './echarts-parts.js';
import { renderPanelSvg } from './render-svg.js';
import { buildPanelOption } from './panel-option.js';
import { anomalyAnswer, forecastAnswer, grouped, panel, stepped, threeMeasures } from './fixtures/answers.js';
import type { PanelData } from './answer.js';
import type { EChartsPanelType } from './panel-option.js';

/**
 * Only `echarts/core` plus CHART_PARTS here (not the full `echarts` bundle): an
 * option that needs an unregistered part makes ECharts warn in development
 * builds and skip drawing it.
 */
echarts.use(CHART_PARTS);

const CASES: [EChartsPanelType, PanelData, Record<string, unknown>][] = [
  ['timeseries', stepped, { stack: true }], ['bar', stepped, {}], ['bar', grouped, { horizontal: true }], ['pie', grouped, { donut: true }],
  ['heatmap', stepped, {}], ['gauge', grouped, { thresholds: [100] }], ['bargauge', grouped, {}], ['scatter', stepped, {}],
  ['histogram', stepped, {}], ['radar', threeMeasures, {}], ['funnel', grouped, {}], ['stat', stepped, {}],
  ['forecast', forecastAnswer, {}], ['anomaly', anomalyAnswer, {}],
];

describe('CHART_PARTS', () => {
  let warnings: string[];
  beforeEach(() => {
    warnings = [];
    vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void warnings.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void warnings.push(a.join(' ')));
    // ECharts reports some missing parts (LegacyGridContainLabel) with console.log.
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void warnings.push(a.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());

  it.each(CASES)('%s needs no part beyond CHART_PARTS', (type, data, options) => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 300 });
    chart.setOption(buildPanelOption(panel(type, options), data, { theme: 'light', scheme: 'almanac', animation: false }));
    const svg = chart.renderToSVGString();
    chart.dispose();
    expect(warnings).toEqual([]);
    expect(svg).toContain('<path');
  });

  it('renderPanelSvg draws a panel at the size asked', () => {
    const svg = renderPanelSvg(panel('bar'), stepped, { theme: 'dark', scheme: 'cool' }, { width: 800, height: 320 });
    expect(svg).toMatch(/^<svg[^>]*width="800"[^>]*height="320"/);
    // One rect per non-null bar at least (4 series × 6 buckets, 2 empty).
    expect(svg.match(/<path /g)!.length).toBeGreaterThanOrEqual(22);
    expect(warnings).toEqual([]);
  });

  it('renderPanelSvg draws the stat number and its change', () => {
    const svg = renderPanelSvg(panel('stat'), stepped, { theme: 'light', scheme: 'almanac', unit: 'requests' });
    // eu's count(): 150 now, 140 the bucket before.
    expect(svg).toContain('>150 requests<');
    expect(svg).toContain(`>+${(((150 - 140) / 140) * 100).toFixed(2)}% vs previous<`);
  });

  it('would notice a missing part', () => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 300 });
    chart.setOption({ dataZoom: [{ type: 'inside' }], xAxis: { type: 'time' }, yAxis: {}, series: [{ type: 'line', data: [[0, 1]] }] });
    chart.dispose();
    expect(warnings.join('\n')).toMatch(/dataZoom|DataZoom/);
  });
});
