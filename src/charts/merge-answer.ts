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

  const merged = new Map<string, { series: AnswerSeries; points: Map<number, number | null> }>();
  for (const s of previous.series) {
    merged.set(seriesKey(s), { series: s, points: new Map(s.points.filter((p) => keep(p[0]))) });
  }
  for (const s of incremental.series) {
    const key = seriesKey(s);
    let m = merged.get(key);
    if (!m) merged.set(key, (m = { series: s, points: new Map() }));
    for (const [t, v] of s.points) if (keep(t)) m.points.set(t, v);
  }

  const series: AnswerSeries[] = [];
  for (const { series: s, points } of merged.values()) {
    // A group whose buckets all slid out of the range is gone, as in a fresh query.
    if (points.size === 0 && Object.keys(s.group).length > 0) continue;
    const sorted: Point[] = [...points.entries()].sort((a, b) => a[0] - b[0]);
    series.push({ measure: s.measure, group: s.group, points: sorted });
  }
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

/** The newest bucket time with a value in an answer (the `data-last-time` test hook), or null. */
export function lastPointTime(answer: { series: { points: Point[] }[] }): number | null {
  let last: number | null = null;
  for (const s of answer.series) for (const [t, v] of s.points) if (v !== null && (last === null || t > last)) last = t;
  return last;
}
