import { nextBucket } from '../core/time.js';
import type { CheckedQuery, QueryRow } from './checked-query.js';

export interface Series {
  measure: string;
  group: Record<string, string | number | boolean | null>;
  points: [number, number | null][];
}

type GroupValues = QueryRow['groups'];

/**
 * Turn store rows into the answer's series: one series per (measure, group), in
 * the store's group order, with every bucket of the range present and empty
 * buckets filled as the query asks.
 *
 * This runs on every query, so it works on bucket indexes rather than maps of
 * bucket times, and keys groups by JSON only when a row's group differs from the
 * previous row's (the store answers rows grouped).
 */
export function shapeAnswer(q: CheckedQuery, rows: QueryRow[]): Series[] {
  const buckets: number[] = [];
  if (q.step) for (let b = q.from; b < q.to; b = nextBucket(b, q.step)) buckets.push(b);
  else buckets.push(q.from);
  const indexOf = bucketIndex(q, buckets);

  const groups = new Map<string, { group: GroupValues; byBucket: (number | null)[][] }>();
  let last: { group: GroupValues; byBucket: (number | null)[][] } | undefined;
  for (const r of rows) {
    if (!last || !sameValues(last.group, r.groups)) {
      const key = JSON.stringify(r.groups);
      last = groups.get(key);
      if (!last) groups.set(key, (last = { group: r.groups, byBucket: new Array(buckets.length) }));
    }
    const i = indexOf(r.bucket);
    if (i >= 0) last.byBucket[i] = r.values;
  }
  // A query without groups answers one series even over no rows.
  if (groups.size === 0 && q.groupBy.length === 0) groups.set('[]', { group: [], byBucket: new Array(buckets.length) });

  const series: Series[] = [];
  for (const [mi, m] of q.measures.entries()) {
    for (const g of groups.values()) {
      let previous: number | null = null;
      const points: [number, number | null][] = new Array(buckets.length);
      for (let i = 0; i < buckets.length; i++) {
        const vals = g.byBucket[i];
        let v = vals ? vals[mi] : null;
        if (v === null || v === undefined || Number.isNaN(v)) {
          v = vals || q.fill === 'null' ? null : q.fill === 'zero' ? 0 : previous;
        }
        if (v !== null) previous = v;
        points[i] = [buckets[i], v];
      }
      series.push({ measure: m.label, group: Object.fromEntries(q.groupBy.map((name, i) => [name, g.group[i]])), points });
    }
  }
  return series;
}

/** Index of a bucket start in `buckets`, or -1 for a time that starts no bucket of the range. */
function bucketIndex(q: CheckedQuery, buckets: number[]): (bucket: number) => number {
  const step = q.step;
  if (step?.kind === 'fixed') {
    // Fixed steps: arithmetic, checked against the bucket list so a misaligned time still misses.
    return (b) => {
      const i = (b - q.from) / step.ms;
      return Number.isInteger(i) && i < buckets.length && buckets[i] === b ? i : -1;
    };
  }
  const index = new Map(buckets.map((b, i) => [b, i]));
  return (b) => index.get(b) ?? -1;
}

function sameValues(a: GroupValues, b: GroupValues): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
