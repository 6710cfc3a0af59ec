import { describe, expect, it } from 'vitest';
import { alertListModel, kpiListModel, sortTable, statModel, tableModel, toCsv } from './index.js';
import { grouped, stepped, T0, HOUR } from './fixtures/answers.js';
import type { QueryAnswer } from './answer.js';

describe('tableModel', () => {
  it('has time, group and measure columns and a row per bucket and group', () => {
    const m = tableModel(stepped, { unit: 'ms' });
    expect(m.columns.map((c) => c.key)).toEqual(['time', 'group:region', 'measure:count()', 'measure:p95(duration_ms)']);
    expect(m.rows).toHaveLength(12);
    // Each row holds both measures of its group at its time, as the answer has them.
    for (const row of m.rows) {
      const [t, region] = [row[0].raw as number, row[1].raw];
      for (const [j, measure] of ['count()', 'p95(duration_ms)'].entries()) {
        const s = stepped.series.find((x) => x.measure === measure && x.group.region === region)!;
        expect(row[2 + j].raw).toBe(s.points.find((p) => p[0] === t)![1]);
      }
    }
    expect(m.rows.map((r) => r[0].raw)).toEqual([...m.rows.map((r) => r[0].raw as number)].sort((a, b) => a - b));
    expect(m.rows[0][0].text).toBe('2026-01-05 00:00 UTC');
    expect(m.rows[0][3].text).toBe('200 ms');
    expect(m.rows[6][2].text).toBe('–'); // eu at 03:00 has no value
  });

  it('has no time column without a step', () => {
    const m = tableModel(grouped);
    expect(m.columns.map((c) => c.label)).toEqual(['region', 'count()']);
    expect(m.rows.map((r) => r.map((c) => c.raw))).toEqual([['eu', 420], ['us', 180], ['ap', 90]]);
  });

  it('sorts numerically with empty cells last either way', () => {
    const m = tableModel(stepped);
    const asc = sortTable(m, 'measure:count()', 'asc').rows.map((r) => r[2].raw);
    const desc = sortTable(m, 'measure:count()', 'desc').rows.map((r) => r[2].raw);
    const values = stepped.series.slice(0, 2).flatMap((s) => s.points.map((p) => p[1])).filter((v): v is number => v !== null);
    expect(asc).toEqual([...[...values].sort((a, b) => a - b), null]);
    expect(desc).toEqual([...[...values].sort((a, b) => b - a), null]);
    expect(sortTable(m, 'group:region', 'desc').rows[0][1].raw).toBe('us');
    expect(sortTable(m, 'nope').rows).toBe(m.rows);
  });

  it('writes CSV with ISO times, quoting and no formula injection', () => {
    const answer: QueryAnswer = {
      series: [
        { measure: 'count()', group: { page: '/a,b "x"' }, points: [[T0, 1.5]] },
        { measure: 'count()', group: { page: '=HYPERLINK("evil")' }, points: [[T0, null]] },
      ],
      meta: { from: T0, to: T0 + HOUR, step: '1h' },
    };
    const csv = toCsv(tableModel(answer));
    expect(csv).toBe([
      'time,page,count()',
      `2026-01-05T00:00:00.000Z,"/a,b ""x""",1.5`,
      `2026-01-05T00:00:00.000Z,"'=HYPERLINK(""evil"")",`,
      '',
    ].join('\r\n'));
  });
});

describe('statModel', () => {
  it('takes the newest value and compares with the bucket before it', () => {
    const m = statModel(stepped, { unit: 'requests' });
    expect(m.value).toBe(150);
    expect(m.previous).toBe(140);
    expect(m.change).toBeCloseTo((150 - 140) / 140, 12);
    expect(m.changeText).toBe('+7.14%');
    expect(m.formatted).toBe('150 requests');
    expect(m.time).toBe(stepped.series[0].points[5][0]);
    expect(m.sparkline).toBe(stepped.series[0].points);
  });

  it('says when the newest bucket is still filling', () => {
    expect(statModel(stepped)).toMatchObject({ partial: false, inProgress: null }); // the range ends where the last bucket ends
    expect(statModel({ ...stepped, meta: { ...stepped.meta, to: stepped.meta.to - HOUR / 2 } }).partial).toBe(true);
    expect(statModel({ ...stepped, meta: { ...stepped.meta, step: undefined } }).partial).toBe(false);
  });

  it('shows the newest complete bucket as the value and the filling one beside it', () => {
    const pts = stepped.series[0].points;
    const filling = statModel({ ...stepped, meta: { ...stepped.meta, to: stepped.meta.to - HOUR / 2 } }, { unit: 'requests' });
    // Compared complete with complete: the newest full hour against the one before it
    // (eu has no value at index 3, so that is index 2).
    expect(pts[3][1]).toBeNull();
    expect([filling.value, filling.previous, filling.time]).toEqual([pts[4][1], pts[2][1], pts[4][0]]);
    expect(filling.change).toBeCloseTo(((pts[4][1] as number) - (pts[2][1] as number)) / (pts[2][1] as number), 12);
    expect(filling.inProgress).toEqual({ value: pts[5][1], formatted: `${pts[5][1]} requests`, time: pts[5][0] });
    // A single filling bucket is all there is: it is the value, with nothing to compare.
    const only: QueryAnswer = { series: [{ measure: 'm', group: {}, points: [[T0, 7]] }], meta: { from: T0, to: T0 + HOUR / 2, step: '1h' } };
    expect(statModel(only)).toMatchObject({ value: 7, change: null, partial: true, inProgress: null });
  });

  it('compares with the previous period when given', () => {
    const before: QueryAnswer = { series: [{ ...stepped.series[0], points: [[T0 - HOUR, 200]] }], meta: { from: T0 - 6 * HOUR, to: T0, step: '1h' } };
    const m = statModel(stepped, {}, before);
    expect(m.previous).toBe(200);
    expect(m.changePercent).toBeCloseTo(-25, 10);
  });

  it('skips trailing empty buckets and has no change from zero or nothing', () => {
    const a: QueryAnswer = { series: [{ measure: 'm', group: {}, points: [[T0, 0], [T0 + HOUR, 5], [T0 + 2 * HOUR, null]] }], meta: { from: T0, to: T0 + 3 * HOUR, step: '1h' } };
    const m = statModel(a);
    expect([m.value, m.previous, m.change, m.changeText]).toEqual([5, 0, null, '–']);
    expect(statModel({ series: [], meta: a.meta })).toMatchObject({ value: null, formatted: '–', change: null });
  });
});

describe('list models', () => {
  it('formats scorecard rows by each KPI unit and picks by name', () => {
    // Shaped like GET /api/v1/kpis/scorecard rows: achievement in percent, change and forecast as objects.
    const rows = [
      { name: 'availability', title: 'Availability', value: 0.9991, target: 0.999, achievement: 100.01, category: 'excellent', change: { relative: 0.0002 }, confidence: 0.9, forecast: { value: 0.9993, text: 'on track for 100 % of target (excellent)' }, unit: 'ratio' },
      { name: 'p95', value: 812, target: 800, achievement: 98.5, category: 'average', change: 0.1, confidence: 0.8, forecast: 830, unit: 'ms' },
      { name: 'cost', value: 12_345, target: 10_000, achievement: 81, category: 'poor', change: { relative: -0.05 }, confidence: null, forecast: null, unit: 'USD' },
      { name: 'empty', value: null, target: 5, achievement: null, category: null, change: null, forecast: null },
    ];
    const all = kpiListModel(rows);
    expect(all.map((r) => [r.title, r.valueText, r.targetText, r.achievementText, r.changeText, r.status])).toEqual([
      ['Availability', '99.91%', '99.9%', '100%', '+0.02%', 'good'],
      ['p95', '812 ms', '800 ms', '98.5%', '+10%', 'warn'],
      ['cost', '$12.3k', '$10k', '81%', '-5%', 'bad'],
      ['empty', '–', '5', '–', '–', 'unknown'],
    ]);
    expect([all[0].forecastText, all[0].forecastNote, all[0].confidenceText]).toEqual(['99.93%', 'on track for 100 % of target (excellent)', '90%']);
    expect(all[1].forecastText).toBe('830 ms');
    expect(kpiListModel(rows, ['cost', 'availability']).map((r) => r.name)).toEqual(['cost', 'availability']);
  });

  it('orders alert instances by state, severity and age, and filters by state', () => {
    const now = Date.UTC(2026, 0, 5, 12, 0);
    const a = (rule: string, state: string, severity: string, minutesAgo: number) => ({ rule, labels: { region: 'eu' }, state, since: now - minutesAgo * 60_000, value: 812.5, severity, silenced: false });
    const list = [a('r1', 'normal', 'critical', 5), a('r2', 'firing', 'warning', 30), a('r3', 'firing', 'critical', 10), a('r4', 'pending', 'critical', 1), a('r5', 'firing', 'critical', 130), a('r6', 'nodata', 'info', 3)];
    const m = alertListModel(list, { now, spec: { unit: 'ms' } });
    expect(m.map((r) => r.rule)).toEqual(['r5', 'r3', 'r2', 'r6', 'r4', 'r1']);
    expect(m.map((r) => r.status)).toEqual(['bad', 'bad', 'warn', 'warn', 'warn', 'good']);
    expect(m[0]).toMatchObject({ durationText: 'for 2h 10m', valueText: '813 ms', labelsText: 'region=eu', sinceText: '2026-01-05 09:50 UTC' });
    expect(alertListModel(list, { states: ['pending', 'normal'] }).map((r) => r.rule)).toEqual(['r4', 'r1']);
    expect(alertListModel([{ ...list[0], since: '2026-01-05T11:00:00Z' }], { now })[0].durationText).toBe('for 1h');
  });
});
