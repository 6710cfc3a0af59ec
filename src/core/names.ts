import { AlmanacError } from './errors.js';

/**
 * Names that become parts of SQL identifiers (workspaces, datasets, columns) are
 * restricted to a safe alphabet, so the store can quote them without ever
 * interpreting request text. Column names starting with `__` are reserved for
 * the columns Almanac's own SQL introduces.
 */
export const COLUMN_NAME_PATTERN = '^(?!__)[A-Za-z_][A-Za-z0-9_]{0,62}$';
export const RESOURCE_NAME_PATTERN = '^[a-z][a-z0-9_]{0,62}$';
export const DEFINITION_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_.-]{0,127}$';
const COLUMN_NAME = new RegExp(COLUMN_NAME_PATTERN);
const RESOURCE_NAME = new RegExp(RESOURCE_NAME_PATTERN);

export function isColumnName(s: string): boolean {
  return COLUMN_NAME.test(s);
}

export const COLUMN_NAME_RULE = 'use letters, digits and _ (starting with a letter or a single _), at most 63 characters';

/** Workspace and dataset names: lower case, start with a letter, at most 63 characters. */
export function checkResourceName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || !RESOURCE_NAME.test(name)) {
    throw new AlmanacError('bad_request', `invalid ${kind} name ${JSON.stringify(name)}: use 1–63 lower-case letters, digits and _ starting with a letter`);
  }
  return name;
}

/**
 * The first pair of names that differ only in case. The database folds the case
 * of column names, so `Price` and `price` would be the same column.
 */
export function caseCollision(names: Iterable<string>): [string, string] | undefined {
  const seen = new Map<string, string>();
  for (const n of names) {
    const other = seen.get(n.toLowerCase());
    if (other !== undefined && other !== n) return [other, n];
    seen.set(n.toLowerCase(), n);
  }
  return undefined;
}
