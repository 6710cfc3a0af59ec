/** Column types a dataset can hold. `time` is the one timestamp column. */
export type ColumnType = 'time' | 'string' | 'number' | 'boolean';
export const COLUMN_TYPES: readonly ColumnType[] = ['time', 'string', 'number', 'boolean'];

export interface Column {
  name: string;
  type: ColumnType;
}

/** A dataset as stored: its definition document plus nothing derived. */
export interface DatasetDef {
  kind: 'dataset';
  name: string;
  description?: string;
  /** Name of the time column (its type is `time`). */
  timeColumn: string;
  /** Optional column whose value identifies a row, used to drop duplicates on retry. */
  idColumn?: string;
  columns: Column[];
}

export interface MetricDef {
  kind: 'metric';
  name: string;
  dataset: string;
  expr: string;
  unit?: string;
  format?: string;
  description?: string;
}

export function columnOf(ds: DatasetDef, name: string): Column | undefined {
  return ds.columns.find((c) => c.name === name);
}
