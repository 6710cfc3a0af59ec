import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardDoc, Panel } from '../src/dashboards/schema.js';
import { DEMO_DASHBOARDS } from '../src/packs/web-service/demo-dashboards.js';
import { incidents } from '../src/packs/web-service/generate.js';
import { loadDemo } from '../src/packs/web-service/load-demo.js';
import { startServer, type TestServer } from './helpers/server.js';

/**
 * The demo dashboards over a short, sparse demo: every panel answers, and the
 * planted incidents are where the generator put them, inside the default ranges.
 */
let s: TestServer;
const END = Date.now();
const inc = incidents(Math.floor(END / 60_000) * 60_000);
const HOUR = 3_600_000;

beforeAll(async () => {
  s = await startServer();
  await loadDemo(s.almanac, 'default', { end: END, days: 31, perMinute: 6 });
});
afterAll(async () => { await s.close(); });

const dash = async (name: string): Promise<DashboardDoc> => (await s.call('GET', `/api/v1/dashboards/${name}`)).body;
/** The request a panel makes over the dashboard's default range. */
async function panelData(d: DashboardDoc, id: string) {
  const p = d.panels.find((x) => x.id === id)!;
  const query = { ...p.query, from: d.time!.from, to: d.time!.to };
  const [path, body] = p.type === 'forecast' ? ['forecast', { query, horizon: p.options?.horizon ?? 24 }]
    : p.type === 'anomaly' ? ['anomalies', { query, sensitivity: p.options?.sensitivity }]
      : ['query', query];
  const r = await s.call('POST', `/api/v1/${path}`, { body });
  expect(r.status, `${d.name}/${id}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
  return r.body;
}
/** The bucket start holding the largest value of a series. */
const argmax = (points: [number, number | null][]) => points.reduce((best, p) => ((p[1] ?? -Infinity) > (best[1] ?? -Infinity) ? p : best))[0];

describe('demo dashboards', () => {
  it('are loaded with the demo, exactly as declared', async () => {
    const names = (await s.call('GET', '/api/v1/dashboards')).body.dashboards.map((d: DashboardDoc) => d.name);
    expect(names.sort()).toEqual(DEMO_DASHBOARDS.map((d) => d.name).sort());
    for (const d of DEMO_DASHBOARDS) expect(await dash(d.name)).toEqual(d);
  });

  it('the web-service overview has the panel types the story needs', () => {
    const types = new Set(DEMO_DASHBOARDS[0].panels.map((p: Panel) => p.type));
    for (const t of ['text', 'stat', 'kpi', 'alerts', 'timeseries', 'bar', 'anomaly', 'forecast'] as const) expect(types, t).toContain(t);
  });

  it.each(DEMO_DASHBOARDS.flatMap((d) => d.panels.filter((p) => p.query).map((p) => [`${d.name}/${p.id}`, d.name, p.id] as const)))('%s answers with data', async (_l, name, id) => {
    const body = await panelData(await dash(name), id);
    const points = body.series.flatMap((x: { points: unknown[] }) => x.points);
    expect(points.length).toBeGreaterThan(0);
  });

  it('the error burst is the worst hour of the error rate, and of errors in us', async () => {
    const d = await dash('web_service_overview');
    const rate = (await panelData(d, 'error_rate')).series[0].points;
    const burstHour = Math.floor(inc.errorBurst.from / HOUR) * HOUR;
    // Sparse demo data: a quiet night hour can be noisy, so compare with the typical hour rather than every hour.
    const values = rate.map((p: [number, number | null]) => p[1]).filter((v: number | null) => v !== null).sort((a: number, b: number) => a - b);
    const median = values[Math.floor(values.length / 2)];
    expect(rate.find((p: [number, number]) => p[0] === burstHour)[1]).toBeGreaterThan(4 * median);
    const byRegion = (await panelData(d, 'errors_by_region')).series;
    expect(argmax(byRegion.find((x: { group: { region: string } }) => x.group.region === 'us').points)).toBe(burstHour);
  });

  it('the latency spike is the worst hour of checkout p95 and of p99 overall', async () => {
    const d = await dash('web_service_overview');
    const spikeHours = [inc.latencySpike.from, inc.latencySpike.from + HOUR];
    const checkout = (await panelData(d, 'latency_by_service')).series.find((x: { group: { service: string } }) => x.group.service === 'checkout');
    expect(spikeHours).toContain(argmax(checkout.points));
    const p99 = (await panelData(d, 'latency')).series.find((x: { measure: string }) => x.measure === 'p99(duration_ms)');
    expect(spikeHours).toContain(argmax(p99.points));
  });

  it('the runaway search cost grows through the last days of the cost overview', async () => {
    const d = await dash('cloud_cost_overview');
    const lastVsBefore = (points: [number, number | null][]) => {
      const values = points.map((p) => p[1]).filter((v): v is number => v !== null);
      return values[values.length - 1] / values[values.length - 10];
    };
    const search = (await panelData(d, 'by_service')).series.find((x: { group: { service: string } }) => x.group.service === 'search');
    // ap compute is about a tenth of search's bill; compounding 30 % a day still lifts the whole service by half.
    expect(lastVsBefore(search.points)).toBeGreaterThan(1.4);
    const isolated = (await panelData(d, 'search_by_resource')).series as { group: { region: string; resource: string }; points: [number, number | null][] }[];
    const ap = isolated.find((x) => x.group.region === 'ap' && x.group.resource === 'compute')!;
    expect(lastVsBefore(ap.points)).toBeGreaterThan(1.3 ** 7);
    // On the last day it is the largest line of the panel.
    const lastValue = (x: (typeof isolated)[number]) => x.points.map((p) => p[1]).filter((v) => v !== null).at(-1)!;
    expect(Math.max(...isolated.map(lastValue))).toBe(lastValue(ap));
    expect(inc.runawayFrom).toBeGreaterThan(END - 9 * 86_400_000);
  });
});
