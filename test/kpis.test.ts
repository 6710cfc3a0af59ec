import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';

/**
 * KPI scorecards over a real server and DuckDB file. Every expected number is
 * computed here from the rows this test ingested, in plain JS — never through
 * the query layer.
 */
const H = 3_600_000;
const D = 24 * H;
// Monday 2026-03-02 00:00 UTC; data covers 2026-01-26 (a Monday) to 2026-03-09.
const MON = Date.UTC(2026, 2, 2);
const START = MON - 5 * 7 * D;
const END = MON + 7 * D;

/** A deterministic generator (LCG), so the data is the same every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

interface Order { time: number; amount: number; status: 'ok' | 'fail'; latency: number }
const orders: Order[] = [];
{
  const r = rng(7);
  for (let t = START; t < END; t += H) {
    const n = 3 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      orders.push({ time: t + Math.floor(r() * H), amount: Math.round(r() * 10000) / 100, status: r() < 0.03 ? 'fail' : 'ok', latency: Math.round(50 + r() * 100) });
    }
  }
}

/** One row per hour with a chosen value: datasets for significance, confidence and forecast tests. */
function hourly(from: number, to: number, value: (t: number, i: number) => number) {
  const rows: { time: string; v: number }[] = [];
  for (let t = from, i = 0; t < to; t += H, i++) rows.push({ time: new Date(t).toISOString(), v: value(t, i) });
  return rows;
}

const inRange = (from: number, to: number) => orders.filter((o) => o.time >= from && o.time < to);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const revenue = (from: number, to: number) => sum(inRange(from, to).map((o) => o.amount));
const failRate = (from: number, to: number) => { const os = inRange(from, to); return os.filter((o) => o.status === 'fail').length / os.length; };
const avgLatency = (from: number, to: number) => { const os = inRange(from, to); return sum(os.map((o) => o.latency)) / os.length; };
const iso = (t: number) => new Date(t).toISOString();

let s: TestServer;

async function put(doc: Record<string, unknown>) {
  const r = await s.call('PUT', `/api/v1/kpis/${doc.name}`, { body: doc });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

async function scorecard(at: number, names: string[]) {
  const r = await s.call('GET', `/api/v1/kpis/scorecard?at=${encodeURIComponent(iso(at))}&names=${names.join(',')}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { at: number; kpis: any[]; overall: { score: number | null; category: string | null } };
}
const row = async (at: number, name: string) => (await scorecard(at, [name])).kpis[0];

beforeAll(async () => {
  s = await startServer();
  const post = async (ds: string, rows: unknown[]) => {
    const r = await s.call('POST', `/api/v1/datasets/${ds}/rows`, { body: rows });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  await post('orders', orders.map((o) => ({ ...o, time: iso(o.time) })));
  // Previous day ~100 an hour, the next ~120, with ±1 of noise: a clear change.
  const r1 = rng(1);
  await post('clear', hourly(MON - 7 * D, MON + 2 * D, (t) => (t < MON ? 100 : 120) + (r1() - 0.5) * 2));
  // 100 vs 105 an hour with ±60 of noise: not a clear change.
  const r2 = rng(2);
  await post('noisy', hourly(MON - 7 * D, MON + 2 * D, (t) => (t < MON ? 100 : 105) + (r2() - 0.5) * 120));
  // Exactly 10 an hour, and one hit in 4 requests, for forecasts.
  await post('steady', hourly(MON - 14 * D, MON + 2 * D, () => 10));
  await post('hits', hourly(MON - 14 * D, MON + 2 * D, () => 4).flatMap((r) => [0, 1, 2, 3].map((k) => ({ time: r.time, hit: k === 0 }))));
  for (const [name, expr, dataset] of [
    ['revenue', 'sum(amount)', 'orders'], ['fail_rate', "count_if(status = 'fail') / count()", 'orders'], ['avg_latency', 'avg(latency)', 'orders'],
  ]) {
    const r = await s.call('PUT', `/api/v1/metrics/${name}`, { body: { name, dataset, expr } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
});
afterAll(async () => { await s?.close(); });

describe('scorecard values equal an independent computation', () => {
  it('higher: a daily sum, its achievement, category and the previous day', async () => {
    await put({ name: 'rev_day', query: { metric: 'revenue' }, period: 'day', target: 1000, direction: 'higher' });
    const at = MON + 2 * D + 13.5 * H; // Wednesday 13:30
    const k = await row(at, 'rev_day');
    const from = MON + 2 * D;
    const value = revenue(from, at);
    expect(k.period).toEqual({ from, to: from + D, complete: false });
    expect(k.value).toBeCloseTo(value, 6);
    // The day is running: scored on its pace, the share of yesterday's total that was in by 13:30.
    const share = revenue(from - D, from - D + 13.5 * H) / revenue(from - D, from);
    expect(k.pace.basis).toBe('previous period');
    expect(k.pace.elapsed).toBeCloseTo(13.5 / 24, 12);
    expect(k.pace.expectedShare).toBeCloseTo(share, 10);
    expect(k.pace.projected).toBeCloseTo(value / share, 6);
    const a = (100 * value) / share / 1000;
    expect(k.achievement).toBeCloseTo(a, 6);
    expect(k.category).toBe(a >= 100 ? 'excellent' : a >= 90 ? 'good' : a >= 75 ? 'average' : 'poor');
    // Compared like with like: yesterday up to 13:30.
    expect(k.change.comparedWith).toBe('previous period to the same point');
    expect(k.change.previous).toBeCloseTo(revenue(from - D, from - D + 13.5 * H), 6);
    expect(k.change.absolute).toBeCloseTo(value - revenue(from - D, from - D + 13.5 * H), 6);
  });

  it('without a previous period to go by, the pace is the time elapsed', async () => {
    const at = START + 6 * H; // the data's first day: nothing the day before
    const k = await row(at, 'rev_day');
    const value = revenue(START, at);
    expect(k.pace).toMatchObject({ basis: 'elapsed time', expectedShare: 0.25 });
    expect(k.pace.projected).toBeCloseTo(value * 4, 6);
    expect(k.achievement).toBeCloseTo((100 * value * 4) / 1000, 6);
    expect(k.change).toBeNull();
  });

  it('a complete period is scored on its value and compared with the whole previous period', async () => {
    const k = await row(MON + 2 * D, 'rev_day'); // Wednesday midnight: Tuesday, complete
    const value = revenue(MON + D, MON + 2 * D);
    expect(k).toMatchObject({ pace: null, period: { complete: true } });
    expect(k.achievement).toBeCloseTo((100 * value) / 1000, 6);
    expect(k.change.comparedWith).toBe('previous period');
    expect(k.change.previous).toBeCloseTo(revenue(MON, MON + D), 6);
  });

  it('a ratio with a transform: 1 - fail rate over the period, not an average of hourly rates', async () => {
    await put({ name: 'success', query: { metric: 'fail_rate' }, transform: '1 - value', period: 'day', target: 0.99, direction: 'higher' });
    const at = MON + D; // midnight: the day that just ended, complete
    const k = await row(at, 'success');
    expect(k.period).toEqual({ from: MON, to: MON + D, complete: true });
    const value = 1 - failRate(MON, MON + D);
    expect(k.value).toBeCloseTo(value, 10);
    expect(k.achievement).toBeCloseTo((100 * value) / 0.99, 8);
    // A complete period's forecast is its actual value.
    expect(k.forecast.value).toBeCloseTo(value, 10);
    expect(k.forecast.text).toMatch(/^ended at/);
  });

  it('lower: target / value', async () => {
    await put({ name: 'lat', query: { metric: 'avg_latency' }, period: 'day', target: 90, direction: 'lower' });
    const k = await row(MON + D, 'lat');
    const v = avgLatency(MON, MON + D);
    expect(k.value).toBeCloseTo(v, 8);
    expect(k.achievement).toBeCloseTo((100 * 90) / v, 8);
    const a = (100 * 90) / v;
    expect(k.category).toBe(a >= 100 ? 'excellent' : a >= 90 ? 'good' : a >= 75 ? 'average' : 'poor');
  });
});

describe('band, thresholds, cap and the overall score', () => {
  it('band: 100 inside; outside, 100·(1 − distance / width)', async () => {
    await put({ name: 'lat_band_in', query: { metric: 'avg_latency' }, period: 'day', targetLow: 80, targetHigh: 120, direction: 'band' });
    await put({ name: 'lat_band_out', query: { metric: 'avg_latency' }, period: 'day', targetLow: 60, targetHigh: 90, direction: 'band' });
    const sc = await scorecard(MON + D, ['lat_band_in', 'lat_band_out']);
    const v = avgLatency(MON, MON + D);
    const [inside, outside] = sc.kpis;
    expect(inside).toMatchObject({ achievement: 100, category: 'excellent', targetLow: 80, targetHigh: 120, target: null, direction: 'band' });
    expect(outside.achievement).toBeCloseTo(100 * (1 - (v - 90) / 30), 8);
    expect(outside.forecast.text).toMatch(/above the band/);
  });

  it('custom thresholds decide the category; the cap limits what enters the overall score; weights average', async () => {
    await put({ name: 'rev_strict', query: { metric: 'revenue' }, period: 'day', target: 500, direction: 'higher', weight: 3, thresholds: { excellent: 1000, good: 150, average: 50 }, maxAchievement: 130 });
    await put({ name: 'rev_loose', query: { metric: 'revenue' }, period: 'day', target: 5000, direction: 'higher', weight: 1 });
    await put({ name: 'rev_zero', query: { metric: 'revenue' }, period: 'day', target: 5000, direction: 'higher', weight: 0 });
    const at = MON + D;
    const sc = await scorecard(at, ['rev_strict', 'rev_loose', 'rev_zero']);
    const v = revenue(MON, MON + D);
    const strict = (100 * v) / 500;
    const loose = (100 * v) / 5000;
    expect(strict).toBeGreaterThan(150); // the data makes this KPI beat its target: the cap matters
    const [looseRow, strictRow] = sc.kpis; // sorted by name
    expect(strictRow.achievement).toBeCloseTo(strict, 8);
    expect(strictRow.category).toBe(strict >= 1000 ? 'excellent' : 'good');
    expect(looseRow.category).toBe(loose >= 100 ? 'excellent' : loose >= 90 ? 'good' : loose >= 75 ? 'average' : 'poor');
    const expected = (3 * Math.min(strict, 130) + 1 * Math.min(loose, 120)) / 4;
    expect(sc.overall.score).toBeCloseTo(expected, 8);
    expect(sc.overall.category).toBe(expected >= 100 ? 'excellent' : expected >= 90 ? 'good' : expected >= 75 ? 'average' : 'poor');
  });
});

describe('periods', () => {
  beforeAll(async () => {
    for (const period of ['week', 'month', 'quarter', 'rolling:2d']) {
      await put({ name: `rev_${period.replace(':', '_')}`, query: { metric: 'revenue' }, period, target: 1000, direction: 'higher' });
    }
  });
  it.each([
    ['a week starts on Monday', 'rev_week', MON + 6 * D + 23 * H, MON, MON + 7 * D],
    ['at a Monday midnight the week that just ended is shown, complete', 'rev_week', MON, MON - 7 * D, MON],
    ['a month starts on the 1st (UTC)', 'rev_month', MON + 2 * D + 13.5 * H, Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 1)],
    ['a quarter starts in January, April, July, October', 'rev_quarter', MON + 2 * D + 13.5 * H, Date.UTC(2026, 0, 1), Date.UTC(2026, 3, 1)],
    ['a rolling window ends at the scorecard time', 'rev_rolling_2d', MON + 2 * D + 13.5 * H, MON + 13.5 * H, MON + 2 * D + 13.5 * H],
  ])('%s', async (_d, name, at, from, to) => {
    const k = await row(at, name);
    expect(k.period).toEqual({ from, to, complete: at >= to || name.includes('rolling') });
    expect(k.value).toBeCloseTo(revenue(from, Math.min(at, to)), 6);
    const prevFrom = name.includes('rolling') ? from - (to - from) : name === 'rev_week' ? from - 7 * D : name === 'rev_month' ? Date.UTC(2026, 1, 1) : Date.UTC(2025, 9, 1);
    // A running calendar period is compared with the previous one up to the same fraction of its length.
    const running = at < to && !name.includes('rolling');
    const previous = revenue(prevFrom, running ? prevFrom + ((at - from) / (to - from)) * (from - prevFrom) : from);
    expect(k.change?.comparedWith ?? null).toBe(previous === 0 ? null : running ? 'previous period to the same point' : 'previous period');
    if (previous === 0) expect(k.change?.previous ?? null).toBe(null);
    else expect(k.change.previous).toBeCloseTo(previous, 6);
  });
});

describe('change significance and confidence', () => {
  beforeAll(async () => {
    await put({ name: 'clear_day', query: { dataset: 'clear', measures: ['avg(v)'] }, period: 'day', target: 126, direction: 'higher' });
    await put({ name: 'noisy_day', query: { dataset: 'noisy', measures: ['avg(v)'] }, period: 'day', target: 110, direction: 'higher' });
  });

  it('a clear difference is significant, a noisy one is not; too few buckets say so', async () => {
    const sc = await scorecard(MON + D, ['clear_day', 'noisy_day']);
    const [clear, noisy] = sc.kpis;
    expect(clear.change).toMatchObject({ significant: true, significance: 'significant', buckets: { current: 24, previous: 24 } });
    expect(clear.change.pValue).toBeLessThan(1e-6);
    expect(noisy.change).toMatchObject({ significant: false, significance: 'not significant' });
    expect(noisy.change.pValue).toBeGreaterThan(0.05);
    const early = await row(MON + 2.5 * H, 'clear_day');
    expect(early.change).toMatchObject({ pValue: null, significant: null, significance: 'insufficient data', buckets: { current: 2, previous: 24 } });
  });

  it('confidence comes from the buckets: high when quiet, lower when noisy, lower with fewer buckets', async () => {
    const [clear, noisy] = (await scorecard(MON + D, ['clear_day', 'noisy_day'])).kpis;
    // Both sit in "good" (90–100 % of target); only the noise differs.
    expect(clear.category).toBe('good');
    expect(noisy.category).toBe('good');
    expect(clear.confidence).toBeGreaterThan(0.99);
    expect(noisy.confidence).toBeLessThan(clear.confidence - 0.1);
    expect(noisy.confidence).toBeGreaterThan(0);

    // The same formula by hand: se = s/√n of the hourly values (a mean-like value), t with n − 1 df.
    const r2 = rng(2);
    const vals = hourly(MON - 7 * D, MON + 2 * D, (t) => (t < MON ? 100 : 105) + (r2() - 0.5) * 120).filter((r) => Date.parse(r.time) >= MON && Date.parse(r.time) < MON + D).map((r) => r.v);
    const n = vals.length;
    const mean = sum(vals) / n;
    const sd = Math.sqrt(sum(vals.map((v) => (v - mean) ** 2)) / (n - 1));
    const { studentTCdf } = await import('../src/analytics/distributions.js');
    const se = sd / Math.sqrt(n);
    expect(noisy.value).toBeCloseTo(mean, 8);
    expect(noisy.confidence).toBeCloseTo(studentTCdf((110 - mean) / se, n - 1) - studentTCdf((99 - mean) / se, n - 1), 8);

    const few = await row(MON + 4 * H, 'clear_day');
    const fewNoisy = await row(MON + 4 * H, 'noisy_day');
    expect(few.change.buckets.current).toBe(4);
    expect(fewNoisy.confidence).toBeLessThan(noisy.confidence);
  });
});

describe('forecast to the end of the period', () => {
  it('sums add the forecast of the remaining buckets; ratios forecast numerator and denominator; transforms apply', async () => {
    await put({ name: 'steady_sum', query: { dataset: 'steady', measures: ['sum(v)'] }, period: 'day', target: 200, direction: 'higher' });
    await put({ name: 'hit_pct', query: { dataset: 'hits', measures: ['count_if(hit = true) / count()'] }, transform: 'value * 100', period: 'day', target: 20, direction: 'higher' });
    const at = MON + 12 * H;
    const [hit, steady] = (await scorecard(at, ['steady_sum', 'hit_pct'])).kpis;
    expect(steady.value).toBe(120);
    expect(steady.period.complete).toBe(false);
    expect(steady.forecast.value).toBeCloseTo(240, 6);
    expect(steady.forecast).toMatchObject({ category: 'excellent', text: 'on track for 120 % of target (excellent)' });
    expect(steady.forecast.achievement).toBeCloseTo(120, 6);
    expect(hit.value).toBeCloseTo(25, 10);
    expect(hit.forecast.value).toBeCloseTo(25, 6);
  });

  it('can be skipped for callers that only need the category', async () => {
    const { computeScorecard } = await import('../src/watch/kpis/scorecard.js');
    const at = MON + 12 * H;
    const sc = await computeScorecard(s.almanac.store, 'default', at, { names: ['steady_sum'], forecast: false });
    // 120 by noon; yesterday had 120 of its 240 by noon, so this day is on pace for 240 of a target of 200.
    expect(sc.kpis[0]).toMatchObject({ value: 120, achievement: 120, forecast: null, category: 'excellent', pace: { basis: 'previous period', expectedShare: 0.5, projected: 240 } });
    // The same through the route (dashboard KPI panels ask for it): everything but the forecast is unchanged.
    const full = await scorecard(at, ['steady_sum']);
    const r = await s.call('GET', `/api/v1/kpis/scorecard?at=${encodeURIComponent(iso(at))}&names=steady_sum&forecast=false`);
    expect(r.status).toBe(200);
    expect(r.body.kpis[0].forecast).toBeNull();
    expect({ ...r.body.kpis[0], forecast: full.kpis[0].forecast }).toEqual(full.kpis[0]);
    expect((await s.call('GET', '/api/v1/kpis/scorecard?forecast=no')).status).toBe(400);
  });

  it('a running day of real data is forecast above the value so far', async () => {
    const at = MON + 2 * D + 13.5 * H;
    const k = await row(at, 'rev_day');
    expect(k.forecast.value).toBeGreaterThan(k.value);
    // Within a generous band of a plain run-rate extrapolation.
    const runRate = revenue(MON + 2 * D, at) * (24 / 13.5);
    expect(k.forecast.value).toBeGreaterThan(runRate * 0.7);
    expect(k.forecast.value).toBeLessThan(runRate * 1.3);
    expect(k.forecast.text).toMatch(/^on track for \d+(\.\d)? % of target \((excellent|good|average|poor)\)$/);
  });
});

describe('history', () => {
  it('one row per KPI per period, each equal to the period computed directly', async () => {
    const r = await s.call('GET', `/api/v1/kpis/history?from=${iso(MON - 3 * D)}&to=${iso(MON)}&names=rev_day,success`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rows = r.body.rows as any[];
    expect(rows.map((x) => [x.name, x.period.from])).toEqual([
      ['rev_day', MON - 3 * D], ['rev_day', MON - 2 * D], ['rev_day', MON - D],
      ['success', MON - 3 * D], ['success', MON - 2 * D], ['success', MON - D],
    ]);
    for (const x of rows) {
      const from = x.period.from;
      expect(x.period).toEqual({ from, to: from + D, complete: true });
      const value = x.name === 'rev_day' ? revenue(from, from + D) : 1 - failRate(from, from + D);
      const previous = x.name === 'rev_day' ? revenue(from - D, from) : 1 - failRate(from - D, from);
      expect(x.value).toBeCloseTo(value, 8);
      expect(x.change.previous).toBeCloseTo(previous, 8);
      expect(x.forecast.value).toBeCloseTo(value, 8);
    }
  });

  it('weeks start on Monday and rolling windows sit on their grid; a period still running is scored so far', async () => {
    const at = MON + 7 * D + 12 * H; // Monday 12:00, the week after MON
    const r = await s.call('GET', `/api/v1/kpis/history?from=${iso(MON - 14 * D)}&to=${iso(at)}&names=rev_week,rev_rolling_2d`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const weeks = (r.body.rows as any[]).filter((x) => x.name === 'rev_week');
    expect(weeks.map((x) => x.period.from)).toEqual([MON - 14 * D, MON - 7 * D, MON, MON + 7 * D]);
    for (const x of weeks.slice(0, 3)) expect(x.value).toBeCloseTo(revenue(x.period.from, x.period.from + 7 * D), 6);
    // The data ends at MON + 7 days: the running week holds no rows yet, so its sum is 0 so far, without a forecast.
    expect(weeks[3]).toMatchObject({ value: 0, period: { complete: false }, forecast: null });
    const rolling = (r.body.rows as any[]).filter((x) => x.name === 'rev_rolling_2d');
    for (const x of rolling) {
      expect(x.period.to - x.period.from).toBe(2 * D);
      expect(x.period.from % (2 * D)).toBe(0); // the 2d grid from the epoch, like a query step of 2d
      const end = Math.min(x.period.to, Date.now());
      if (x.value !== null) expect(x.value).toBeCloseTo(revenue(x.period.from, end), 6);
    }
    expect(rolling.length).toBe(Math.ceil((at - Math.floor((MON - 14 * D) / (2 * D)) * 2 * D) / (2 * D)));
  });

  it('refuses an empty range and too many periods', async () => {
    const empty = await s.call('GET', `/api/v1/kpis/history?from=${iso(MON)}&to=${iso(MON - D)}`);
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/^from:/);
    const long = await s.call('GET', `/api/v1/kpis/history?from=2020-01-01&to=2026-01-01&names=rev_day`);
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/^from: .*more than 1000/);
  });
});

describe('definitions and errors', () => {
  it.each([
    ['band without targetHigh', { direction: 'band', targetLow: 1 }, 'targetHigh'],
    ['band with low ≥ high', { direction: 'band', targetLow: 5, targetHigh: 5 }, 'targetHigh'],
    ['higher without target', { direction: 'higher', target: undefined }, 'target'],
    ['a target of zero', { direction: 'lower', target: 0 }, 'target'],
    ['a transform that is not arithmetic', { transform: 'process.exit(1)' }, 'transform'],
    ['a transform with an unbalanced parenthesis', { transform: '(1 - value' }, 'transform'],
    ['an unknown period', { period: 'fortnight' }, 'period'],
    ['a rolling period that is too short', { period: 'rolling:1m' }, 'period'],
    ['thresholds out of order', { thresholds: { good: 120 } }, 'thresholds.good'],
    ['a cap below 100', { maxAchievement: 50 }, 'maxAchievement'],
    ['a negative weight', { weight: -1 }, 'weight'],
    ['an unknown metric', { query: { metric: 'nope' } }, 'query.metric'],
    ['an unknown column', { query: { dataset: 'orders', measures: ['sum(amount_usd)'] } }, 'query.measures[0]'],
    ['a range in the query', { query: { metric: 'revenue', from: '-1d' } }, 'query'],
    ['two measures', { query: { dataset: 'orders', measures: ['count()', 'sum(amount)'] } }, 'query.measures'],
    ['an unknown dataset', { query: { dataset: 'nope' } }, 'query.dataset'],
    ['a filter that is not a condition', { query: { metric: 'revenue', filter: 'amount + 1' } }, 'query.filter'],
    ['a reserved name', { name: 'history' }, 'name'],
  ])('%s → 400 naming %s', async (_d, change, field) => {
    const doc = { name: 'bad', query: { metric: 'revenue' }, period: 'day', target: 1, direction: 'higher', ...change };
    if ((change as { direction?: string }).direction === 'band' || 'target' in change) delete (doc as { target?: number }).target;
    Object.assign(doc, change);
    const r = await s.call('PUT', `/api/v1/kpis/${doc.name}`, { body: doc });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    const paths = [r.body.error.message, ...(r.body.error.issues ?? []).map((i: { path: string }) => i.path)].join(' ');
    expect(paths).toContain(field);
  });

  it('lists, gets, exports and deletes KPIs; a metric used by a KPI cannot be deleted', async () => {
    const list = await s.call('GET', '/api/v1/kpis');
    expect(list.body.kpis.map((k: { name: string }) => k.name)).toContain('rev_day');
    expect((await s.call('GET', '/api/v1/kpis/rev_day')).body).toMatchObject({ kind: 'kpi', name: 'rev_day', period: 'day' });
    const yaml = (await s.call('GET', '/api/v1/export')).body as string;
    expect(yaml).toContain('kind: kpi');
    const del = await s.call('DELETE', '/api/v1/metrics/fail_rate');
    expect(del.status).toBe(409);
    await put({ name: 'temp', query: { metric: 'revenue' }, period: 'day', target: 1, direction: 'higher' });
    expect((await s.call('DELETE', '/api/v1/kpis/temp')).status).toBe(204);
    expect((await s.call('GET', '/api/v1/kpis/temp')).status).toBe(404);
  });

  it('scorecard parameters are checked', async () => {
    expect((await s.call('GET', '/api/v1/kpis/scorecard?names=nope')).status).toBe(404);
    const bad = await s.call('GET', '/api/v1/kpis/scorecard?at=yesterday-ish');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^at:/);
    expect((await s.call('PUT', '/api/v1/kpis/scorecard', { body: { name: 'scorecard', query: { metric: 'revenue' }, period: 'day', target: 1, direction: 'higher' } })).status).toBe(400);
  });

  it('before its dataset has data a KPI has no value, category or forecast, and is left out of the overall score', async () => {
    const sc = await scorecard(Date.UTC(2025, 0, 1), ['rev_day', 'success']);
    for (const k of sc.kpis) expect(k).toMatchObject({ value: null, achievement: null, category: null, forecast: null, change: null, confidence: 0 });
    expect(sc.overall).toEqual({ score: null, category: null });
  });

  it('after the data has begun, a sum or count over a period without rows is 0; a ratio or average has no value', async () => {
    await put({ name: 'fails_lower', query: { dataset: 'orders', measures: ["count_if(status = 'fail')"] }, period: 'day', target: 2, direction: 'lower' });
    const sc = await scorecard(Date.UTC(2030, 0, 1), ['fails_lower', 'rev_day', 'success']);
    const [fails, rev, success] = sc.kpis;
    // No failures is as good as it gets for a lower KPI: scored at the cap.
    expect(fails).toMatchObject({ value: 0, achievement: 120, category: 'excellent' });
    expect(rev).toMatchObject({ value: 0, achievement: 0, category: 'poor', change: { previous: 0, absolute: 0, relative: null } });
    expect(success).toMatchObject({ value: null, category: null });
    expect(sc.overall.score).toBeCloseTo(60, 10);
  });
});
