import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardDoc, Panel } from '../src/dashboards/schema.js';
import { startServer, type TestServer } from './helpers/server.js';

let s: TestServer;
const T0 = Date.UTC(2026, 0, 5);

beforeAll(async () => {
  s = await startServer();
  const rows = Array.from({ length: 60 }, (_, i) => ({ time: new Date(T0 + i * 60_000).toISOString(), region: ['eu', 'us', 'ap'][i % 3], ok: i % 2 === 0, status: i % 10 === 0 ? 500 : 200, duration_ms: i }));
  expect((await s.call('POST', '/api/v1/datasets/req/rows', { body: rows })).status).toBe(200);
  expect((await s.call('PUT', '/api/v1/metrics/error_rate', { body: { name: 'error_rate', dataset: 'req', expr: 'count_if(status >= 500) / count()' } })).status).toBe(200);
});
afterAll(async () => { await s.close(); });

const panel = (over: Partial<Panel> = {}): Panel => ({
  id: 'p1', title: 'Requests', type: 'timeseries',
  query: { dataset: 'req', measures: ['count()'], groupBy: ['region'], step: '5m' },
  layout: { x: 0, y: 0, w: 12, h: 8 }, ...over,
});
const dash = (over: Partial<DashboardDoc> = {}): DashboardDoc => ({ kind: 'dashboard', name: 'ops', title: 'Ops', panels: [panel()], ...over });

/** PUT a dashboard and return the error issues (empty when it was accepted). */
async function problems(doc: DashboardDoc): Promise<{ path: string; message: string }[]> {
  const r = await s.call('PUT', `/api/v1/dashboards/${doc.name}`, { body: doc });
  if (r.status === 200) return [];
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  return r.body.error.issues;
}

describe('kind: dashboard — checks across documents', () => {
  it.each<[string, DashboardDoc, string, RegExp]>([
    ['panel ids must be unique', dash({ panels: [panel(), panel({ layout: { x: 12, y: 0, w: 12, h: 8 } })] }), 'panels[1].id', /used twice/],
    ['an unknown column in a measure names the measure', dash({ panels: [panel({ query: { dataset: 'req', measures: ['count()', 'p95(durration_ms)'] } })] }), 'panels[0].query.measures[1]', /unknown column "durration_ms".*did you mean "duration_ms"/],
    ['an unknown column in the filter names the filter', dash({ panels: [panel({ query: { dataset: 'req', filter: "regio = 'eu'" } })] }), 'panels[0].query.filter', /unknown column "regio"/],
    ['an unknown group-by column names it', dash({ panels: [panel({ query: { dataset: 'req', groupBy: ['nope'] } })] }), 'panels[0].query.groupBy[0]', /unknown column "nope"/],
    ['an unknown dataset', dash({ panels: [panel({ query: { dataset: 'missing' } })] }), 'panels[0].query.dataset', /dataset "missing" not found/],
    ['an unknown metric', dash({ panels: [panel({ query: { metric: 'nope' } })] }), 'panels[0].query.metric', /unknown metric "nope"/],
    ['a bad step', dash({ panels: [panel({ query: { dataset: 'req', step: '5 minutes' } })] }), 'panels[0].query.step', /not a duration/],
    ['a chart needs a query', dash({ panels: [panel({ query: undefined })] }), 'panels[0].query', /needs a query/],
    ['a text panel has no query', dash({ panels: [panel({ type: 'text', options: { markdown: '# hi' } })] }), 'panels[0].query', /has no query/],
    ['a text panel needs markdown', dash({ panels: [panel({ type: 'text', query: undefined })] }), 'panels[0].options.markdown', /needs options.markdown/],
    ['kpi and alerts panels take no query', dash({ panels: [panel({ type: 'kpi' })] }), 'panels[0].query', /has no query/],
    ['scatter needs two measures', dash({ panels: [panel({ type: 'scatter' })] }), 'panels[0].query.measures', /exactly 2/],
    ['the layout fits 24 columns', dash({ panels: [panel({ layout: { x: 16, y: 0, w: 12, h: 8 } })] }), 'panels[0].layout', /x \+ w is 28/],
    ['a variable names an existing column', dash({ variables: [{ name: 'region', dataset: 'req', column: 'regon' }] }), 'variables[0].column', /unknown column "regon"/],
    ['a variable names a dimension', dash({ variables: [{ name: 'd', dataset: 'req', column: 'duration_ms' }] }), 'variables[0].column', /a number column/],
    ['a variable names an existing dataset', dash({ variables: [{ name: 'd', dataset: 'zzz', column: 'region' }] }), 'variables[0].dataset', /does not exist/],
    ['the default time range is checked', dash({ time: { from: 'yesterday', to: 'now' } }), 'time.from', /not a time/],
    ['refresh is an interval', dash({ refresh: 'often' }), 'refresh', /not an interval/],
  ])('%s', async (_d, doc, path, message) => {
    const issues = await problems(doc);
    const hit = issues.find((i) => i.path === `documents[0].${path}`);
    expect(hit, JSON.stringify(issues)).toBeDefined();
    expect(hit!.message).toMatch(message);
    // Nothing was stored.
    expect((await s.call('GET', `/api/v1/dashboards/${doc.name}`)).status).toBe(404);
  });

  it('the schema rejects an unknown panel type with the allowed ones', async () => {
    const r = await s.call('PUT', '/api/v1/dashboards/ops', { body: dash({ panels: [{ ...panel(), type: 'sparkles' as never }] }) });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.error)).toMatch(/panels\[0\]\.type/);
  });

  it('a valid dashboard with every query-less panel type is accepted', async () => {
    const doc = dash({
      name: 'every_kind', time: { from: '-7d', to: 'now' }, refresh: '30s', live: true,
      variables: [{ name: 'region', dataset: 'req', column: 'region', multi: true }, { name: 'ok', dataset: 'req', column: 'ok' }],
      panels: [
        panel(),
        panel({ id: 'scatter', type: 'scatter', query: { dataset: 'req', measures: ['count()', 'avg(duration_ms)'], groupBy: ['region'] }, layout: { x: 12, y: 0, w: 12, h: 8 } }),
        panel({ id: 'metric', type: 'stat', query: { metric: 'error_rate' }, layout: { x: 0, y: 8, w: 6, h: 4 } }),
        { id: 'md', title: 'About', type: 'text', options: { markdown: '**hello**' }, layout: { x: 6, y: 8, w: 6, h: 4 } },
        { id: 'k', title: 'KPIs', type: 'kpi', layout: { x: 12, y: 8, w: 6, h: 4 } },
        { id: 'a', title: 'Alerts', type: 'alerts', options: { states: ['firing'] }, layout: { x: 18, y: 8, w: 6, h: 4 } },
      ],
    });
    expect(await problems(doc)).toEqual([]);
    const got = (await s.call('GET', '/api/v1/dashboards/every_kind')).body;
    expect(got).toEqual(doc);
  });

  it('a metric a dashboard uses cannot be deleted from under it', async () => {
    await s.call('PUT', '/api/v1/metrics/slow', { body: { name: 'slow', dataset: 'req', expr: 'p95(duration_ms)' } });
    expect(await problems(dash({ name: 'uses_slow', panels: [panel({ query: { metric: 'slow' } })] }))).toEqual([]);
    const r = await s.call('DELETE', '/api/v1/metrics/slow');
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/dashboard "uses_slow"/);
    expect((await s.call('DELETE', '/api/v1/dashboards/uses_slow')).status).toBe(204);
    expect((await s.call('DELETE', '/api/v1/metrics/slow')).status).toBe(204);
  });
});

describe('dashboards CRUD and as code', () => {
  it('PUT creates, GET lists and reads, PUT replaces, DELETE removes — each audited', async () => {
    const doc = dash({ name: 'crud' });
    const created = await s.call('PUT', '/api/v1/dashboards/crud', { body: doc });
    expect(created.body.created).toEqual([{ kind: 'dashboard', name: 'crud' }]);
    expect((await s.call('GET', '/api/v1/dashboards')).body.dashboards.map((d: DashboardDoc) => d.name)).toContain('crud');
    const changed = { ...doc, title: 'Ops, renamed' };
    expect((await s.call('PUT', '/api/v1/dashboards/crud', { body: changed })).body.updated).toEqual([{ kind: 'dashboard', name: 'crud' }]);
    expect((await s.call('GET', '/api/v1/dashboards/crud')).body.title).toBe('Ops, renamed');
    expect((await s.call('PUT', '/api/v1/dashboards/other', { body: doc })).status).toBe(400);
    expect((await s.call('PUT', '/api/v1/dashboards/crud', { body: changed, key: s.keys.viewer })).status).toBe(403);
    expect((await s.call('DELETE', '/api/v1/dashboards/crud')).status).toBe(204);
    expect((await s.call('GET', '/api/v1/dashboards/crud')).status).toBe(404);
    const actions = (await s.call('GET', '/api/v1/audit')).body.entries.map((e: { action: string; target: string }) => `${e.action} ${e.target}`);
    expect(actions).toEqual(expect.arrayContaining(['dashboard.put dashboard/crud', 'dashboard.delete dashboard/crud']));
  });

  it('export → apply round-trips a dashboard exactly, in YAML', async () => {
    const doc = dash({ name: 'round', description: 'trip', tags: ['a'], colorScheme: 'okabe-ito', panels: [panel({ options: { stack: true, area: true, unit: 'req', legend: false } })] });
    expect(await problems(doc)).toEqual([]);
    const yaml = (await s.call('GET', '/api/v1/export')).body as string;
    const docs = YAML.parseAllDocuments(yaml).map((d) => d.toJS());
    expect(docs.find((d) => d.kind === 'dashboard' && d.name === 'round')).toEqual(doc);
    // Dashboards come after the datasets and metrics they use, so the bundle applies as is.
    const kinds = docs.map((d) => d.kind);
    expect(kinds.lastIndexOf('metric')).toBeLessThan(kinds.indexOf('dashboard'));
    const again = await s.call('POST', '/api/v1/apply', { body: yaml, type: 'application/yaml' });
    expect(again.status).toBe(200);
    expect(again.body.unchanged).toEqual(expect.arrayContaining([{ kind: 'dashboard', name: 'round' }]));
    expect(again.body.created).toEqual([]);
    expect(again.body.updated).toEqual([]);
  });
});
