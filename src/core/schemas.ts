import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { Issue } from './errors.js';

/**
 * Schemas for every document and request body. The same objects validate input
 * and generate the OpenAPI document.
 */
const Name = Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$', description: 'lower-case letters, digits and _, starting with a letter' });
const ColumnName = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$' });
const DefName = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,127}$' });

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
  measures: Type.Optional(Type.Array(Type.String(), { maxItems: 50 })),
  filter: Type.Optional(Type.String({ maxLength: 10000 })),
  groupBy: Type.Optional(Type.Array(Type.String(), { maxItems: 10 })),
  from: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  to: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  step: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  fill: Type.Optional(Type.Union([Type.Literal('null'), Type.Literal('zero'), Type.Literal('previous')])),
}, { additionalProperties: false, description: 'The metric query (ARCHITECTURE §4).' });

export const IngestResultSchema = Type.Object({
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  deduplicated: Type.Integer(),
  errors: Type.Array(Type.Object({ row: Type.Integer(), column: Type.Optional(Type.String()), message: Type.String() })),
});

export const ErrorSchema = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), issues: Type.Optional(Type.Array(Type.Object({ path: Type.Optional(Type.String()), message: Type.String() }))) }),
}, { additionalProperties: true });

export const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('editor'), Type.Literal('viewer'), Type.Literal('ingest')]);
export const CreateKeySchema = Type.Object({ role: RoleSchema, name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

export type DatasetDoc = Static<typeof DatasetDocSchema>;
export type MetricDoc = Static<typeof MetricDocSchema>;

/** Every problem of `value` against `schema`, with JSON-pointer-like paths under `prefix`. */
export function schemaIssues(schema: TSchema, value: unknown, prefix = ''): Issue[] {
  const errors = [...Value.Errors(schema, value)];
  // A union of literals fails once per branch; say once which values are allowed.
  const allowed = new Map<string, unknown[]>();
  for (const e of errors) {
    if (e.keyword === 'const') allowed.set(e.instancePath, [...(allowed.get(e.instancePath) ?? []), (e.params as { allowedValue: unknown }).allowedValue]);
  }
  const issues: Issue[] = [];
  for (const e of errors) {
    if (e.keyword === 'boolean') continue; // duplicate of additionalProperties
    if (e.keyword === 'const' && allowed.get(e.instancePath)!.length > 1) continue;
    const where = `${prefix}${e.instancePath.replace(/\//g, '.').replace(/\.(\d+)/g, '[$1]')}`.replace(/^\./, '');
    let message = e.message;
    if (e.keyword === 'additionalProperties') message += `: ${(e.params as { additionalProperties: string[] }).additionalProperties.join(', ')}`;
    if (e.keyword === 'anyOf' && allowed.has(e.instancePath)) message = `must be one of ${allowed.get(e.instancePath)!.map((v) => JSON.stringify(v)).join(', ')}`;
    if (e.keyword === 'const') message = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    issues.push({ path: where || prefix.replace(/^\./, '') || '(document)', message });
  }
  return issues;
}
