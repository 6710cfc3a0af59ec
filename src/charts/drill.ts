import type { Panel } from '../dashboards/schema.js';
import type { Group, PanelData } from './answer.js';
import { groupLabel, parseSeriesId } from './series-name.js';

/** The parts of an ECharts mouse event `drillTarget` reads (`chart.on('click', params => …)`). */
export interface ChartClick {
  seriesId?: string;
  seriesName?: string;
  name?: string;
  data?: unknown;
}

function groupOfItem(data: unknown): Group | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const g = (data as { group?: unknown }).group;
  return g && typeof g === 'object' && !Array.isArray(g) ? (g as Group) : null;
}

const nonEmpty = (g: Group | null | undefined) => (g && Object.keys(g).length ? { ...g } : null);

/**
 * The filter a click on a chart means: `{ region: 'eu' }` for a click on the eu
 * series, bar or slice. Read from the clicked data item's `group`, else the
 * series id (`seriesId`), else a category name equal to a group's label. Null
 * when the click carries no group (a query without groupBy, an axis, a band).
 *
 * @example
 * chart.on('click', (p) => { const f = drillTarget(panel, answer, p); if (f) addFilterChips(f); });
 */
export function drillTarget(_panel: Panel, data: PanelData, params: ChartClick): Record<string, string | number | boolean | null> | null {
  const fromItem = nonEmpty(groupOfItem(params.data));
  if (fromItem) return fromItem;
  const fromId = nonEmpty(parseSeriesId(params.seriesId)?.group);
  if (fromId) return fromId;
  for (const label of [params.name, params.seriesName]) {
    if (!label) continue;
    const s = data.series.find((x) => Object.keys(x.group).length && groupLabel(x.group) === label);
    if (s) return { ...s.group };
  }
  return null;
}

/** The bucket time of a clicked data item (bars over time, heatmap cells, flagged points), or null. */
export function drillTime(params: ChartClick): number | null {
  const d = params.data;
  if (d && typeof d === 'object' && !Array.isArray(d) && typeof (d as { time?: unknown }).time === 'number') return (d as { time: number }).time;
  return null;
}
