import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../src/packs/random.js';
import { startServer, type TestServer } from './helpers/server.js';

/** Forecast and anomaly routes over metric queries, on an hourly series with daily seasonality and one spike. */
let s: TestServer;
const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const DAYS = 14;
const SPIKE = 10 * 24 + 13; // hour index of the planted spike

beforeAll(async () => {
  s = await startServer();
  const rnd = createRandom(5);
  const rows: object[] = [];
  for (let h = 0; h < DAYS * 24; h++) {
    const n = Math.round(50 + 30 * Math.sin((2 * Math.PI * h) / 24) + 3 * rnd.normal()) + (h === SPIKE ? 200 : 0);
    for (let i = 0; i < n; i++) rows.push({ time: new Date(T0 + h * HOUR + i * 1000).toISOString(), v: 1 });
  }
  const r = await s.call('POST', '/api/v1/datasets/traffic/rows', { body: rows });
  expect(r.status).toBe(200);
});
afterAll(async () => { await s.close(); });

const query = { dataset: 'traffic', measures: ['count()'], from: new Date(T0).toISOString(), to: new Date(T0 + DAYS * 24 * HOUR).toISOString(), step: '1h' };

describe('POST /api/v1/forecast', () => {
  it('forecasts the next buckets with ordered intervals and the daily cycle', async () => {
    const r = await s.call('POST', '/api/v1/forecast', { body: { query, horizon: 24 } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [series] = r.body.series;
    expect(series.history).toHaveLength(DAYS * 24);
    expect(series.forecast.map((p: { time: number }) => p.time)).toEqual(Array.from({ length: 24 }, (_, k) => T0 + (DAYS * 24 + k) * HOUR));
    expect(series.season).toBe(24);
    for (const p of series.forecast) {
      expect(p.lower95).toBeLessThanOrEqual(p.lower80);
      expect(p.lower80).toBeLessThanOrEqual(p.value);
      expect(p.value).toBeLessThanOrEqual(p.upper80);
      expect(p.upper80).toBeLessThanOrEqual(p.upper95);
    }
    // The 06:00 peak and 18:00 trough of the sine are forecast as such.
    const at = (hour: number) => series.forecast[hour].value;
    expect(at(6)).toBeGreaterThan(at(18) + 30);
  });

  it('answers when the metric will cross a threshold', async () => {
    const r = await s.call('POST', '/api/v1/forecast', { body: { query, horizon: 24, threshold: 75, direction: 'above' } });
    const { crossing, forecast } = r.body.series[0];
    const first = forecast.findIndex((p: { value: number }) => p.value >= 75) + 1;
    expect(crossing.likely).toBe(first);
    expect(crossing.likelyTime).toBe(forecast[first - 1].time);
    expect(crossing.earliest).toBeLessThanOrEqual(crossing.likely);
    const never = await s.call('POST', '/api/v1/forecast', { body: { query, horizon: 24, threshold: 1e6 } });
    expect(never.body.series[0].crossing).toMatchObject({ likely: null, likelyTime: null });
  });

  it('needs a step and a valid model', async () => {
    const noStep = await s.call('POST', '/api/v1/forecast', { body: { query: { dataset: 'traffic' }, horizon: 3 } });
    expect(noStep.status).toBe(400);
    expect(noStep.body.error.message).toMatch(/query\.step: a forecast needs a time series/);
    const model = await s.call('POST', '/api/v1/forecast', { body: { query, horizon: 3, model: 'prophet' } });
    expect(model.status).toBe(400);
    expect(model.body.error.message).toMatch(/unknown model "prophet"/);
  });
});

describe('POST /api/v1/anomalies', () => {
  it('flags the planted spike with its expected value and direction', async () => {
    const r = await s.call('POST', '/api/v1/anomalies', { body: { query, sensitivity: 'medium' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [series] = r.body.series;
    expect(series.points).toHaveLength(DAYS * 24);
    const times = series.anomalies.map((p: { time: number }) => p.time);
    expect(times).toContain(T0 + SPIKE * HOUR);
    const spike = series.points[SPIKE];
    expect(spike).toMatchObject({ isAnomaly: true, direction: 'up' });
    expect(spike.value).toBeGreaterThan(spike.upper);
    expect(spike.score).toBeGreaterThan(0.95);
  });
});

describe('POST /api/v1/anomalies with batch methods', () => {
  it.each(['robust-zscore', 'decomposition-residuals', 'seasonal-esd'])('%s flags the spike', async (method) => {
    const r = await s.call('POST', '/api/v1/anomalies', { body: { query, method } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [series] = r.body.series;
    expect(series.method).toBe(method);
    expect(series.points).toHaveLength(DAYS * 24);
    expect(series.points[SPIKE]).toMatchObject({ isAnomaly: true, direction: 'up', time: T0 + SPIKE * HOUR });
    expect(series.anomalies.length).toBeLessThan(10);
  });
});

describe('POST /api/v1/anomalies/multivariate', () => {
  it('names the bucket and the metric that broke away', async () => {
    const r = await s.call('POST', '/api/v1/anomalies/multivariate', { body: { query: { ...query, measures: ['count()', 'sum(v)'] }, sensitivity: 'low' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.points).toHaveLength(DAYS * 24);
    const top = r.body.points.reduce((a: { score: number }, b: { score: number }) => (b.score > a.score ? b : a));
    expect(top.time).toBe(T0 + SPIKE * HOUR);
    expect(top.metrics[0].direction).toBe('up');
    const one = await s.call('POST', '/api/v1/anomalies/multivariate', { body: { query } });
    expect(one.status).toBe(400);
  });
});

describe('POST /api/v1/correlation, /contributions, /experiments', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
    const rnd = createRandom(9);
    const rows: object[] = [];
    for (let h = 0; h < 72; h++) {
      const load = 100 + 50 * Math.sin((2 * Math.PI * h) / 24);
      for (let i = 0; i < 20; i++) {
        const region = i < 12 ? 'eu' : 'us';
        // From hour 48 on, eu errors jump; latency follows load one hour later.
        const errorRate = region === 'eu' && h >= 48 ? 0.3 : 0.02;
        rows.push({ time: new Date(T0 + h * HOUR + i * 60_000).toISOString(), region, status: rnd.next() < errorRate ? 500 : 200, load, latency: 100 + 50 * Math.sin((2 * Math.PI * (h - 1)) / 24) + rnd.normal() });
      }
    }
    expect((await t.call('POST', '/api/v1/datasets/svc/rows', { body: rows })).status).toBe(200);
    const users: object[] = [];
    for (let i = 0; i < 4000; i++) {
      const variant = i % 2 === 0 ? 'control' : 'treatment';
      users.push({ time: new Date(T0 + i * 1000).toISOString(), variant, converted: rnd.next() < (variant === 'control' ? 0.1 : 0.13), spend: 20 + rnd.normal() * 5 + (variant === 'treatment' ? 1 : 0) });
    }
    expect((await t.call('POST', '/api/v1/datasets/ab/rows', { body: users })).status).toBe(200);
  });
  afterAll(async () => { await t.close(); });
  const range = { from: new Date(T0).toISOString(), to: new Date(T0 + 72 * HOUR).toISOString(), step: '1h' };

  it('finds the level shift in eu errors and its time', async () => {
    const r = await t.call('POST', '/api/v1/changepoints', { body: { query: { dataset: 'svc', measures: ['count_if(status >= 500)'], filter: "region = 'eu'", ...range }, kind: 'level' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // Counts are noisier at a higher rate, so a smaller spurious change may follow; the shift is the largest.
    const cps: { index: number; time: number; meanBefore: number; meanAfter: number }[] = r.body.series[0].changepoints;
    const main = cps.reduce((a, b) => (Math.abs(b.meanAfter - b.meanBefore) > Math.abs(a.meanAfter - a.meanBefore) ? b : a));
    expect(Math.abs(main.index - 48)).toBeLessThanOrEqual(1);
    expect(Math.abs(main.time - (T0 + 48 * HOUR))).toBeLessThanOrEqual(HOUR);
    expect(main.meanAfter - main.meanBefore).toBeGreaterThan(2);
  });

  it('reports the error trend and the change against the previous period', async () => {
    const r = await t.call('POST', '/api/v1/trend', { body: { query: { dataset: 'svc', measures: ['count_if(status >= 500)'], filter: "region = 'eu'", ...range }, per: '1h' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [series] = r.body.series;
    expect(series.trend.direction).toBe('increasing');
    expect(series.trend.pValue).toBeLessThan(0.001);
    expect(series.previous.to).toBe(T0);
    const flat = await t.call('POST', '/api/v1/trend', { body: { query: { dataset: 'svc', measures: ['avg(load)'], ...range } } });
    expect(flat.body.series[0].trend.direction).not.toBe('increasing');
    const bad = await t.call('POST', '/api/v1/trend', { body: { query: { dataset: 'svc', ...range }, per: 'weekly' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/per: "weekly" is not a duration/);
  });

  it('finds that latency follows load by one bucket', async () => {
    const r = await t.call('POST', '/api/v1/correlation', { body: { x: { dataset: 'svc', measures: ['avg(load)'], ...range }, y: { dataset: 'svc', measures: ['avg(latency)'], ...range }, maxLag: 3 } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.buckets).toBe(72);
    expect(r.body.lags.best.lag).toBe(1);
    expect(r.body.lags.best.r).toBeGreaterThan(0.99);
  });

  it('attributes the error increase to eu', async () => {
    const r = await t.call('POST', '/api/v1/contributions', { body: {
      query: { dataset: 'svc', groupBy: ['region'] },
      ratio: { numerator: 'count_if(status >= 500)', denominator: 'count()' },
      before: { from: new Date(T0).toISOString(), to: new Date(T0 + 48 * HOUR).toISOString() },
      after: { from: new Date(T0 + 48 * HOUR).toISOString(), to: new Date(T0 + 72 * HOUR).toISOString() },
    } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.contributions[0].group).toBe('eu');
    expect(r.body.summary).toMatch(/^eu accounts for \d+% of the increase/);
  });

  it('analyses a conversion and a continuous experiment', async () => {
    const conv = await t.call('POST', '/api/v1/experiments', { body: { dataset: 'ab', variantColumn: 'variant', control: 'control', conversion: 'converted = true', from: '2025-12-01', to: '2026-02-01' } });
    expect(conv.status, JSON.stringify(conv.body)).toBe(200);
    const [control, treatment] = conv.body.variants;
    expect(control.name).toBe('control');
    expect(control.n).toBe(2000);
    expect(treatment.name).toBe('treatment');
    expect(conv.body.sampleRatio.mismatch).toBe(false);
    const spend = await t.call('POST', '/api/v1/experiments', { body: { dataset: 'ab', variantColumn: 'variant', control: 'control', value: 'spend', from: '2025-12-01', to: '2026-02-01' } });
    expect(spend.status, JSON.stringify(spend.body)).toBe(200);
    expect(spend.body.variants[1].absoluteLift).toBeGreaterThan(0.5);
    expect(spend.body.variants[1].pValue).toBeLessThan(0.001);
    const bad = await t.call('POST', '/api/v1/experiments', { body: { dataset: 'ab', variantColumn: 'variant', conversion: 'converted) + count(' } });
    expect(bad.status).toBe(400);
  });
});
