import type { EChartsOption } from 'echarts';
import { isAnomalyAnswer, isForecastAnswer, type AnomalyAnswer, type ForecastAnswer, type PanelData, type Point, type QueryAnswer } from './answer.js';
import { bandTooltip, baseOption, emptyTitle, gridOption, isHiddenRole, legendOption, timeAxis, valueAxis, type Resolved } from './chart-base.js';
import { STATUS } from './colors.js';
import { needsMeasure, seriesId, seriesName } from './series-name.js';

const finite = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

/**
 * A band between `lower` and `upper` as two stacked series: an invisible lower
 * edge and the width on top of it, filled. `stackStrategy: 'all'` stacks
 * negative values too (the default only stacks values of the same sign).
 * The width's data items keep the real bounds for the tooltip.
 */
function band(id: { measure: string; group: QueryAnswer['series'][number]['group'] }, role: string, name: string, color: string, opacity: number, rows: { time: number; lower: number | null; upper: number | null }[]) {
  const stack = `${seriesId(id)}:${role}`;
  const common = { type: 'line' as const, stack, stackStrategy: 'all' as const, symbol: 'none', silent: true, connectNulls: false, color };
  return [
    { ...common, id: seriesId(id, `${role}:hidden`), name: `${name} (lower)`, lineStyle: { opacity: 0 }, data: rows.map((p) => [p.time, p.lower]) },
    {
      ...common, id: seriesId(id, role), name, lineStyle: { opacity: 0 }, areaStyle: { opacity, color },
      data: rows.map((p) => ({ value: [p.time, p.lower !== null && p.upper !== null ? p.upper - p.lower : null], lower: p.lower, upper: p.upper })),
    },
  ];
}

function legendNames(series: { id: string; name: string }[]): string[] {
  return [...new Set(series.filter((s) => !isHiddenRole(JSON.parse(s.id).r)).map((s) => s.name))];
}

/**
 * History as a line, the forecast as a dashed line continuing from the last
 * observed bucket, and the 95 % and 80 % prediction intervals as bands. A plain
 * query answer draws the history alone.
 */
export function forecastOption(r: Resolved, data: PanelData): EChartsOption {
  const answer: ForecastAnswer = isForecastAnswer(data)
    ? data
    : { meta: data.meta, series: (data as QueryAnswer).series.map((s) => ({ measure: s.measure, group: s.group, history: s.points, forecast: [] })) };
  const withMeasure = needsMeasure(answer.series);
  const series = answer.series.flatMap((s, k) => {
    const color = r.colors[k % r.colors.length];
    const name = seriesName(s, withMeasure);
    const last = [...s.history].reverse().find((p) => p[1] !== null);
    const future: Point[] = s.forecast.map((p) => [p.time, finite(p.value)]);
    const rows = (lo: 'lower80' | 'lower95', hi: 'upper80' | 'upper95') => s.forecast.map((p) => ({ time: p.time, lower: finite(p[lo]), upper: finite(p[hi]) }));
    return [
      ...(s.forecast.length ? band(s, 'band95', `${name} 95 %`, color, 0.12, rows('lower95', 'upper95')) : []),
      ...(s.forecast.length ? band(s, 'band80', `${name} 80 %`, color, 0.22, rows('lower80', 'upper80')) : []),
      { type: 'line' as const, id: seriesId(s), name, color, data: s.history, showSymbol: false, lineStyle: { width: 1.5 }, connectNulls: false },
      ...(s.forecast.length
        ? [{ type: 'line' as const, id: seriesId(s, 'forecast'), name: `${name} forecast`, color, data: last ? [last, ...future] : future, showSymbol: false, lineStyle: { width: 1.5, type: 'dashed' as const } }]
        : []),
    ];
  });
  const end = Math.max(answer.meta.to, ...answer.series.flatMap((s) => s.forecast.map((p) => p.time)));
  const names = legendNames(series);
  return {
    ...baseOption(r),
    ...(answer.series.length === 0 ? { title: emptyTitle(r) } : {}),
    tooltip: { ...(baseOption(r).tooltip as object), trigger: 'axis', formatter: bandTooltip(r) },
    legend: legendOption(r, names.length, names),
    grid: gridOption(r, names.length),
    xAxis: timeAxis(r, answer.meta.from, end),
    yAxis: valueAxis(r, { scale: true }),
    series: series as EChartsOption['series'],
  };
}

/**
 * The value line, the detector's expected value (dashed) inside its band, and
 * the flagged points as markers. A plain query answer draws the value line alone.
 */
export function anomalyOption(r: Resolved, data: PanelData): EChartsOption {
  const answer: AnomalyAnswer = isAnomalyAnswer(data)
    ? data
    : { meta: data.meta, series: (data as QueryAnswer).series.map((s) => ({ measure: s.measure, group: s.group, points: s.points.map(([time, value]) => ({ time, value, isAnomaly: false, expected: null, lower: null, upper: null })) })) };
  const withMeasure = needsMeasure(answer.series);
  const scheme = r.panel.options?.colorScheme ?? r.ctx.scheme;
  const flagged = STATUS[scheme].bad;
  const series = answer.series.flatMap((s, k) => {
    const color = r.colors[k % r.colors.length];
    const name = seriesName(s, withMeasure);
    const hasBand = s.points.some((p) => finite(p.lower) !== null && finite(p.upper) !== null);
    return [
      ...(hasBand ? band(s, 'band', `${name} expected range`, color, 0.15, s.points.map((p) => ({ time: p.time, lower: finite(p.lower), upper: finite(p.upper) }))) : []),
      ...(hasBand ? [{ type: 'line' as const, id: seriesId(s, 'expected'), name: `${name} expected`, color, data: s.points.map((p) => [p.time, finite(p.expected)]), showSymbol: false, lineStyle: { width: 1, type: 'dashed' as const, opacity: 0.7 } }] : []),
      { type: 'line' as const, id: seriesId(s), name, color, data: s.points.map((p) => [p.time, finite(p.value)]), showSymbol: false, lineStyle: { width: 1.5 } },
      {
        type: 'scatter' as const, id: seriesId(s, 'anomalies'), name: `${name} anomalies`, color: flagged, symbol: 'circle', symbolSize: 9, z: 5,
        itemStyle: { borderColor: r.theme.background, borderWidth: 1 },
        data: s.points.filter((p) => p.isAnomaly && finite(p.value) !== null).map((p) => ({ value: [p.time, p.value], group: s.group, time: p.time, score: p.score ?? null })),
      },
    ];
  });
  const names = legendNames(series);
  return {
    ...baseOption(r),
    ...(answer.series.length === 0 ? { title: emptyTitle(r) } : {}),
    tooltip: { ...(baseOption(r).tooltip as object), trigger: 'axis', formatter: bandTooltip(r) },
    legend: legendOption(r, names.length, names),
    grid: gridOption(r, names.length),
    xAxis: timeAxis(r, answer.meta.from, answer.meta.to),
    yAxis: valueAxis(r, { scale: true }),
    series: series as EChartsOption['series'],
  };
}
