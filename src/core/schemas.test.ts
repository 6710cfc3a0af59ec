import { describe, expect, it } from 'vitest';
import { DatasetDocSchema, schemaIssues } from './schemas.js';

describe('schemaIssues', () => {
  it.each([
    ['a union of literals is one issue naming the allowed values',
      { kind: 'dataset', name: 'x', timeColumn: 't', columns: [{ name: 't', type: 'tiem' }] },
      [{ path: 'doc.columns[0].type', message: 'must be one of "time", "string", "number", "boolean"' }]],
    ['a wrong literal names the expected one',
      { kind: 'metric', name: 'x', timeColumn: 't', columns: [{ name: 't', type: 'time' }] },
      [{ path: 'doc.kind', message: 'must be "dataset"' }]],
    ['unknown fields are named',
      { kind: 'dataset', name: 'x', timeColumn: 't', columns: [{ name: 't', type: 'time' }], colour: 'red' },
      [{ path: 'doc', message: 'must not have additional properties: colour' }]],
  ])('%s', (_d, value, expected) => {
    expect(schemaIssues(DatasetDocSchema, value, 'doc')).toEqual(expected);
  });
});
