import { Type } from 'typebox';
import { MetricQuerySchema } from '../../core/schemas.js';
import { DEFINITION_NAME_PATTERN } from '../../core/names.js';

/**
 * The `kind: alert` and `kind: silence` documents (ARCHITECTURE §3, §8).
 *
 * The condition is a closed union on `type` in TypeScript (`Condition` below),
 * but its schema is one object whose `type` is a union of literals and whose
 * other fields are optional: a JSON-Schema `anyOf` over six object shapes
 * reports an error per branch ("must have required properties op, value",
 * "must match a schema in anyOf") and never says which field of *your* type is
 * wrong. The per-type rules (which fields are required, which are refused) are
 * checked in `rule-kind.ts` with one message per problem.
 */
const Duration = Type.String({ maxLength: 32, description: 'a duration: 30s, 5m, 1h, 1d, 1w' });
const Labels = Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$' }), Type.String({ maxLength: 1000 }), { description: 'label name → value' });
const Op = Type.Union([Type.Literal('>'), Type.Literal('>='), Type.Literal('<'), Type.Literal('<='), Type.Literal('outside'), Type.Literal('inside')]);

export const CONDITION_TYPES = ['threshold', 'change', 'anomaly', 'forecast', 'nodata', 'kpi'] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

export const ConditionSchema = Type.Object({
  type: Type.Union(CONDITION_TYPES.map((t) => Type.Literal(t))),
  op: Type.Optional(Op),
  value: Type.Optional(Type.Number()),
  low: Type.Optional(Type.Number()),
  high: Type.Optional(Type.Number()),
  mode: Type.Optional(Type.Union([Type.Literal('relative'), Type.Literal('absolute')], { description: 'change: relative (percent) or absolute (default relative)' })),
  compareTo: Type.Optional(Type.Union([Type.Literal('previous'), Type.Literal('1d'), Type.Literal('1w')], { description: 'change: the previous window, or the same window a day or a week ago (default previous)' })),
  sensitivity: Type.Optional(Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')])),
  history: Type.Optional(Type.String({ maxLength: 32, description: 'anomaly, forecast: how much history the model learns from (default 7d)' })),
  threshold: Type.Optional(Type.Number({ description: 'forecast: the value the forecast must not cross' })),
  direction: Type.Optional(Type.Union([Type.Literal('above'), Type.Literal('below')])),
  horizon: Type.Optional(Type.String({ maxLength: 32, description: 'forecast: how far ahead to look, e.g. 6h' })),
  kpi: Type.Optional(Type.String({ maxLength: 128 })),
  category: Type.Optional(Type.Union([Type.Literal('good'), Type.Literal('average'), Type.Literal('poor')], { description: 'kpi: fire when the KPI falls to this category or below' })),
}, { additionalProperties: false, description: 'threshold | change | anomaly | forecast | nodata | kpi; see docs/alerts.md' });

const { from: _f, to: _t, ...queryProps } = MetricQuerySchema.properties;
/** The rule's query: `from`/`to` are accepted by the schema only so the check can say why they are refused. */
export const AlertQuerySchema = Type.Object({ ...queryProps, from: Type.Optional(Type.Unknown()), to: Type.Optional(Type.Unknown()) }, { additionalProperties: false });

export const AlertDocSchema = Type.Object({
  kind: Type.Literal('alert'),
  name: Type.String({ pattern: DEFINITION_NAME_PATTERN }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  query: Type.Optional(AlertQuerySchema),
  window: Type.Optional(Duration),
  reducer: Type.Optional(Type.String({ pattern: '^(last|avg|min|max|sum|p[0-9]{1,2})$', description: 'last | avg | min | max | sum | p50…p99: how the window\'s points become one value when the query has a step (default last)' })),
  condition: ConditionSchema,
  for: Type.Optional(Duration),
  keepFiringFor: Type.Optional(Duration),
  interval: Type.Optional(Duration),
  timeout: Type.Optional(Duration),
  severity: Type.Optional(Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')])),
  labels: Type.Optional(Labels),
  annotations: Type.Optional(Labels),
  summary: Type.Optional(Type.String({ maxLength: 2000, description: 'template: {{rule}}, {{value}}, {{labels.region}}, {{severity}}, {{state}}' })),
  channels: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 20 })),
  groupBy: Type.Optional(Type.Array(Type.String({ maxLength: 63 }), { maxItems: 10, description: 'labels that split notifications into groups (default: one group per rule)' })),
  repeatInterval: Type.Optional(Duration),
}, { additionalProperties: false });

export const MatcherSchema = Type.Object({
  label: Type.String({ minLength: 1, maxLength: 63 }),
  op: Type.Union([Type.Literal('='), Type.Literal('!='), Type.Literal('=~'), Type.Literal('!~')]),
  value: Type.String({ maxLength: 1000 }),
}, { additionalProperties: false });

const TimeText = Type.String({ maxLength: 64, description: 'ISO 8601 with an offset, e.g. 2026-01-01T00:00:00Z' });

export const SilenceDocSchema = Type.Object({
  kind: Type.Literal('silence'),
  name: Type.String({ pattern: DEFINITION_NAME_PATTERN }),
  matchers: Type.Array(MatcherSchema, { minItems: 1, maxItems: 20 }),
  startsAt: TimeText,
  endsAt: Type.Optional(TimeText),
  untilResolved: Type.Optional(Type.Boolean({ description: 'end when every instance the silence matched is back to normal' })),
  createdBy: Type.String({ maxLength: 200 }),
  comment: Type.String({ maxLength: 2000 }),
}, { additionalProperties: false });

/** POST /api/v1/silences: the server names it and sets createdBy. */
export const CreateSilenceSchema = Type.Object({
  matchers: SilenceDocSchema.properties.matchers,
  startsAt: Type.Optional(TimeText),
  endsAt: Type.Optional(TimeText),
  duration: Type.Optional(Type.String({ maxLength: 32, description: 'instead of endsAt: e.g. 2h from startsAt' })),
  untilResolved: Type.Optional(Type.Boolean()),
  comment: Type.String({ minLength: 1, maxLength: 2000 }),
}, { additionalProperties: false });

export type Severity = 'info' | 'warning' | 'critical';
export type Comparison = '>' | '>=' | '<' | '<=';

/** The condition as a closed union (what `rule-kind.ts` guarantees after its checks). */
export type Condition =
  | { type: 'threshold'; op: Comparison; value: number }
  | { type: 'threshold'; op: 'outside' | 'inside'; low: number; high: number }
  | { type: 'change'; mode?: 'relative' | 'absolute'; compareTo?: 'previous' | '1d' | '1w'; op: Comparison; value: number }
  | { type: 'anomaly'; sensitivity?: 'low' | 'medium' | 'high'; history?: string }
  | { type: 'forecast'; threshold: number; direction?: 'above' | 'below'; horizon: string; history?: string }
  | { type: 'nodata' }
  | { type: 'kpi'; kpi: string; category: 'good' | 'average' | 'poor' };

export interface AlertDoc {
  kind: 'alert';
  name: string;
  description?: string;
  /** Required by every condition but `kpi` (a KPI has its own query and period). */
  query: Record<string, unknown> & { groupBy?: string[]; step?: string; measures?: string[]; metric?: string };
  window: string;
  reducer?: string;
  condition: Condition;
  for?: string;
  keepFiringFor?: string;
  interval?: string;
  timeout?: string;
  severity?: Severity;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  summary?: string;
  channels?: string[];
  groupBy?: string[];
  repeatInterval?: string;
}

export interface Matcher { label: string; op: '=' | '!=' | '=~' | '!~'; value: string }

export interface SilenceDoc {
  kind: 'silence';
  name: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt?: string;
  untilResolved?: boolean;
  createdBy: string;
  comment: string;
}
