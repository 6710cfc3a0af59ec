import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAlmanac, type Almanac } from '../src/almanac.js';
import { DEMO_KPIS } from '../src/packs/web-service/demo-kpis.js';
import { incidents } from '../src/packs/web-service/generate.js';
import { loadDemo } from '../src/packs/web-service/load-demo.js';
import { computeKpiHistory, computeScorecard } from '../src/watch/kpis/scorecard.js';
import { tempDir } from './helpers/server.js';

/**
 * The demo ships KPIs that apply with the demo's definitions and score its data.
 * A lighter demo (fewer requests a minute) keeps this fast; the rates the demo
 * KPIs measure (error rate, latency, cost) do not depend on the volume.
 */
const END = Date.UTC(2026, 10, 20, 15, 30);
const DAY = 86_400_000;
let almanac: Almanac;

beforeAll(async () => {
  almanac = await openAlmanac({ dataDir: tempDir(), logger: pino({ level: 'silent' }) });
  await loadDemo(almanac, 'default', { end: END, days: 21, perMinute: 20 });
});
afterAll(async () => { await almanac?.close(); });

describe('demo KPIs', () => {
  it('are loaded with the demo and all have a value', async () => {
    const kpis = await almanac.store.listDefinitions('default', 'kpi');
    expect(kpis.map((k) => k.name).sort()).toEqual(DEMO_KPIS.map((k) => k.name).sort());
    const sc = await computeScorecard(almanac.store, 'default', END);
    for (const k of sc.kpis) expect(k.value, k.name).not.toBeNull();
    expect(sc.overall.score).not.toBeNull();
  });

  it('show the planted error burst: availability falls below good on that day', async () => {
    const burst = incidents(END).errorBurst.from;
    const day = Math.floor(burst / DAY) * DAY;
    const h = await computeKpiHistory(almanac.store, 'default', { from: END - 14 * DAY, to: END - DAY, now: END, names: ['availability'] });
    const byDay = new Map(h.rows.map((r) => [r.period.from, r]));
    expect(['average', 'poor']).toContain(byDay.get(day)!.category);
    const others = h.rows.filter((r) => r.period.from !== day);
    expect(others.filter((r) => r.category === 'good').length).toBeGreaterThanOrEqual(others.length - 1);
  });

  it('give a mix of categories over the last two weeks', async () => {
    const h = await computeKpiHistory(almanac.store, 'default', { from: END - 14 * DAY, to: END, now: END });
    expect(new Set(h.rows.map((r) => r.category)).size).toBeGreaterThanOrEqual(3);
  });
});
