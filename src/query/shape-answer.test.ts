import { describe, expect, it } from 'vitest';
import type { DatasetDef } from '../core/dataset.js';
import { parseStep } from '../core/time.js';
import type { CheckedQuery, Fill, QueryRow } from './checked-query.js';
import { shapeAnswer } from './shape-answer.js';

const ds: DatasetDef = {
  kind: 'dataset',
  name: 'http',
  timeColumn: 'time',
  columns: [{ name: 'time', type: 'time' }, { name: 'service', type: 'string' }, { name: 'ok', type: 'boolean' }],
};
const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

function query(over: Partial<Omit<CheckedQuery, 'step'>> & { step?: string; labels?: string[] } = {}): CheckedQuery {
  const { step, labels = ['count()'], ...rest } = over;
  return {
    dataset: ds,
    measures: labels.map((label) => ({ label, expr: { k: 'agg', fn: 'count' } })),
    groupBy: [],
    from: T0,
    to: T0 + 4 * H,
    fill: 'null',
    ...(step ? { step: parseStep(step) } : {}),
    ...rest,
  };
}
const row = (bucket: number, values: (number | null)[], groups: QueryRow['groups'] = []): QueryRow => ({ bucket, groups, values });
const points = (...vals: (number | null)[]) => vals.map((v, i): [number, number | null] => [T0 + i * H, v]);

describe('shapeAnswer: buckets', () => {
  it('makes one bucket per step from `from` up to, not including, `to`', () => {
    expect(shapeAnswer(query({ step: '1h' }), [])[0].points.map((p) => p[0])).toEqual([T0, T0 + H, T0 + 2 * H, T0 + 3 * H]);
  });

  it('includes a last, partial bucket when `to` is not on a boundary', () => {
    expect(shapeAnswer(query({ step: '1h', to: T0 + 2.5 * H }), [])[0].points.map((p) => p[0])).toEqual([T0, T0 + H, T0 + 2 * H]);
  });

  it('walks calendar months of different lengths', () => {
    const q = query({ step: '1mo', to: Date.UTC(2026, 3, 1) });
    expect(shapeAnswer(q, [])[0].points.map((p) => new Date(p[0]).toISOString().slice(0, 10))).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
  });

  it('without a step, holds exactly one point stamped with `from`', () => {
    expect(shapeAnswer(query(), [row(T0, [42])])).toEqual([{ measure: 'count()', group: {}, points: [[T0, 42]] }]);
  });

  it('ignores a row whose time is inside the range but starts no bucket', () => {
    expect(shapeAnswer(query({ step: '1h' }), [row(T0 + H / 2, [9]), row(T0 + 2 * H, [1])])[0].points).toEqual(points(null, null, 1, null));
  });

  it('places rows of calendar steps in their month', () => {
    const q = query({ step: '1mo', to: Date.UTC(2026, 3, 1) });
    expect(shapeAnswer(q, [row(Date.UTC(2026, 2, 1), [3]), row(Date.UTC(2026, 0, 1), [1]), row(Date.UTC(2026, 1, 2), [9])])[0].points)
      .toEqual([[Date.UTC(2026, 0, 1), 1], [Date.UTC(2026, 1, 1), null], [Date.UTC(2026, 2, 1), 3]]);
  });

  it('ignores rows whose bucket is outside the range', () => {
    expect(shapeAnswer(query({ step: '1h' }), [row(T0 - H, [9]), row(T0 + H, [1]), row(T0 + 4 * H, [9])])[0].points).toEqual(points(null, 1, null, null));
  });
});

describe('shapeAnswer: fill', () => {
  const rows = [row(T0 + H, [5]), row(T0 + 3 * H, [7])];
  it.each([
    ['null leaves empty buckets null', 'null', points(null, 5, null, 7)],
    ['zero puts 0 in empty buckets', 'zero', points(0, 5, 0, 7)],
    ['previous carries the last value forward, null before the first', 'previous', points(null, 5, 5, 7)],
  ] satisfies [string, Fill, [number, number | null][]][])('%s', (_desc, fill, expected) => {
    expect(shapeAnswer(query({ step: '1h', fill }), rows)[0].points).toEqual(expected);
  });

  it.each([
    ['null', 'null', points(1, null, null, 4)],
    ['zero', 'zero', points(1, null, 0, 4)],
    ['previous', 'previous', points(1, null, 1, 4)],
  ] satisfies [string, Fill, [number, number | null][]][])('fill %s only fills empty buckets: a bucket whose value is null stays null', (_desc, fill, expected) => {
    // Bucket 1 has rows but no value (e.g. avg over nulls, or x / 0); bucket 2 has no rows.
    expect(shapeAnswer(query({ step: '1h', fill }), [row(T0, [1]), row(T0 + H, [null]), row(T0 + 3 * H, [4])])[0].points).toEqual(expected);
  });

  it('treats NaN from the store as no value', () => {
    expect(shapeAnswer(query({ step: '1h' }), [row(T0, [NaN])])[0].points[0]).toEqual([T0, null]);
  });

  it('fills a query without a step and without rows', () => {
    expect(shapeAnswer(query({ fill: 'zero' }), [])).toEqual([{ measure: 'count()', group: {}, points: [[T0, 0]] }]);
  });

  it('fills each measure and each group on its own', () => {
    const q = query({ step: '1h', fill: 'previous', labels: ['a', 'b'], groupBy: ['service'] });
    const out = shapeAnswer(q, [row(T0, [1, 10], ['x']), row(T0 + H, [2, 20], ['y']), row(T0 + 2 * H, [3, null], ['x'])]);
    expect(out.map((s) => [s.measure, s.group.service, s.points.map((p) => p[1])])).toEqual([
      ['a', 'x', [1, 1, 3, 3]],
      ['a', 'y', [null, 2, 2, 2]],
      // Bucket 2 has a row with no value (stays null); bucket 3 is empty and gets the last known value.
      ['b', 'x', [10, 10, null, 10]],
      ['b', 'y', [null, 20, 20, 20]],
    ]);
  });
});

describe('shapeAnswer: series', () => {
  it('orders series by measure, then by group in the order the store returned them', () => {
    const q = query({ step: '1h', labels: ['count()', 'p95(duration_ms)'], groupBy: ['service', 'ok'] });
    const out = shapeAnswer(q, [
      row(T0 + H, [3, 30], ['web', true]),
      row(T0, [1, 10], ['api', false]),
      row(T0, [2, 20], ['web', true]),
      row(T0, [4, 40], [null, null]),
    ]);
    expect(out.map((s) => [s.measure, s.group])).toEqual([
      ['count()', { service: 'web', ok: true }],
      ['count()', { service: 'api', ok: false }],
      ['count()', { service: null, ok: null }],
      ['p95(duration_ms)', { service: 'web', ok: true }],
      ['p95(duration_ms)', { service: 'api', ok: false }],
      ['p95(duration_ms)', { service: null, ok: null }],
    ]);
    expect(out[0].points).toEqual(points(2, 3, null, null));
    expect(out[4].points).toEqual(points(10, null, null, null));
  });

  it('keeps groups apart whose values only differ in type', () => {
    const q = query({ groupBy: ['service'] });
    const out = shapeAnswer(q, [row(T0, [1], ['1']), row(T0, [2], [1])]);
    expect(out.map((s) => [s.group.service, s.points[0][1]])).toEqual([['1', 1], [1, 2]]);
  });

  it('answers one series for an ungrouped query over no rows', () => {
    expect(shapeAnswer(query({ step: '1h' }), [])).toEqual([{ measure: 'count()', group: {}, points: points(null, null, null, null) }]);
  });

  it('answers no series for a grouped query over no rows', () => {
    expect(shapeAnswer(query({ step: '1h', groupBy: ['service'] }), [])).toEqual([]);
  });
});
