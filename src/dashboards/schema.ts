import { Type, type Static } from 'typebox';
import { MetricQuerySchema } from '../core/schemas.js';
import { DEFINITION_NAME_PATTERN } from '../core/names.js';

/**
 * The dashboard document (`kind: dashboard`). This file is the contract between
 * the server (validation, apply/export), the web UI and the chart builders in
 * `src/charts/`: it imports nothing that needs Node, so the browser bundle can use it.
 */
export const PANEL_TYPES = [
  'timeseries', // line / area, stacked (options.area, options.stack)
  'bar', // grouped / stacked (options.stack), horizontal (options.horizontal); x = time buckets or a groupBy value
  'pie', // pie / donut (options.donut); one slice per group
  'heatmap', // time × group
  'table', // sortable, CSV download
  'stat', // big number, sparkline, change vs the previous period
  'gauge',
  'bargauge',
  'scatter', // two measures, one point per group or bucket
  'histogram', // distribution of a measure's values over the buckets (options.bins)
  'radar', // measures as axes, one shape per group
  'funnel', // measures (or groups) as funnel steps
  'text', // Markdown (options.markdown); no query
  'kpi', // KPI scorecard (options.kpis: names; all when absent); no query
  'forecast', // history + forecast + 80/95 % intervals (options.horizon)
  'anomaly', // band + flagged points (options.sensitivity)
  'alerts', // alert instances list (options.states); no query
] as const;
export type PanelType = (typeof PANEL_TYPES)[number];

export const COLOR_SCHEMES = ['almanac', 'okabe-ito', 'viridis', 'warm', 'cool'] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

const Layout = Type.Object({
  x: Type.Integer({ minimum: 0, maximum: 23, description: 'column, 0-based, on a 24-column grid' }),
  y: Type.Integer({ minimum: 0, maximum: 10000 }),
  w: Type.Integer({ minimum: 1, maximum: 24 }),
  h: Type.Integer({ minimum: 1, maximum: 100, description: 'rows of 30 px' }),
}, { additionalProperties: false });

export const PanelOptionsSchema = Type.Object({
  area: Type.Optional(Type.Boolean()),
  stack: Type.Optional(Type.Boolean()),
  horizontal: Type.Optional(Type.Boolean()),
  donut: Type.Optional(Type.Boolean()),
  /** Markdown for text panels. */
  markdown: Type.Optional(Type.String({ maxLength: 20000 })),
  unit: Type.Optional(Type.String({ maxLength: 64 })),
  /** number | percent | currency | bytes | duration-ms; defaults to the metric's format. */
  format: Type.Optional(Type.String({ maxLength: 64 })),
  decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  /** Values at which colour changes (gauge, bar gauge, stat), ascending. */
  thresholds: Type.Optional(Type.Array(Type.Number(), { maxItems: 10 })),
  bins: Type.Optional(Type.Integer({ minimum: 2, maximum: 200 })),
  horizon: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  sensitivity: Type.Optional(Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')])),
  kpis: Type.Optional(Type.Array(Type.String({ pattern: DEFINITION_NAME_PATTERN }), { maxItems: 100 })),
  states: Type.Optional(Type.Array(Type.String({ maxLength: 16 }), { maxItems: 5 })),
  colorScheme: Type.Optional(Type.Unsafe<ColorScheme>(Type.Union(COLOR_SCHEMES.map((c) => Type.Literal(c))))),
  legend: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const PanelSchema = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
  title: Type.String({ maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  // Unsafe<…> only fixes the static type (a union built from an array is `never` to TypeBox); the JSON schema is the same union of literals.
  type: Type.Unsafe<PanelType>(Type.Union(PANEL_TYPES.map((t) => Type.Literal(t)))),
  /**
   * The metric query (ARCHITECTURE §4). `from`/`to` are usually left out: the
   * dashboard's time range applies. Absent for text, kpi and alerts panels.
   */
  query: Type.Optional(MetricQuerySchema),
  options: Type.Optional(PanelOptionsSchema),
  layout: Layout,
}, { additionalProperties: false });

/** A dimension filter applied to every panel whose dataset has the column. */
export const VariableSchema = Type.Object({
  name: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
  label: Type.Optional(Type.String({ maxLength: 100 })),
  dataset: Type.String({ maxLength: 128 }),
  column: Type.String({ maxLength: 128 }),
  multi: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const DashboardDocSchema = Type.Object({
  kind: Type.Literal('dashboard'),
  name: Type.String({ pattern: DEFINITION_NAME_PATTERN }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })),
  /** Default time range: relative (`-24h`, `now-7d`) or ISO times. */
  time: Type.Optional(Type.Object({ from: Type.String({ maxLength: 64 }), to: Type.String({ maxLength: 64 }) }, { additionalProperties: false })),
  /** Auto-refresh interval (`30s`, `5m`) or `off`. */
  refresh: Type.Optional(Type.String({ maxLength: 16 })),
  /** Push new rows to the panels as they land (SSE). */
  live: Type.Optional(Type.Boolean()),
  colorScheme: Type.Optional(Type.Unsafe<ColorScheme>(Type.Union(COLOR_SCHEMES.map((c) => Type.Literal(c))))),
  variables: Type.Optional(Type.Array(VariableSchema, { maxItems: 20 })),
  panels: Type.Array(PanelSchema, { maxItems: 100 }),
}, { additionalProperties: false });

export type PanelOptions = Static<typeof PanelOptionsSchema>;
export type Panel = Static<typeof PanelSchema>;
export type DashboardVariable = Static<typeof VariableSchema>;
export type DashboardDoc = Static<typeof DashboardDocSchema>;
