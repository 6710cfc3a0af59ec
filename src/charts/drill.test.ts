import { describe, expect, it } from 'vitest';
import type { EChartsOption } from 'echarts';
import { buildPanelOption, drillTarget, drillTime, parseSeriesId, seriesId } from './index.js';
import { anomalyAnswer, grouped, panel, stepped } from './fixtures/answers.js';
import type { PanelType } from '../dashboards/schema.js';
import type { PanelData } from './answer.js';

type AnySeries = Record<string, any>;
const ctx = { theme: 'light' as const, scheme: 'almanac' as const };

/** The params ECharts passes to a click handler for data item `i` of series `k`: the item itself, its series id and name. */
function click(type: PanelType, data: PanelData, k: number, i: number, options = {}) {
  const p = panel(type, options);
  const o = buildPanelOption(p, data, ctx) as EChartsOption;
  const s = (o.series as AnySeries[])[k];
  const item = s.data[i];
  const name = typeof item === 'object' && !Array.isArray(item) && item.name ? item.name : (((o.xAxis ?? o.yAxis) as AnySeries)?.data?.[i] ?? '');
  return { p, params: { seriesId: s.id, seriesName: s.name, name, data: item } };
}

describe('drillTarget', () => {
  it.each([
    ['timeseries line', 'timeseries', stepped, 1, 2, { region: 'us' }],
    ['bar over time', 'bar', stepped, 0, 4, { region: 'eu' }],
    ['bar per group', 'bar', grouped, 0, 2, { region: 'ap' }],
    ['pie slice', 'pie', grouped, 0, 1, { region: 'us' }],
    ['funnel step', 'funnel', grouped, 0, 0, { region: 'eu' }],
    ['heatmap cell', 'heatmap', stepped, 0, 7, { region: 'us' }],
    ['bar gauge bar', 'bargauge', grouped, 0, 2, { region: 'ap' }],
    ['scatter point', 'scatter', stepped, 1, 0, { region: 'us' }],
    ['flagged anomaly', 'anomaly', anomalyAnswer, 4, 0, { region: 'us' }],
  ] as const)('%s maps back to its group', (_what, type, data, k, i, want) => {
    const { p, params } = click(type, data, k, i);
    expect(drillTarget(p, data, params)).toEqual(want);
  });

  it('reads ids that carry a layout variant', () => {
    const { p, params } = click('timeseries', stepped, 1, 2, { stack: true, area: true });
    expect(params.seriesId).toMatch(/#sa$/);
    expect(drillTarget(p, stepped, { ...params, data: params.data })).toEqual({ region: 'us' });
    // Toggling a structural option changes every id (the UI redraws instead of merging).
    const plain = click('timeseries', stepped, 1, 2).params.seriesId;
    expect(plain).not.toBe(params.seriesId);
    expect(parseSeriesId(params.seriesId)).toEqual(parseSeriesId(plain));
  });

  it('reads the series id when the item is a bare value', () => {
    const s = stepped.series[2];
    expect(drillTarget(panel('timeseries'), stepped, { seriesId: seriesId(s), data: [0, 1] })).toEqual({ region: 'eu' });
  });

  it('falls back to a category name equal to a group label', () => {
    expect(drillTarget(panel('bar'), grouped, { name: 'region=us', seriesId: 'other' })).toEqual({ region: 'us' });
  });

  it('is null without a group', () => {
    const ungrouped = { ...stepped, series: [{ ...stepped.series[0], group: {} }] };
    const { p, params } = click('timeseries', ungrouped, 0, 0);
    expect(drillTarget(p, ungrouped, params)).toBeNull();
    expect(drillTarget(p, ungrouped, {})).toBeNull();
    expect(drillTarget(p, ungrouped, { seriesId: '{not json' })).toBeNull();
  });

  it('drillTime gives the bucket of a clicked item', () => {
    const { params } = click('bar', stepped, 0, 4);
    expect(drillTime(params)).toBe(stepped.series[0].points[4][0]);
    expect(drillTime({ data: 3 })).toBeNull();
  });
});
