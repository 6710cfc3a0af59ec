import { Type, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { Issue } from './errors.js';
import { COLUMN_NAME_PATTERN, DEFINITION_NAME_PATTERN, RESOURCE_NAME_PATTERN } from './names.js';

/**
 * Schemas for every document and request body. The same objects validate input
 * and generate the OpenAPI document.
 */
const Name = Type.String({ pattern: RESOURCE_NAME_PATTERN, description: 'lower-case letters, digits and _, starting with a letter' });
export const ColumnName = Type.String({ pattern: COLUMN_NAME_PATTERN, description: 'letters, digits and _; not starting with __' });
const DefName = Type.String({ pattern: DEFINITION_NAME_PATTERN });

export const ColumnSchema = Type.Object({
  name: ColumnName,
  type: Type.Union([Type.Literal('time'), Type.Literal('string'), Type.Literal('number'), Type.Literal('boolean')]),
}, { additionalProperties: false });

export const DatasetDocSchema = Type.Object({
  kind: Type.Literal('dataset'),
  name: Name,
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  timeColumn: ColumnName,
  idColumn: Type.Optional(ColumnName),
  columns: Type.Array(ColumnSchema, { minItems: 1, maxItems: 1000 }),
}, { additionalProperties: false });

export const MetricDocSchema = Type.Object({
  kind: Type.Literal('metric'),
  name: DefName,
  dataset: Name,
  expr: Type.String({ minLength: 1, maxLength: 4000 }),
  unit: Type.Optional(Type.String({ maxLength: 64 })),
  format: Type.Optional(Type.String({ maxLength: 64 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });

export const MetricQuerySchema = Type.Object({
  dataset: Type.Optional(Type.String()),
  metric: Type.Optional(Type.String()),
  measures: Type.Optional(Type.Array(Type.String({ maxLength: 4000 }), { maxItems: 50 })),
  filter: Type.Optional(Type.String({ maxLength: 10000 })),
  groupBy: Type.Optional(Type.Array(Type.String(), { maxItems: 10 })),
  from: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  to: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  step: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  fill: Type.Optional(Type.Union([Type.Literal('null'), Type.Literal('zero'), Type.Literal('previous')])),
}, { additionalProperties: false, description: 'The metric query (ARCHITECTURE §4).' });

export const ForecastRequestSchema = Type.Object({
  query: MetricQuerySchema,
  horizon: Type.Integer({ minimum: 1, maximum: 10000 }),
  season: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 100000 }), Type.Literal('auto')])),
  model: Type.Optional(Type.String({ maxLength: 64, description: 'auto, or one model: naive, seasonal-naive, drift, naive2, ses, holt, damped, hw-additive, hw-multiplicative, theta, robust-trend, ets, mstl' })),
  threshold: Type.Optional(Type.Number({ description: 'capacity question: when does the forecast (and its 95 % bounds) cross this value?' })),
  direction: Type.Optional(Type.Union([Type.Literal('above'), Type.Literal('below')])),
}, { additionalProperties: false });

export const AnomaliesRequestSchema = Type.Object({
  query: MetricQuerySchema,
  sensitivity: Type.Optional(Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')])),
  method: Type.Optional(Type.Union([Type.Literal('streaming'), Type.Literal('robust-zscore'), Type.Literal('decomposition-residuals'), Type.Literal('seasonal-esd')], {
    description: 'streaming (default; each point scored from earlier points only) or a batch method over the whole range',
  })),
}, { additionalProperties: false });

const TimeValue = Type.Union([Type.String({ maxLength: 64 }), Type.Number()]);
const Period = Type.Object({ from: TimeValue, to: TimeValue }, { additionalProperties: false });

export const CorrelationRequestSchema = Type.Object({
  x: MetricQuerySchema,
  y: MetricQuerySchema,
  method: Type.Optional(Type.Union([Type.Literal('pearson'), Type.Literal('spearman')])),
  maxLag: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
}, { additionalProperties: false });

export const ContributionRequestSchema = Type.Object({
  query: MetricQuerySchema,
  ratio: Type.Optional(Type.Object({ numerator: Type.String({ maxLength: 4000 }), denominator: Type.String({ maxLength: 4000 }) }, { additionalProperties: false })),
  before: Period,
  after: Period,
}, { additionalProperties: false });

export const ExperimentRequestSchema = Type.Object({
  dataset: Type.String(),
  variantColumn: Type.String(),
  control: Type.Optional(Type.String()),
  conversion: Type.Optional(Type.String({ maxLength: 4000, description: 'a condition marking a converting row, e.g. purchased = true' })),
  value: Type.Optional(Type.String({ description: 'a number column compared by its mean' })),
  filter: Type.Optional(Type.String({ maxLength: 10000 })),
  from: Type.Optional(TimeValue),
  to: Type.Optional(TimeValue),
  confidence: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
  expectedSplit: Type.Optional(Type.Array(Type.Number({ exclusiveMinimum: 0 }), { maxItems: 100 })),
}, { additionalProperties: false });

export const MultivariateRequestSchema = Type.Object({
  query: MetricQuerySchema,
  sensitivity: Type.Optional(Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')])),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, description: 'the forest is random but seeded: the same seed gives the same scores' })),
}, { additionalProperties: false });

export const TrendRequestSchema = Type.Object({
  query: MetricQuerySchema,
  per: Type.Optional(Type.String({ maxLength: 16, description: 'slopes per this duration, e.g. 1h, 1d (default 1d)' })),
  alpha: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
}, { additionalProperties: false });

export const ChangepointRequestSchema = Type.Object({
  query: MetricQuerySchema,
  kind: Type.Optional(Type.Union([Type.Literal('level'), Type.Literal('slope'), Type.Literal('both')])),
  minSegment: Type.Optional(Type.Integer({ minimum: 2, maximum: 100000 })),
  penalty: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
}, { additionalProperties: false });

export const IngestResultSchema = Type.Object({
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  deduplicated: Type.Integer(),
  errors: Type.Array(Type.Object({ row: Type.Integer(), column: Type.Optional(Type.String()), message: Type.String() })),
});

export const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('editor'), Type.Literal('viewer'), Type.Literal('ingest')]);
export const CreateKeySchema = Type.Object({ role: RoleSchema, name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

/** Every problem of `value` against `schema`, with paths like `columns[0].type` under `prefix`. */
export function schemaIssues(schema: TSchema, value: unknown, prefix = ''): Issue[] {
  return formatSchemaErrors([...Value.Errors(schema, value)], prefix);
}

/** A JSON Schema validation error, as both TypeBox and Ajv (Fastify) report them. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: unknown;
  message?: string;
}

/**
 * Issues for people from schema errors. A union of literals fails once per
 * branch; that becomes one issue naming the allowed values.
 */
export function formatSchemaErrors(errors: SchemaError[], prefix = ''): Issue[] {
  const allowed = new Map<string, unknown[]>();
  for (const e of errors) {
    if (e.keyword === 'const') allowed.set(e.instancePath, [...(allowed.get(e.instancePath) ?? []), (e.params as { allowedValue: unknown }).allowedValue]);
  }
  const issues: Issue[] = [];
  for (const e of errors) {
    if (e.keyword === 'boolean') continue; // duplicate of additionalProperties
    if (e.keyword === 'const' && allowed.get(e.instancePath)!.length > 1) continue;
    const where = `${prefix}${e.instancePath.replace(/\//g, '.').replace(/\.(\d+)/g, '[$1]')}`.replace(/^\./, '');
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      const p = e.params as { additionalProperties?: string[]; additionalProperty?: string };
      message += `: ${p.additionalProperties?.join(', ') ?? p.additionalProperty}`;
    }
    if (e.keyword === 'anyOf' && allowed.has(e.instancePath)) message = `must be one of ${allowed.get(e.instancePath)!.map((v) => JSON.stringify(v)).join(', ')}`;
    if (e.keyword === 'const') message = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    issues.push({ path: where || prefix.replace(/^\./, '') || '(document)', message });
  }
  return issues;
}
