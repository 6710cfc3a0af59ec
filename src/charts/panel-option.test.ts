import { describe, expect, it } from 'vitest';
import type { EChartsOption } from 'echarts';
import { buildPanelOption, type ChartContext } from './index.js';
import { PALETTES, STATUS } from './colors.js';
import { THEMES } from './theme.js';
import { anomalyAnswer, forecastAnswer, grouped, HOUR, panel, single, stepped, T0, threeMeasures } from './fixtures/answers.js';
import type { PanelType } from '../dashboards/schema.js';
import type { PanelData } from './answer.js';

const ctx: ChartContext = { theme: 'light', scheme: 'almanac', animation: false };
type AnySeries = Record<string, any>;
const seriesOf = (o: EChartsOption) => o.series as AnySeries[];
const build = (type: PanelType, data: PanelData, options: Record<string, unknown> = {}, c: Partial<ChartContext> = {}) => buildPanelOption(panel(type, options), data, { ...ctx, ...c });
const fmtTooltip = (o: EChartsOption) => (o.tooltip as { valueFormatter: (v: number) => string }).valueFormatter;

describe('shared options', () => {
  it('sets UTC, aria, theme colours, the scheme palette and animation', () => {
    const o = build('timeseries', stepped, {}, { theme: 'dark', scheme: 'viridis' });
    expect(o.useUTC).toBe(true);
    expect(o.aria).toEqual({ enabled: true });
    // The hidden title names the chart in the aria description.
    expect(o.title).toEqual({ show: false, text: 'A timeseries panel' });
    expect(o.animation).toBe(false);
    expect(o.backgroundColor).toBe(THEMES.dark.background);
    expect(o.color).toEqual([...PALETTES.viridis]);
    expect(build('timeseries', stepped, {}, { animation: undefined }).animation).toBe(true);
    // The panel's own scheme wins over the dashboard's.
    expect(build('timeseries', stepped, { colorScheme: 'warm' }).color).toEqual([...PALETTES.warm]);
  });

  it('formats tooltip values from the metric unit; the panel options win', () => {
    expect(fmtTooltip(build('timeseries', stepped, {}, { unit: 'ms' }))(1234)).toBe('1.2 s');
    expect(fmtTooltip(build('timeseries', stepped, { format: 'percent' }, { unit: 'ms' }))(0.5)).toBe('50%');
  });

  it('shows the legend only for several series unless the panel says', () => {
    expect((build('timeseries', stepped).legend as AnySeries).show).toBe(true);
    expect((build('timeseries', single).legend as AnySeries).show).toBe(false);
    expect((build('timeseries', stepped, { legend: false }).legend as AnySeries).show).toBe(false);
  });
});

describe('timeseries', () => {
  it('draws one line per series with the points as given and readable names', () => {
    const o = build('timeseries', stepped);
    const s = seriesOf(o);
    expect(s.map((x) => x.type)).toEqual(['line', 'line', 'line', 'line']);
    expect(s.map((x) => x.name)).toEqual(['count() · region=eu', 'count() · region=us', 'p95(duration_ms) · region=eu', 'p95(duration_ms) · region=us']);
    s.forEach((x, i) => expect(x.data).toEqual(stepped.series[i].points));
    expect(s.every((x) => x.stack === undefined && x.areaStyle === undefined)).toBe(true);
    expect(o.xAxis).toMatchObject({ type: 'time', min: stepped.meta.from, max: stepped.meta.to });
  });

  it('names series by group alone when there is one measure', () => {
    expect(seriesOf(build('timeseries', { ...stepped, series: stepped.series.slice(0, 2) })).map((x) => x.name)).toEqual(['region=eu', 'region=us']);
    expect(seriesOf(build('timeseries', { ...stepped, series: [{ ...stepped.series[0], group: {} }] }))[0].name).toBe('count()');
  });

  it('stacks and fills on request', () => {
    const s = seriesOf(build('timeseries', stepped, { stack: true }));
    expect(s.every((x) => x.stack === 'total' && x.areaStyle)).toBe(true);
    expect(seriesOf(build('timeseries', stepped, { area: true })).every((x) => x.areaStyle && !x.stack)).toBe(true);
  });
});

describe('bar', () => {
  it('puts time buckets on x when the query has a step', () => {
    const o = build('bar', stepped, { stack: true });
    const hours = Array.from({ length: 6 }, (_, i) => `01-05 ${String(i).padStart(2, '0')}:00`);
    expect((o.xAxis as AnySeries).data).toEqual(hours);
    const s = seriesOf(o);
    expect(s.map((x) => x.type)).toEqual(['bar', 'bar', 'bar', 'bar']);
    expect(s.every((x) => x.stack === 'total')).toBe(true);
    // eu's count() has no bucket 3: a null bar there.
    expect(s[0].data.map((d: AnySeries) => d.value)).toEqual([100, 110, 120, null, 140, 150]);
    expect(s[1].data.map((d: AnySeries) => d.value)).toEqual([50, 55, 60, 65, 70, 75]);
  });

  it('puts the groups on x without a step, and swaps axes when horizontal', () => {
    const o = build('bar', grouped);
    expect((o.xAxis as AnySeries).data).toEqual(['region=eu', 'region=us', 'region=ap']);
    const s = seriesOf(o);
    expect(s).toHaveLength(1);
    expect(s[0].name).toBe('count()');
    expect(s[0].data.map((d: AnySeries) => [d.value, d.group.region])).toEqual([[420, 'eu'], [180, 'us'], [90, 'ap']]);
    const h = build('bar', grouped, { horizontal: true });
    expect((h.yAxis as AnySeries).type).toBe('category');
    expect((h.xAxis as AnySeries).type).toBe('value');
  });
});

describe('pie and funnel', () => {
  it('pie: one slice per series, summed over buckets; donut has a hole', () => {
    const s = seriesOf(build('pie', stepped, { donut: true }))[0];
    expect(s.type).toBe('pie');
    const sums = stepped.series.map((x) => x.points.reduce((a, p) => a + (p[1] ?? 0), 0));
    expect(s.data.map((d: AnySeries) => d.value)).toEqual(sums);
    expect(s.radius[0]).not.toBe(0);
    expect(seriesOf(build('pie', grouped))[0].radius[0]).toBe(0);
  });

  it('funnel: one step per group, widest first', () => {
    const s = seriesOf(build('funnel', grouped))[0];
    expect(s.type).toBe('funnel');
    expect(s.sort).toBe('descending');
    expect(s.data.map((d: AnySeries) => [d.name, d.value])).toEqual([['region=eu', 420], ['region=us', 180], ['region=ap', 90]]);
    expect(s.max).toBe(420);
  });
});

describe('heatmap', () => {
  it('has a cell per non-null bucket of each series, rows named by series', () => {
    const o = build('heatmap', stepped);
    const s = seriesOf(o)[0];
    expect(s.type).toBe('heatmap');
    const nonNull = stepped.series.flatMap((x, y) => x.points.flatMap(([t, v], i) => (v === null ? [] : [[i, y, v]])));
    expect(s.data.map((d: AnySeries) => d.value)).toEqual(nonNull);
    expect((o.yAxis as AnySeries).data).toHaveLength(4);
    const values = nonNull.map((c) => c[2]);
    expect(o.visualMap).toMatchObject({ min: Math.min(...values), max: Math.max(...values) });
  });
});

describe('gauge and bar gauge', () => {
  it('gauge: newest value of the first series, maximum rounded up, thresholds as stops', () => {
    const s = seriesOf(build('gauge', stepped, { thresholds: [100, 140] }))[0];
    expect(s.type).toBe('gauge');
    expect(s.data[0].value).toBe(150); // eu's last count
    expect(s.max).toBe(200);
    expect(s.axisLine.lineStyle.color).toEqual([[0.5, STATUS.almanac.good], [0.7, STATUS.almanac.warn], [1, STATUS.almanac.bad]]);
    expect(seriesOf(build('gauge', stepped, { max: 1000 }))[0].max).toBe(1000);
  });

  it('bar gauge: a bar per series coloured by thresholds', () => {
    const s = seriesOf(build('bargauge', grouped, { thresholds: [100, 300] }))[0];
    expect(s.type).toBe('bar');
    expect(s.data.map((d: AnySeries) => d.value)).toEqual([420, 180, 90]);
    expect(s.data.map((d: AnySeries) => d.itemStyle.color)).toEqual([STATUS.almanac.bad, STATUS.almanac.warn, STATUS.almanac.good]);
  });
});

describe('scatter', () => {
  it('pairs the two measures per group and bucket, skipping buckets where either is missing', () => {
    const s = seriesOf(build('scatter', stepped));
    expect(s.map((x) => [x.type, x.name])).toEqual([['scatter', 'region=eu'], ['scatter', 'region=us']]);
    const pairs = (g: string) => {
      const [c, p] = ['count()', 'p95(duration_ms)'].map((m) => stepped.series.find((x) => x.measure === m && x.group.region === g)!.points);
      return c.flatMap(([, x], i) => (x !== null && p[i][1] !== null ? [[x, p[i][1]]] : []));
    };
    expect(s[0].data.map((d: AnySeries) => d.value)).toEqual(pairs('eu'));
    expect(s[1].data.map((d: AnySeries) => d.value)).toEqual(pairs('us'));
    expect(s[0].data).toHaveLength(5);
  });
});

describe('histogram', () => {
  it('counts the first measure’s values into shared bins per group', () => {
    const bins = 4;
    const s = seriesOf(build('histogram', stepped, { bins }));
    expect(s.map((x) => x.name)).toEqual(['region=eu', 'region=us']);
    const values = (g: string) => stepped.series.find((x) => x.measure === 'count()' && x.group.region === g)!.points.map((p) => p[1]).filter((v): v is number => v !== null);
    const all = [...values('eu'), ...values('us')];
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    const count = (vs: number[]) => Array.from({ length: bins }, (_, i) => {
      const a = lo + ((hi - lo) * i) / bins;
      const b = lo + ((hi - lo) * (i + 1)) / bins;
      return vs.filter((v) => v >= a && (i === bins - 1 ? v <= b : v < b)).length;
    });
    expect(s[0].data.map((d: AnySeries) => d.value)).toEqual(count(values('eu')));
    expect(s[1].data.map((d: AnySeries) => d.value)).toEqual(count(values('us')));
  });
});

describe('radar', () => {
  it('uses measures as axes and one shape per group', () => {
    const o = build('radar', threeMeasures);
    expect((o.radar as AnySeries).indicator.map((i: AnySeries) => i.name)).toEqual(['count()', 'p50(duration_ms)', 'p95(duration_ms)']);
    const s = seriesOf(o)[0];
    expect(s.type).toBe('radar');
    expect(s.data.map((d: AnySeries) => [d.name, d.value])).toEqual([['region=eu', [10, 20, 30]], ['region=us', [14, 21, 28]]]);
  });

  it('uses groups as axes when there are fewer than three measures', () => {
    const o = build('radar', grouped);
    expect((o.radar as AnySeries).indicator.map((i: AnySeries) => i.name)).toEqual(['region=eu', 'region=us', 'region=ap']);
    expect(seriesOf(o)[0].data).toEqual([expect.objectContaining({ name: 'count()', value: [420, 180, 90] })]);
  });
});

describe('stat sparkline', () => {
  it('draws the first series as a small line without axes', () => {
    const o = build('stat', stepped);
    const s = seriesOf(o);
    expect(s).toHaveLength(1);
    expect(s[0].type).toBe('line');
    expect(s[0].data).toEqual(stepped.series[0].points);
    expect((o.xAxis as AnySeries).show).toBe(false);
  });
});

describe('forecast', () => {
  it('draws history, a dashed forecast from the last observed bucket and 80/95 % bands', () => {
    const o = build('forecast', forecastAnswer);
    const s = seriesOf(o);
    const f = forecastAnswer.series[0];
    const history = s.find((x) => x.name === 'count() · region=eu' || x.name === 'region=eu')!;
    expect(history.data).toEqual(f.history);
    const forecast = s.find((x) => x.name.endsWith('forecast'))!;
    expect(forecast.lineStyle.type).toBe('dashed');
    expect(forecast.data).toEqual([f.history[f.history.length - 1], ...f.forecast.map((p) => [p.time, p.value])]);
    for (const level of ['80', '95'] as const) {
      const edge = s.find((x) => x.name.endsWith(`${level} % (lower)`))!;
      const width = s.find((x) => x.name.endsWith(`${level} %`))!;
      expect(edge.stack).toBe(width.stack);
      expect(edge.data).toEqual(f.forecast.map((p) => [p.time, p[`lower${level}`]]));
      expect(width.data.map((d: AnySeries) => d.value)).toEqual(f.forecast.map((p) => [p.time, p[`upper${level}`]! - p[`lower${level}`]!]));
      expect(width.areaStyle).toBeTruthy();
    }
    // The hidden lower edges stay out of the legend; the axis reaches the last forecast bucket.
    expect((o.legend as AnySeries).data.some((n: string) => n.includes('lower'))).toBe(false);
    expect((o.xAxis as AnySeries).max).toBe(T0 + 8 * HOUR);
  });

  it('draws the history alone from a plain query answer', () => {
    const s = seriesOf(build('forecast', single));
    expect(s).toHaveLength(1);
    expect(s[0].data).toEqual(single.series[0].points);
  });
});

describe('anomaly', () => {
  it('draws the value, the expected band and the flagged points as markers', () => {
    const o = build('anomaly', anomalyAnswer);
    const s = seriesOf(o);
    const a = anomalyAnswer.series[0];
    expect(s.map((x) => x.type).sort()).toEqual(['line', 'line', 'line', 'line', 'scatter']);
    const value = s.find((x) => x.name === 'region=us')!;
    expect(value.data).toEqual(a.points.map((p) => [p.time, p.value]));
    const flagged = s.find((x) => x.type === 'scatter')!;
    expect(flagged.data.map((d: AnySeries) => d.value)).toEqual(a.points.filter((p) => p.isAnomaly).map((p) => [p.time, p.value]));
    expect(flagged.color).toBe(STATUS.almanac.bad);
    const band = s.find((x) => x.name === 'region=us expected range')!;
    expect(band.data.map((d: AnySeries) => d.value[1])).toEqual(a.points.map((p) => (p.lower === null || p.upper === null ? null : p.upper - p.lower)));
  });
});

describe('answer kinds', () => {
  it('recognises an anomaly answer whose first series has no points', () => {
    const data = { ...anomalyAnswer, series: [{ ...anomalyAnswer.series[0], group: { region: 'eu' }, points: [] }, anomalyAnswer.series[0]] };
    const flagged = seriesOf(build('anomaly', data)).filter((x) => x.type === 'scatter');
    expect(flagged.map((x) => x.data.length)).toEqual([0, 1]);
  });
});

describe('empty answers', () => {
  it.each(['timeseries', 'bar', 'pie', 'heatmap', 'bargauge', 'scatter', 'histogram', 'radar', 'funnel', 'stat', 'forecast', 'anomaly'] as const)('%s says No data', (type) => {
    const o = build(type, { series: [], meta: stepped.meta });
    expect((o.title as AnySeries)?.text).toBe('No data');
  });
});
