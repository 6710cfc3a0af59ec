import type { EChartsOption } from 'echarts';
import type { Group, QueryAnswer } from './answer.js';
import { baseOption, categoryAxis, emptyTitle, escapeHtml, gridOption, lastValue, legendOption, niceCeil, sumValues, timeAxis, valueAxis, type Resolved } from './chart-base.js';
import { thresholdColor, thresholdStops } from './colors.js';
import { groupLabel, needsMeasure, seriesId, seriesKey, seriesName } from './series-name.js';

/*
 * Charts of one value per series. Part-of-whole charts (pie, funnel) add up the
 * buckets of a stepped query; current-value charts (gauge, bar gauge, radar) take
 * the newest non-null bucket. Without a step each series has one point anyway.
 */

function schemeOf(r: Resolved) {
  return r.panel.options?.colorScheme ?? r.ctx.scheme;
}

/** One slice per series; `options.donut` cuts a hole. Slices carry their group for drill-down. */
export function pieOption(r: Resolved, answer: QueryAnswer): EChartsOption {
  const withMeasure = needsMeasure(answer.series);
  const data = answer.series
    .map((s) => ({ name: seriesName(s, withMeasure), value: sumValues(s.points), group: s.group, measure: s.measure }))
    .filter((d): d is typeof d & { value: number } => d.value !== null && d.value > 0);
  return {
    ...baseOption(r),
    ...(data.length === 0 ? { title: emptyTitle(r) } : {}),
    tooltip: { ...(baseOption(r).tooltip as object), trigger: 'item' },
    legend: { ...(legendOption(r, data.length) as object), type: 'scroll' },
    series: [{
      type: 'pie', id: 'pie', name: r.panel.title || 'share',
      radius: (r.panel.options?.donut ? ['45%', '70%'] : [0, '70%']) as [string | number, string],
      center: ['50%', '45%'],
      data,
      label: { color: r.theme.text, formatter: '{b}: {d}%' },
      itemStyle: { borderColor: r.theme.background, borderWidth: 1 },
    }],
  };
}

/** A dial for the first series' newest value; thresholds colour the dial. */
export function gaugeOption(r: Resolved, answer: QueryAnswer): EChartsOption {
  const o = r.panel.options ?? {};
  const s = answer.series[0];
  const value = s ? lastValue(s.points) : null;
  const min = o.min ?? 0;
  const max = o.max ?? niceCeil(Math.max(value ?? 0, ...(o.thresholds ?? []), min + Number.EPSILON));
  // No value, no needle: a needle at 0 would read as a real zero.
  const dial = s && value !== null ? [{ value, name: seriesName(s), group: s.group }] : [];
  return {
    ...baseOption(r),
    tooltip: { ...(baseOption(r).tooltip as object), trigger: 'item' },
    series: [{
      type: 'gauge', id: s ? seriesId(s) : 'gauge', name: s ? seriesName(s) : r.panel.title,
      min, max, splitNumber: 4, radius: '90%', center: ['50%', '58%'],
      progress: { show: !o.thresholds?.length, width: 12 },
      axisLine: { lineStyle: { width: 12, color: o.thresholds?.length ? thresholdStops(o.thresholds, min, max, schemeOf(r), r.colors[0]) : [[1, r.theme.grid]] } },
      axisLabel: { color: r.theme.muted, distance: 16, fontSize: 10, formatter: (v: number) => r.fmtAxis(v) },
      splitLine: { length: 8, distance: 0, lineStyle: { color: r.theme.axis } },
      axisTick: { show: false },
      pointer: { length: '60%', width: 5, itemStyle: { color: r.theme.text } },
      anchor: { show: true, size: 8, itemStyle: { color: r.theme.text } },
      // The series name is the panel's title already; the value sits under the dial.
      title: { show: false },
      detail: { valueAnimation: false, color: r.theme.text, fontSize: 18, offsetCenter: [0, '62%'], formatter: (v: number) => r.fmt(v) },
      itemStyle: { color: r.colors[0] },
      data: dial,
    }],
  };
}

/** One horizontal bar per series (newest value), coloured by thresholds, over a track to the maximum. */
export function barGaugeOption(r: Resolved, answer: QueryAnswer): EChartsOption {
  const o = r.panel.options ?? {};
  const withMeasure = needsMeasure(answer.series);
  const items = answer.series.map((s) => ({ name: seriesName(s, withMeasure), value: lastValue(s.points), group: s.group }));
  const top = Math.max(0, ...items.map((d) => d.value ?? 0), ...(o.thresholds ?? []));
  const max = o.max ?? niceCeil(top);
  return {
    ...baseOption(r),
    ...(items.length === 0 ? { title: emptyTitle(r) } : {}),
    tooltip: { ...(baseOption(r).tooltip as object), trigger: 'item' },
    grid: { left: 12, right: 72, top: 8, bottom: 8, outerBoundsMode: 'same' as const, outerBoundsContain: 'axisLabel' as const },
    xAxis: valueAxis(r, { min: o.min ?? 0, max, show: false }),
    yAxis: categoryAxis(r, items.map((d) => d.name), { inverse: true, axisTick: { show: false }, axisLine: { show: false } }),
    series: [{
      type: 'bar', id: 'bargauge', name: r.panel.title || 'value',
      showBackground: true, backgroundStyle: { color: r.theme.grid },
      barMaxWidth: 28,
      label: { show: true, position: 'right', color: r.theme.text, formatter: (p: { value?: unknown }) => r.fmt(typeof p.value === 'number' ? p.value : null) },
      data: items.map((d) => ({ value: d.value, group: d.group, itemStyle: { color: thresholdColor(d.value, o.thresholds, schemeOf(r), r.colors[0]) } })),
    }],
  };
}

/**
 * Two measures against each other: x = the first, y = the second, one point per
 * bucket (or per group without a step), one scatter series per group. With one
 * measure, the values over time.
 */
export function scatterOption(r: Resolved, answer: QueryAnswer): EChartsOption {
  const measures = [...new Set(answer.series.map((s) => s.measure))];
  const base = { ...baseOption(r), tooltip: { ...(baseOption(r).tooltip as object), trigger: 'item' as const } };
  if (measures.length < 2) {
    const withMeasure = needsMeasure(answer.series);
    return {
      ...base,
      ...(answer.series.length === 0 ? { title: emptyTitle(r) } : {}),
      legend: legendOption(r, answer.series.length),
      grid: gridOption(r, answer.series.length),
      xAxis: timeAxis(r, answer.meta.from, answer.meta.to),
      yAxis: valueAxis(r, { scale: true }),
      series: answer.series.map((s) => ({
        type: 'scatter' as const, id: seriesId(s), name: seriesName(s, withMeasure), symbolSize: 7,
        data: s.points.filter((p) => p[1] !== null).map(([t, v]) => ({ value: [t, v], group: s.group, time: t })),
      })),
    };
  }
  const [mx, my] = measures;
  const groups = new Map<string, Group>();
  for (const s of answer.series) groups.set(JSON.stringify(s.group), s.group);
  const series = [...groups.values()].map((g) => {
    const xs = answer.series.find((s) => seriesKey(s) === seriesKey({ measure: mx, group: g }));
    const ys = answer.series.find((s) => seriesKey(s) === seriesKey({ measure: my, group: g }));
    const yAt = new Map(ys?.points ?? []);
    const data = (xs?.points ?? []).flatMap(([t, x]) => {
      const y = yAt.get(t);
      return x !== null && y !== null && y !== undefined ? [{ value: [x, y], group: g, time: t }] : [];
    });
    return { type: 'scatter' as const, id: seriesId({ measure: `${mx} × ${my}`, group: g }), name: groupLabel(g) || `${mx} × ${my}`, symbolSize: 8, data };
  });
  const points = series.reduce((n, s) => n + s.data.length, 0);
  const num = (v: unknown) => r.fmt(typeof v === 'number' ? v : null);
  return {
    ...base,
    ...(points === 0 ? { title: emptyTitle(r) } : {}),
    tooltip: {
      ...base.tooltip,
      formatter: (p: unknown) => {
        const { value = [], seriesName = '' } = p as { value?: unknown[]; seriesName?: string };
        return `${escapeHtml(seriesName)}<br/>${escapeHtml(mx)}: ${num(value[0])}<br/>${escapeHtml(my)}: ${num(value[1])}`;
      },
    },
    legend: legendOption(r, series.length),
    grid: { ...(gridOption(r, series.length) as object), top: 28, bottom: r.showLegend(series.length) ? 44 : 28 },
    xAxis: valueAxis(r, { name: mx, nameLocation: 'middle', nameGap: 26, scale: true, nameTextStyle: { color: r.theme.muted } }),
    yAxis: valueAxis(r, { name: my, scale: true, nameTextStyle: { color: r.theme.muted } }),
    series,
  };
}

/** Equal-width bins over values: `edges` has one more entry than `counts`; the last bin includes its upper edge. */
export function histogramBins(values: readonly number[], bins?: number): { edges: number[]; counts: number[] } {
  const finite = values.filter((v) => Number.isFinite(v));
  if (!finite.length) return { edges: [], counts: [] };
  // Sturges' rule (k = ⌈log2 n⌉ + 1) when the panel does not say.
  const k = Math.max(2, Math.min(200, bins ?? Math.ceil(Math.log2(finite.length)) + 1));
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  const width = (hi - lo) / k;
  const edges = Array.from({ length: k + 1 }, (_, i) => (i === k ? hi : lo + i * width));
  const counts = new Array<number>(k).fill(0);
  for (const v of finite) counts[Math.min(k - 1, Math.floor((v - lo) / width))]++;
  return { edges, counts };
}

/** Distribution of the first measure's bucket values: one bar series per group over shared bins. */
export function histogramOption(r: Resolved, answer: QueryAnswer): EChartsOption {
  const measure = answer.series[0]?.measure;
  const series = answer.series.filter((s) => s.measure === measure);
  const perSeries = series.map((s) => s.points.map((p) => p[1]).filter((v): v is number => v !== null && Number.isFinite(v)));
  const { edges } = histogramBins(perSeries.flat(), r.panel.options?.bins);
  const labels = edges.slice(0, -1).map((e, i) => `${r.fmtAxis(e)}–${r.fmtAxis(edges[i + 1])}`);
  const out = series.map((s, k) => {
    // Same edges for every group: bin each group's values against the shared range.
    const counts = new Array<number>(labels.length).fill(0);
    const lo = edges[0];
    const width = (edges[edges.length - 1] - lo) / labels.length;
    for (const v of perSeries[k]) counts[Math.min(labels.length - 1, Math.floor((v - lo) / width))]++;
    return {
      type: 'bar' as const, id: seriesId(s), name: Object.keys(s.group).length ? groupLabel(s.group) : s.measure,
      barGap: '0%', barCategoryGap: '2%',
      data: counts.map((c, i) => ({ value: c, range: [edges[i], edges[i + 1]], group: s.group })),
    };
  });
  return {
    ...baseOption(r),
    ...(labels.length === 0 ? { title: emptyTitle(r) } : {}),
    tooltip: { ...(baseOption(r).tooltip as object), trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${v} buckets` },
    legend: legendOption(r, out.length),
    // Room under the labels for the axis name (and the legend under that).
    grid: { ...(gridOption(r, out.length) as object), bottom: r.showLegend(out.length) ? 56 : 28 },
    xAxis: categoryAxis(r, labels, { name: measure, nameLocation: 'middle', nameGap: 28, nameTextStyle: { color: r.theme.muted } }),
    yAxis: { ...valueAxis(r), axisLabel: { color: r.theme.muted }, minInterval: 1 },
    series: out,
  };
}

/**
 * Measures as axes and one shape per group (three measures or more); with fewer
 * measures, groups become the axes and each measure one shape.
 */
export function radarOption(r: Resolved, answer: QueryAnswer): EChartsOption {
  const measures = [...new Set(answer.series.map((s) => s.measure))];
  const groups = new Map<string, Group>();
  for (const s of answer.series) groups.set(seriesKey({ measure: '', group: s.group }), s.group);
  const groupList = [...groups.values()];
  const valueOf = (m: string, g: Group) => {
    const s = answer.series.find((x) => seriesKey(x) === seriesKey({ measure: m, group: g }));
    return s ? lastValue(s.points) : null;
  };
  const byMeasure = measures.length >= 3 || groupList.length < 3;
  const axes = byMeasure ? measures : groupList.map((g) => groupLabel(g) || '(all)');
  const shapes = byMeasure
    ? groupList.map((g) => ({ name: groupLabel(g) || 'value', group: g, value: measures.map((m) => valueOf(m, g)) }))
    : measures.map((m) => ({ name: m, group: {}, value: groupList.map((g) => valueOf(m, g)) }));
  const max = axes.map((_, i) => r.panel.options?.max ?? niceCeil(Math.max(0, ...shapes.map((s) => s.value[i] ?? 0))));
  return {
    ...baseOption(r),
    ...(shapes.length === 0 ? { title: emptyTitle(r) } : {}),
    tooltip: { ...(baseOption(r).tooltip as object), trigger: 'item' },
    legend: legendOption(r, shapes.length),
    radar: {
      indicator: axes.map((name, i) => ({ name, max: max[i], min: r.panel.options?.min ?? 0 })),
      radius: '62%',
      axisName: { color: r.theme.muted },
      splitLine: { lineStyle: { color: r.theme.grid } },
      axisLine: { lineStyle: { color: r.theme.axis } },
      splitArea: { show: false },
    },
    series: [{ type: 'radar', id: 'radar', name: r.panel.title || 'radar', areaStyle: { opacity: 0.15 }, data: shapes.map((s) => ({ ...s, value: s.value.map((v) => v ?? 0) })) }],
  };
}

/** Funnel steps: one per series (measures or groups), summed over buckets, widest first. */
export function funnelOption(r: Resolved, answer: QueryAnswer): EChartsOption {
  const withMeasure = needsMeasure(answer.series);
  const data = answer.series
    .map((s) => ({ name: seriesName(s, withMeasure), value: sumValues(s.points), group: s.group, measure: s.measure }))
    .filter((d): d is typeof d & { value: number } => d.value !== null);
  const max = Math.max(0, ...data.map((d) => d.value));
  return {
    ...baseOption(r),
    ...(data.length === 0 ? { title: emptyTitle(r) } : {}),
    tooltip: { ...(baseOption(r).tooltip as object), trigger: 'item' },
    legend: legendOption(r, data.length),
    series: [{
      type: 'funnel', id: 'funnel', name: r.panel.title || 'funnel',
      left: '10%', width: '80%', top: 12, bottom: r.showLegend(data.length) ? 40 : 12,
      min: 0, max: max || 1, sort: 'descending', gap: 2,
      label: { show: true, position: 'inside', color: '#ffffff', formatter: (p: { name?: string; value?: unknown }) => `${p.name}: ${r.fmt(typeof p.value === 'number' ? p.value : null)}` },
      itemStyle: { borderColor: r.theme.background, borderWidth: 1 },
      data,
    }],
  };
}
