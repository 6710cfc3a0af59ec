import { nextBucket } from '../core/time.js';
import type { CheckedQuery, QueryRow } from './checked-query.js';

export interface Series {
  measure: string;
  group: Record<string, string | number | boolean | null>;
  points: [number, number | null][];
}

/**
 * Turn store rows into the answer's series: one series per (measure, group), in
 * the store's group order, with every bucket of the range present and empty
 * buckets filled as the query asks.
 */
export function shapeAnswer(q: CheckedQuery, rows: QueryRow[]): Series[] {
  const groups = new Map<string, { group: QueryRow['groups']; byBucket: Map<number, (number | null)[]> }>();
  for (const r of rows) {
    const key = JSON.stringify(r.groups);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { group: r.groups, byBucket: new Map() }));
    g.byBucket.set(r.bucket, r.values);
  }
  // A query without groups answers one series even over no rows.
  if (groups.size === 0 && q.groupBy.length === 0) groups.set('[]', { group: [], byBucket: new Map() });

  const buckets: number[] = [];
  if (q.step) for (let b = q.from; b < q.to; b = nextBucket(b, q.step)) buckets.push(b);
  else buckets.push(q.from);

  const series: Series[] = [];
  for (const [mi, m] of q.measures.entries()) {
    for (const g of groups.values()) {
      let previous: number | null = null;
      const points: [number, number | null][] = buckets.map((b) => {
        const vals = g.byBucket.get(b);
        let v = vals ? vals[mi] : null;
        if (v === null || v === undefined || Number.isNaN(v)) {
          v = vals || q.fill === 'null' ? null : q.fill === 'zero' ? 0 : previous;
        }
        if (v !== null) previous = v;
        return [b, v];
      });
      series.push({ measure: m.label, group: Object.fromEntries(q.groupBy.map((name, i) => [name, g.group[i]])), points });
    }
  }
  return series;
}
