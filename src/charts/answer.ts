/**
 * What the chart builders draw. These types mirror the JSON the API returns
 * (`POST /api/v1/query`, `/forecast`, `/anomalies`, `GET /api/v1/kpis/scorecard`,
 * `GET /api/v1/alerts/instances`) structurally, so this module imports nothing
 * from the server side and the browser bundle stays free of Node code.
 * `QueryAnswer` of `src/query/run-query.ts` is assignable to `QueryAnswer` here.
 */

export type GroupValue = string | number | boolean | null;
export type Group = Record<string, GroupValue>;
/** `[epoch ms, value]`; a bucket with no data is `null`. */
export type Point = [number, number | null];

export interface AnswerSeries {
  measure: string;
  group: Group;
  points: Point[];
}

export interface QueryAnswer {
  series: AnswerSeries[];
  meta: { from: number; to: number; step?: string; rowsScanned?: number; elapsedMs?: number };
}

/** One future bucket of a forecast, with its 80 % and 95 % prediction intervals. */
export interface ForecastPoint {
  time: number;
  value: number | null;
  lower80: number | null;
  upper80: number | null;
  lower95: number | null;
  upper95: number | null;
}

export interface ForecastSeries {
  measure: string;
  group: Group;
  history: Point[];
  forecast: ForecastPoint[];
  model?: string;
}

/** The answer of `POST /api/v1/forecast`. */
export interface ForecastAnswer {
  series: ForecastSeries[];
  meta: QueryAnswer['meta'];
}

/** One scored bucket; detectors may answer `null` (NaN in JSON) before they have warmed up. */
export interface AnomalyPoint {
  time: number;
  value: number | null;
  score?: number | null;
  isAnomaly: boolean;
  expected: number | null;
  lower: number | null;
  upper: number | null;
}

export interface AnomalySeries {
  measure: string;
  group: Group;
  method?: string;
  points: AnomalyPoint[];
}

/** The answer of `POST /api/v1/anomalies`. */
export interface AnomalyAnswer {
  series: AnomalySeries[];
  meta: QueryAnswer['meta'];
}

/**
 * A row of the KPI scorecard (`GET /api/v1/kpis/scorecard`, `kpis[]`); only
 * `name` and `value` are required here. `change` and `forecast` are objects in
 * the scorecard (`{ relative, … }`, `{ value, text, … }`); plain numbers work too.
 */
export interface KpiRow {
  name: string;
  title?: string;
  value: number | null;
  target?: number | null;
  /** Percent of the target reached (100 = on target), as the scorecard gives it. */
  achievement?: number | null;
  /** `excellent | good | average | poor` in the scorecard; null without a value. */
  category?: string | null;
  /** Relative change vs the previous period (0.1 = +10 %), or the scorecard's change object. */
  change?: number | { relative: number | null } | null;
  /** Probability in [0, 1] that the category is not noise. */
  confidence?: number | null;
  /** The value expected at the period's end, or the scorecard's forecast object. */
  forecast?: number | { value: number; text?: string } | null;
  /** A running sum or count: scored on what it totals at this pace (`projected`), not on the value so far. */
  pace?: { projected: number | null; expectedShare: number; basis: string } | null;
  unit?: string;
  format?: string;
}

/** An alert instance (`GET /api/v1/alerts/instances`). */
export interface AlertInstance {
  rule: string;
  labels: Record<string, string>;
  state: string;
  /** `normal | pending | firing | nodata | error`. Epoch ms or ISO time the instance entered its state below. */
  since: number | string;
  value: number | null;
  severity: string;
  silenced: boolean;
}

/**
 * The data of a panel that ECharts draws: a query answer for most types, a
 * forecast answer for `forecast`, an anomaly answer for `anomaly` (a plain query
 * answer there draws the history alone).
 */
export type PanelData = QueryAnswer | ForecastAnswer | AnomalyAnswer;

export function isForecastAnswer(d: PanelData): d is ForecastAnswer {
  return d.series.some((s) => Array.isArray((s as ForecastSeries).history));
}

export function isAnomalyAnswer(d: PanelData): d is AnomalyAnswer {
  // Scored points are objects, query points are [time, value] pairs; a series without points says nothing.
  const withPoints = (d.series as { points?: unknown[] }[]).find((s) => s.points?.length);
  const first = withPoints?.points?.[0];
  return first !== undefined && !Array.isArray(first);
}
