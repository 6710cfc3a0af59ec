/**
 * Dashboard-wide filters (variables and drill-down chips) turned into the
 * expression language (ARCHITECTURE §5): single-quoted strings with '' for a
 * quote, `in (…)` for several values, `is null` for a missing value.
 */
export type FilterValue = string | number | boolean | null;

export interface PanelFilter {
  column: string;
  /** Any of these values; an empty list means no filter. */
  values: FilterValue[];
}

export function literal(v: FilterValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  return v ? 'true' : 'false';
}

/** One filter as a condition, or null when it selects everything. */
export function filterCondition(f: PanelFilter): string | null {
  if (!f.values.length) return null;
  const nonNull = f.values.filter((v) => v !== null);
  const parts: string[] = [];
  if (nonNull.length === 1) parts.push(`${f.column} = ${literal(nonNull[0])}`);
  else if (nonNull.length > 1) parts.push(`${f.column} in (${nonNull.map(literal).join(', ')})`);
  if (nonNull.length < f.values.length) parts.push(`${f.column} is null`);
  return parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
}

/**
 * The panel's filter ANDed with the filters whose column the panel's dataset has
 * (`columns` undefined = unknown schema: apply none, rather than break the query).
 */
export function combineFilter(own: string | undefined, filters: readonly PanelFilter[], columns: ReadonlySet<string> | undefined): string | undefined {
  const extra = filters.filter((f) => columns?.has(f.column)).map(filterCondition).filter((c): c is string => c !== null);
  const parts = [...(own?.trim() ? [extra.length ? `(${own.trim()})` : own.trim()] : []), ...extra];
  return parts.length ? parts.join(' and ') : undefined;
}
