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
