import { expect } from 'vitest';
import type { DatasetDef } from '../core/dataset.js';
import { AlmanacError } from '../core/errors.js';

/** Shared by unit tests (not part of the build). */

/** The error `fn` throws, asserted to be an AlmanacError. */
export function errorOf(fn: () => unknown): AlmanacError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AlmanacError);
    return e as AlmanacError;
  }
  throw new Error('expected an error');
}

/** A small request-log dataset with one column of each type. */
export const httpDataset: DatasetDef = {
  kind: 'dataset',
  name: 'http',
  timeColumn: 'time',
  columns: [
    { name: 'time', type: 'time' },
    { name: 'service', type: 'string' },
    { name: 'status', type: 'number' },
    { name: 'duration_ms', type: 'number' },
    { name: 'ok', type: 'boolean' },
  ],
};
