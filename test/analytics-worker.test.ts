import { afterAll, describe, expect, it } from 'vitest';
import { AlmanacError } from '../src/core/errors.js';
import { runJob } from '../src/analytics/worker/jobs.js';
import { createAnalyticsPool } from '../src/analytics/worker/pool.js';

/**
 * The analytics worker pool: the same answers as the functions in this thread,
 * errors that keep their kind, and an event loop that stays free meanwhile.
 */
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5);
// Two weeks of hourly traffic with a daily cycle, a trend and one spike.
const values = Array.from({ length: 24 * 14 }, (_, i) => 1000 + 2 * i + 400 * Math.sin((2 * Math.PI * i) / 24) + ((i * 37) % 11) * 10 + (i === 200 ? 3000 : 0));
const times = values.map((_, i) => T0 + i * HOUR);
const pool = createAnalyticsPool(2);
afterAll(() => pool.close());

describe('analytics worker pool', () => {
  it('forecasts exactly as in this thread, crossing included', async () => {
    const job = { values, options: { horizon: 24 }, threshold: 1800, direction: 'above' as const };
    const [inWorker, inThread] = [await pool.run('forecast', job), runJob('forecast', job)];
    expect(inWorker).toEqual(inThread);
    expect(inWorker.result.point).toHaveLength(24);
    expect(inWorker.crossing).toBeDefined();
  }, 60_000);

  it('scores anomalies exactly as in this thread (streaming and a batch method), several at once', async () => {
    const jobs = [
      { values, times, sensitivity: 'medium' as const, method: 'streaming' as const },
      { values, times, sensitivity: 'high' as const, method: 'robust-zscore' as const },
    ];
    const inWorker = await Promise.all(jobs.map((j) => pool.run('anomalies', j)));
    expect(inWorker).toEqual(jobs.map((j) => runJob('anomalies', j)));
    expect(inWorker[1].some((p) => p.isAnomaly)).toBe(true);
  }, 60_000);

  it('a failing job rejects with the same error as in this thread; the pool keeps working', async () => {
    const bad = { values, times, sensitivity: 'extreme' as never, method: 'streaming' as const };
    let here: unknown;
    try { runJob('anomalies', bad); } catch (e) { here = e; }
    expect(here).toBeInstanceOf(AlmanacError);
    const there = await pool.run('anomalies', bad).then(() => null, (e: unknown) => e);
    expect(there).toBeInstanceOf(AlmanacError);
    expect((there as AlmanacError).code).toBe((here as AlmanacError).code);
    expect((there as AlmanacError).message).toBe((here as AlmanacError).message);
    // Not an AlmanacError: a plain error naming the job.
    const unknown = await pool.run('nonsense' as never, {} as never).then(() => null, (e: unknown) => e);
    expect(String((unknown as Error).message)).toMatch(/analytics job "nonsense" failed: unknown analytics job/);
    const ok = await pool.run('anomalies', { values: values.slice(0, 48), times: times.slice(0, 48), sensitivity: 'low', method: 'streaming' });
    expect(ok).toHaveLength(48);
  }, 60_000);

  it('the event loop stays free while a forecast runs', async () => {
    const long = Array.from({ length: 24 * 60 }, (_, i) => values[i % values.length] + i);
    await pool.run('anomalies', { values: [1, 2, 3], times: [1, 2, 3], sensitivity: 'low', method: 'streaming' }); // workers started
    const started = performance.now();
    let ticks = 0;
    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => { const t = performance.now(); worst = Math.max(worst, t - last); last = t; ticks++; }, 2);
    const r = await pool.run('forecast', { values: long, options: { horizon: 48 } });
    const took = performance.now() - started;
    clearInterval(timer);
    expect(r.result.point).toHaveLength(48);
    // In this thread the loop would have been blocked for the whole forecast.
    expect(took).toBeGreaterThan(20);
    expect(ticks).toBeGreaterThan(3);
    expect(worst).toBeLessThan(Math.max(50, took / 2));
  }, 60_000);

  it('warm starts the workers before the first job', async () => {
    const p = createAnalyticsPool(2);
    expect(p.stats().workers).toBe(0);
    p.warm();
    expect(p.stats().workers).toBe(2);
    expect(await p.run('anomalies', { values: [1, 2, 3], times: [1, 2, 3], sensitivity: 'low', method: 'streaming' })).toHaveLength(3);
    expect(p.stats().workers).toBe(2);
    await p.close();
  }, 60_000);

  it('size 0 runs in this thread; a closed pool refuses work', async () => {
    const inline = createAnalyticsPool(0);
    const job = { values: values.slice(0, 72), options: { horizon: 6 } };
    expect(await inline.run('forecast', job)).toEqual(runJob('forecast', job));
    const closing = createAnalyticsPool(1);
    await closing.close();
    await expect(closing.run('forecast', job)).rejects.toMatchObject({ code: 'shutting_down' });
  });
});
