import type { EChartsOption } from 'echarts';
import type { QueryAnswer } from './answer.js';
import { baseOption, categoryAxis, emptyTitle, gridOption, lastValue, legendOption, stepMsOf, timeAxis, valueAxis, type Resolved } from './chart-base.js';
import { SEQUENTIAL, thresholdColor } from './colors.js';
import { formatTime } from './format.js';
import { statModel } from './stat-model.js';
import { groupLabel, needsMeasure, seriesId, seriesName } from './series-name.js';

/** Sorted distinct bucket times of all series. */
export function bucketTimes(answer: QueryAnswer): number[] {
  const set = new Set<number>();
  for (const s of answer.series) for (const [t] of s.points) set.add(t);
  return [...set].sort((a, b) => a - b);
}

/** Line or area chart over time; `options.stack` stacks, `options.area` fills. */
export function timeseriesOption(r: Resolved, answer: QueryAnswer): EChartsOption {
  const o = r.panel.options ?? {};
  const withMeasure = needsMeasure(answer.series);
  const n = answer.series.length;
  return {
    ...baseOption(r),
    ...(n === 0 ? { title: emptyTitle(r) } : {}),
    tooltip: { ...(baseOption(r).tooltip as object), trigger: 'axis' },
    legend: legendOption(r, n),
    grid: gridOption(r, n),
    xAxis: timeAxis(r, answer.meta.from, answer.meta.to),
    yAxis: valueAxis(r, { min: o.min, max: o.max }),
    series: answer.series.map((s) => ({
      type: 'line' as const,
      id: seriesId(s),
      name: seriesName(s, withMeasure),
      data: s.points,
      // A lone point has no line to show it.
      showSymbol: s.points.filter((p) => p[1] !== null).length <= 1,
      symbolSize: 5,
      connectNulls: false,
      ...(o.stack ? { stack: 'total' } : {}),
      ...(o.area || o.stack ? { areaStyle: { opacity: o.stack ? 0.55 : 0.15 } } : {}),
      lineStyle: { width: 1.5 },
      // Long series: draw at most what the pixels show (largest-triangle sampling keeps peaks).
      ...(s.points.length > 1000 ? { sampling: 'lttb' as const } : {}),
      emphasis: { focus: 'series' as const },
    })),
  };
}

/**
 * Bars: with a step, x = the buckets and one bar series per answer series; without,
 * x = the groups and one bar series per measure (each bar's data item carries its
 * group); without groups either, one bar per measure.
 */
export function barOption(r: Resolved, answer: QueryAnswer): EChartsOption {
  const o = r.panel.options ?? {};
  const stepMs = stepMsOf(answer.meta.step);
  let categories: string[];
  let series: Record<string, unknown>[];
  const common = { type: 'bar' as const, ...(o.stack ? { stack: 'total' } : {}), emphasis: { focus: 'series' as const } };
  if (answer.meta.step) {
    const times = bucketTimes(answer);
    const withMeasure = needsMeasure(answer.series);
    categories = times.map((t) => formatTime(t, stepMs));
    series = answer.series.map((s) => {
      const byTime = new Map(s.points);
      return { ...common, id: seriesId(s), name: seriesName(s, withMeasure), data: times.map((t) => ({ value: byTime.get(t) ?? null, time: t, group: s.group })) };
    });
  } else if (answer.series.every((s) => Object.keys(s.group).length === 0)) {
    categories = answer.series.map((s) => s.measure);
    series = [{ ...common, id: 'measures', name: 'value', data: answer.series.map((s) => ({ value: lastValue(s.points), group: {} })), colorBy: 'data' }];
  } else {
    const groups = new Map<string, Record<string, unknown>>();
    for (const s of answer.series) groups.set(groupLabel(s.group), s.group);
    categories = [...groups.keys()];
    const measures = [...new Set(answer.series.map((s) => s.measure))];
    series = measures.map((m) => {
      const byGroup = new Map(answer.series.filter((s) => s.measure === m).map((s) => [groupLabel(s.group), lastValue(s.points)]));
      return { ...common, id: seriesId({ measure: m, group: {} }), name: m, data: categories.map((c) => ({ value: byGroup.get(c) ?? null, group: groups.get(c) })) };
    });
  }
  const cat = categoryAxis(r, categories, o.horizontal ? { inverse: true } : {});
  const val = valueAxis(r, { min: o.min, max: o.max });
  return {
    ...baseOption(r),
    ...(answer.series.length === 0 ? { title: emptyTitle(r) } : {}),
    tooltip: { ...(baseOption(r).tooltip as object), trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: legendOption(r, series.length),
    grid: gridOption(r, series.length),
    xAxis: o.horizontal ? val : cat,
    yAxis: o.horizontal ? cat : val,
    series: series as EChartsOption['series'],
  };
}

/** Time × group: one row per series, a cell per bucket, colour from the scheme's ramp. */
export function heatmapOption(r: Resolved, answer: QueryAnswer): EChartsOption {
  const times = bucketTimes(answer);
  const stepMs = stepMsOf(answer.meta.step);
  const withMeasure = needsMeasure(answer.series);
  const rows = answer.series.map((s) => seriesName(s, withMeasure));
  const index = new Map(times.map((t, i) => [t, i]));
  const data: { value: [number, number, number]; group: unknown; time: number }[] = [];
  let min = Infinity;
  let max = -Infinity;
  answer.series.forEach((s, y) => {
    for (const [t, v] of s.points) {
      if (v === null || !Number.isFinite(v)) continue;
      data.push({ value: [index.get(t)!, y, v], group: s.group, time: t });
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  });
  if (!data.length) { min = 0; max = 1; }
  const scheme = r.panel.options?.colorScheme ?? r.ctx.scheme;
  // Low values fade into the background: on a dark theme the pale end of a ramp
  // would make them the brightest cells, so it starts from the theme's grid colour.
  const ramp = [...SEQUENTIAL[scheme]];
  if (r.ctx.theme === 'dark' && scheme !== 'viridis') ramp[0] = r.theme.grid;
  return {
    ...baseOption(r),
    ...(data.length === 0 ? { title: emptyTitle(r) } : {}),
    tooltip: { ...(baseOption(r).tooltip as object), trigger: 'item' },
    grid: { left: 12, right: 16, top: 16, bottom: 56, outerBoundsMode: 'same' as const, outerBoundsContain: 'axisLabel' as const },
    xAxis: categoryAxis(r, times.map((t) => formatTime(t, stepMs)), { splitArea: { show: false } }),
    // First series on top, in the order of the answer (and of other panels' legends).
    yAxis: categoryAxis(r, rows, { inverse: true }),
    visualMap: {
      type: 'continuous', min, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, itemWidth: 10,
      inRange: { color: ramp },
      textStyle: { color: r.theme.muted },
      formatter: (v: unknown) => r.fmtAxis(Number(v)),
    },
    series: [{ type: 'heatmap', id: 'heatmap', name: r.panel.title || 'value', data, emphasis: { itemStyle: { borderColor: r.theme.text, borderWidth: 1 } } }],
  };
}

/** The stat panel's sparkline: the first series as a small area line, no axes. */
export function statSparklineOption(r: Resolved, answer: QueryAnswer): EChartsOption {
  const s = answer.series[0];
  const scheme = r.panel.options?.colorScheme ?? r.ctx.scheme;
  const color = thresholdColor(s ? lastValue(s.points) : null, r.panel.options?.thresholds, scheme, r.colors[0]);
  // In the browser the panel shows the number in HTML (statModel); a standalone
  // chart (reports) draws it above the sparkline.
  const stat = r.ctx.standalone && s ? statModel(answer, r.spec) : null;
  const numberTitle = stat
    ? { show: true, text: stat.formatted, subtext: [stat.change === null ? '' : `${stat.changeText} vs previous`, stat.inProgress ? `so far: ${stat.inProgress.formatted}` : ''].filter(Boolean).join(' · '), left: 8, top: 4, textStyle: { color: color, fontSize: 28, fontWeight: 'bold' as const }, subtextStyle: { color: r.theme.muted } }
    : null;
  return {
    ...baseOption(r),
    ...(s ? {} : { title: emptyTitle(r) }),
    ...(numberTitle ? { title: numberTitle } : {}),
    tooltip: { ...(baseOption(r).tooltip as object), trigger: 'axis' },
    grid: { left: 0, right: 0, top: numberTitle ? '45%' : 4, bottom: 0 },
    xAxis: { ...timeAxis(r, answer.meta.from, answer.meta.to), show: false },
    yAxis: { type: 'value', show: false, scale: true },
    series: s ? [{ type: 'line', id: seriesId(s), name: seriesName(s), data: s.points, showSymbol: false, connectNulls: true, color, lineStyle: { width: 1.5 }, areaStyle: { opacity: 0.2 } }] : [],
  };
}
