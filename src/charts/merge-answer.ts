import { bucketStart, parseStep } from '../core/time.js';
import type { AnswerSeries, Point, QueryAnswer } from './answer.js';
import { seriesKey } from './series-name.js';

export interface MergeOptions {
  /** The range start now (epoch ms): buckets before its bucket are dropped. Give it when the range is relative. */
  from?: number;
  /**
   * The range is relative (`-24h` to `now`): keep the window's length, so buckets
   * that slid out of it are dropped. Ignored when `from` is given.
   */
  relative?: boolean;
}

/**
 * The live path: fold the answer of an incremental query (the newest buckets,
 * from the bucket holding the new rows' `minTime` to the range end) into the
 * answer on screen. Buckets with the same time are replaced (a bucket that was
 * still filling is recomputed), new buckets are appended, series new to the
 * incremental answer are added, and with a relative range the buckets that slid
 * out of the window are dropped. Pure: neither input is changed.
 *
 * Without a step an answer is one value per group over the whole range, which an
 * incremental query cannot patch: the incremental answer is taken as it is.
 */
export function mergeAnswer(previous: QueryAnswer, incremental: QueryAnswer, opts: MergeOptions = {}): QueryAnswer {
  const stepText = previous.meta.step ?? incremental.meta.step;
  if (!stepText) return incremental;
  let step: ReturnType<typeof parseStep> | undefined;
  try {
    step = parseStep(stepText);
  } catch {
    step = undefined;
  }
  const to = Math.max(previous.meta.to, incremental.meta.to);
  let from = previous.meta.from;
  if (opts.from !== undefined) from = step ? bucketStart(opts.from, step) : opts.from;
  else if (opts.relative) {
    const start = to - (previous.meta.to - previous.meta.from);
    from = step ? bucketStart(start, step) : start;
  }
  const keep = (t: number) => t >= from && t < to;

  // Points are sorted by time in both answers: a linear merge, the new bucket winning a tie.
  const incByKey = new Map(incremental.series.map((s) => [seriesKey(s), s]));
  const series: AnswerSeries[] = [];
  const push = (s: AnswerSeries, points: Point[]) => {
    // A group whose buckets all slid out of the range is gone, as in a fresh query.
    if (points.length === 0 && Object.keys(s.group).length > 0) return;
    series.push({ measure: s.measure, group: s.group, points });
  };
  for (const s of previous.series) {
    const key = seriesKey(s);
    const inc = incByKey.get(key);
    incByKey.delete(key);
    push(s, mergeSorted(s.points, inc?.points ?? [], keep));
  }
  for (const s of incByKey.values()) push(s, mergeSorted([], s.points, keep));
  return {
    series,
    meta: {
      ...previous.meta,
      from, to, step: stepText,
      ...(incremental.meta.elapsedMs !== undefined ? { elapsedMs: incremental.meta.elapsedMs } : {}),
      ...(incremental.meta.rowsScanned !== undefined ? { rowsScanned: incremental.meta.rowsScanned } : {}),
    },
  };
}

/** The points in time order (answers come sorted; anything else is sorted first). */
function inOrder(points: readonly Point[]): readonly Point[] {
  for (let k = 1; k < points.length; k++) if (points[k][0] < points[k - 1][0]) return [...points].sort((x, y) => x[0] - y[0]);
  return points;
}

function mergeSorted(a0: readonly Point[], b0: readonly Point[], keep: (t: number) => boolean): Point[] {
  const a = inOrder(a0);
  const b = inOrder(b0);
  const out: Point[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let p: Point;
    if (j >= b.length || (i < a.length && a[i][0] < b[j][0])) p = a[i++];
    else {
      if (i < a.length && a[i][0] === b[j][0]) i++; // replaced by the new bucket
      p = b[j++];
    }
    if (keep(p[0])) out.push(p);
  }
  return out;
}

/** The newest bucket time with a value in an answer (the `data-last-time` test hook), or null. */
export function lastPointTime(answer: { series: { points: Point[] }[] }): number | null {
  let last: number | null = null;
  for (const s of answer.series) for (const [t, v] of s.points) if (v !== null && (last === null || t > last)) last = t;
  return last;
}
