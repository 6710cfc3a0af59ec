import { describe, expect, it } from 'vitest';
import { mergeAnswer, lastPointTime } from './merge-answer.js';
import type { QueryAnswer } from './answer.js';

const M = 60_000;
const T0 = Date.UTC(2026, 0, 5, 12, 0);
const ans = (from: number, to: number, series: [string, Record<string, string>, [number, number | null][]][], step = '1m'): QueryAnswer => ({
  series: series.map(([measure, group, points]) => ({ measure, group, points })),
  meta: { from, to, step, rowsScanned: 1, elapsedMs: 1 },
});
const pts = (start: number, values: (number | null)[]): [number, number | null][] => values.map((v, i) => [T0 + (start + i) * M, v]);

describe('mergeAnswer', () => {
  const previous = ans(T0, T0 + 5 * M, [['count()', { region: 'eu' }, pts(0, [1, 2, 3, 4, 5])], ['count()', { region: 'us' }, pts(0, [10, 20, 30, 40, 50])]]);

  it('replaces buckets with the same time and appends new ones', () => {
    const inc = ans(T0 + 4 * M, T0 + 7 * M, [['count()', { region: 'eu' }, pts(4, [6, 7, 8])], ['count()', { region: 'us' }, pts(4, [55, 60, null])]]);
    const m = mergeAnswer(previous, inc);
    expect(m.series.map((s) => s.points)).toEqual([pts(0, [1, 2, 3, 4, 6, 7, 8]), pts(0, [10, 20, 30, 40, 55, 60, null])]);
    expect(m.meta).toMatchObject({ from: T0, to: T0 + 7 * M, step: '1m' });
    expect(previous.series[0].points).toHaveLength(5); // inputs untouched
  });

  it('drops buckets that slid out of a relative range', () => {
    const inc = ans(T0 + 4 * M, T0 + 7 * M, [['count()', { region: 'eu' }, pts(4, [6, 7, 8])]]);
    const m = mergeAnswer(previous, inc, { relative: true });
    // The window stays five buckets long: 2..6.
    expect(m.meta.from).toBe(T0 + 2 * M);
    expect(m.series[0].points).toEqual(pts(2, [3, 4, 6, 7, 8]));
    // us got no new rows: it keeps what is still in range and no invented buckets.
    expect(m.series[1].points).toEqual(pts(2, [30, 40, 50]));
  });

  it('takes an explicit range start, aligned to the step', () => {
    const inc = ans(T0 + 5 * M, T0 + 6 * M, [['count()', { region: 'eu' }, pts(5, [9])]]);
    const m = mergeAnswer(previous, inc, { from: T0 + 3 * M + 30_000 });
    expect(m.meta.from).toBe(T0 + 3 * M);
    expect(m.series[0].points).toEqual(pts(3, [4, 5, 9]));
  });

  it('adds groups that appear in the new buckets and drops groups with nothing left in range', () => {
    const inc = ans(T0 + 5 * M, T0 + 10 * M, [['count()', { region: 'ap' }, pts(9, [1])]]);
    const m = mergeAnswer(previous, inc, { relative: true });
    expect(m.series.map((s) => s.group.region)).toEqual(['ap']);
    expect(m.series[0].points).toEqual(pts(9, [1]));
  });

  it('matches series by measure and group whatever the key order', () => {
    const a = ans(T0, T0 + 2 * M, [['count()', { region: 'eu', status: '500' }, pts(0, [1, 2])]]);
    const b = ans(T0 + M, T0 + 3 * M, [['count()', { status: '500', region: 'eu' }, pts(1, [5, 6])]]);
    const m = mergeAnswer(a, b);
    expect(m.series).toHaveLength(1);
    expect(m.series[0].points).toEqual(pts(0, [1, 5, 6]));
  });

  it('copes with points out of order', () => {
    const a = ans(T0, T0 + 3 * M, [['c', {}, [...pts(0, [1, 2, 3])].reverse()]]);
    const b = ans(T0 + 2 * M, T0 + 4 * M, [['c', {}, [...pts(2, [7, 8])].reverse()]]);
    expect(mergeAnswer(a, b).series[0].points).toEqual(pts(0, [1, 2, 7, 8]));
  });

  it('takes the incremental answer as is without a step', () => {
    const a: QueryAnswer = { series: [{ measure: 'count()', group: {}, points: [[T0, 5]] }], meta: { from: T0, to: T0 + M } };
    const b: QueryAnswer = { series: [{ measure: 'count()', group: {}, points: [[T0, 7]] }], meta: { from: T0, to: T0 + 2 * M } };
    expect(mergeAnswer(a, b)).toBe(b);
  });

  it('handles calendar steps', () => {
    const jan = Date.UTC(2026, 0, 1);
    const feb = Date.UTC(2026, 1, 1);
    const mar = Date.UTC(2026, 2, 1);
    const a: QueryAnswer = { series: [{ measure: 'sum(x)', group: {}, points: [[jan, 1], [feb, 2]] }], meta: { from: jan, to: mar, step: '1mo' } };
    const b: QueryAnswer = { series: [{ measure: 'sum(x)', group: {}, points: [[feb, 3], [mar, 4]] }], meta: { from: feb, to: Date.UTC(2026, 3, 1), step: '1mo' } };
    expect(mergeAnswer(a, b, { from: Date.UTC(2026, 1, 15) }).series[0].points).toEqual([[feb, 3], [mar, 4]]);
  });

  it('lastPointTime finds the newest non-null bucket', () => {
    expect(lastPointTime(ans(T0, T0 + 3 * M, [['c', {}, pts(0, [1, 2, null])], ['d', {}, pts(0, [1, null, null])]]))).toBe(T0 + M);
    expect(lastPointTime({ series: [] })).toBeNull();
  });
});
