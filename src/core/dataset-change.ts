import { AlmanacError } from './errors.js';
import type { Column, DatasetDef } from './dataset.js';

/**
 * What changes in a dataset's table when its definition goes from `before` to
 * `after`. Columns are only ever added: removing or retyping one would lose or
 * silently convert stored data, so both are refused.
 */
export function datasetColumnsToAdd(before: DatasetDef | undefined, after: DatasetDef): Column[] {
  if (!before) return after.columns;
  if (before.timeColumn !== after.timeColumn) {
    throw new AlmanacError('conflict', `dataset "${after.name}": the time column cannot change (is "${before.timeColumn}", got "${after.timeColumn}")`);
  }
  for (const old of before.columns) {
    const now = after.columns.find((c) => c.name === old.name);
    if (!now) throw new AlmanacError('conflict', `dataset "${after.name}": column "${old.name}" cannot be removed; it holds stored data (delete the dataset to start over)`);
    if (now.type !== old.type) throw new AlmanacError('conflict', `dataset "${after.name}": column "${old.name}" is ${old.type} and cannot become ${now.type}`);
  }
  return after.columns.filter((c) => !before.columns.some((o) => o.name === c.name));
}
