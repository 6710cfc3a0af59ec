import { AlmanacError } from './errors.js';

/**
 * Names that become parts of SQL identifiers (workspaces, datasets, columns) are
 * restricted to a safe alphabet, so the store can quote them without ever
 * interpreting request text.
 */
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const LOWER_NAME = /^[a-z][a-z0-9_]{0,62}$/;

export function isColumnName(s: string): boolean {
  return NAME.test(s);
}

/** Workspace and dataset names: lower case, start with a letter, at most 63 characters. */
export function checkResourceName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || !LOWER_NAME.test(name)) {
    throw new AlmanacError('bad_request', `invalid ${kind} name ${JSON.stringify(name)}: use 1–63 lower-case letters, digits and _ starting with a letter`);
  }
  return name;
}

/** Definition names (metrics, …) allow dashes and dots as well, since they are never SQL identifiers. */
export function checkDefinitionName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/.test(name)) {
    throw new AlmanacError('bad_request', `invalid ${kind} name ${JSON.stringify(name)}: use letters, digits, _ . - (start with a letter), at most 128 characters`);
  }
  return name;
}
