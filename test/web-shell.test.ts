import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeAnswer, type QueryAnswer } from '../src/charts/index.js';
import { DEFINITION_NAME_PATTERN } from '../src/core/names.js';
import { compactLayout, freeName, nameFromTitle, nextPanelLayout, parseDashboardFile, uniquePanelId } from '../web/src/dashboard/doc-ops.js';
import { activeFilters, searchOf, typedValue, viewFromSearch } from '../web/src/dashboard/url-state.js';
import { combineFilter, filterCondition, literal } from '../web/src/panels/filters.js';
import { incrementalQuery, panelFetch, panelQuery } from '../web/src/panels/panel-request.js';
import { autoStep, isRelative, rangeProblem, refreshMs, resolveRange } from '../web/src/time-range.js';
import type { DashboardDoc, Panel } from '../src/dashboards/schema.js';
import { startServer, type TestServer } from './helpers/server.js';

/**
 * The web app's pure logic (filters, panel requests, URL state, document
 * edits), checked against a real server where the server is the judge: the
 * filter expressions it accepts and counts, and the live path's incremental
 * query + merge giving the same answer as a full query.
 */

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);

interface Row {
  time: string;
  region: string | null;
  status: number;
  ok: boolean;
}

/** Deterministic rows: regions cycle (with a quote and a null), statuses and flags alternate. */
function rows(n: number, start: number, spacingMs: number): Row[] {
  const regions = ['eu', 'us', "o'hare", null];
  return Array.from({ length: n }, (_, i) => ({
    time: new Date(start + i * spacingMs).toISOString(),
    region: regions[i % regions.length],
    status: i % 3 === 0 ? 500 : 200,
    ok: i % 2 === 0,
  }));
}

describe('web app logic against a real server', () => {
  let s: TestServer;
  const sent: Row[] = [];

  const ingest = async (batch: Row[]) => {
    const r = await s.call('POST', '/api/v1/datasets/ev/rows', { body: batch, key: s.keys.ingest });
    expect(r.status).toBe(200);
    sent.push(...batch);
  };
  const query = async (q: object): Promise<QueryAnswer> => {
    const r = await s.call('POST', '/api/v1/query', { body: q, key: s.keys.viewer });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as QueryAnswer;
  };

  beforeAll(async () => {
    s = await startServer();
    const created = await s.call('POST', '/api/v1/datasets', {
      body: { name: 'ev', timeColumn: 'time', columns: [{ name: 'time', type: 'time' }, { name: 'region', type: 'string' }, { name: 'status', type: 'number' }, { name: 'ok', type: 'boolean' }] },
    });
    expect(created.status).toBeLessThan(300);
    await ingest(rows(400, T0, 5 * 60_000)); // 400 rows, 5 minutes apart: about 33 hours
  });
  afterAll(async () => s?.close());

  it('filter conditions (strings with quotes, numbers, booleans, null, several values) count what they select', async () => {
    const cases: { filters: Parameters<typeof combineFilter>[1]; keep: (r: Row) => boolean }[] = [
      { filters: [{ column: 'region', values: ["o'hare"] }], keep: (r) => r.region === "o'hare" },
      { filters: [{ column: 'region', values: ['eu', 'us'] }], keep: (r) => r.region === 'eu' || r.region === 'us' },
      { filters: [{ column: 'region', values: [null] }], keep: (r) => r.region === null },
      { filters: [{ column: 'region', values: ['eu', null] }], keep: (r) => r.region === 'eu' || r.region === null },
      { filters: [{ column: 'status', values: [500] }, { column: 'ok', values: [true] }], keep: (r) => r.status === 500 && r.ok },
      // A column the dataset does not have is not applied (another dataset's variable).
      { filters: [{ column: 'team', values: ['x'] }, { column: 'ok', values: [false] }], keep: (r) => !r.ok },
    ];
    const columns = new Set(['time', 'region', 'status', 'ok']);
    for (const c of cases) {
      const filter = combineFilter(undefined, c.filters, columns);
      const a = await query({ dataset: 'ev', measures: ['count()'], filter, from: T0, to: T0 + 48 * HOUR });
      expect(a.series[0]?.points[0][1] ?? 0, filter).toBe(sent.filter(c.keep).length);
    }
  });

  it("the panel's own filter is kept and ANDed with the dashboard's", async () => {
    const filter = combineFilter('status = 500 or ok = true', [{ column: 'region', values: ['us'] }], new Set(['region']));
    expect(filter).toBe("(status = 500 or ok = true) and region = 'us'");
    const a = await query({ dataset: 'ev', measures: ['count()'], filter, from: T0, to: T0 + 48 * HOUR });
    expect(a.series[0].points[0][1]).toBe(sent.filter((r) => (r.status === 500 || r.ok) && r.region === 'us').length);
  });

  it('a time panel without a step gets one fitted to the range; the server accepts it', async () => {
    const panel: Panel = { id: 'p', title: 't', type: 'timeseries', query: { dataset: 'ev', measures: ['count()'] }, layout: { x: 0, y: 0, w: 12, h: 8 } };
    const range = { from: new Date(T0).toISOString(), to: new Date(T0 + 48 * HOUR).toISOString() };
    const q = panelQuery(panel, { range, filters: [] });
    expect(q?.step).toBe(autoStep(T0, T0 + 48 * HOUR));
    const a = await query(q!);
    const points = a.series[0].points;
    expect(points.length).toBeGreaterThan(20);
    expect(points.length).toBeLessThanOrEqual(241);
    expect(points.reduce((n, p) => n + (p[1] ?? 0), 0)).toBe(sent.length);
    // Bars without a step stay one value per group (x = the group values).
    expect(panelQuery({ ...panel, type: 'bar' }, { range, filters: [] })?.step).toBeUndefined();
  });

  it('live: the incremental query from the bucket of the oldest new row, merged, equals a full query', async () => {
    const panel: Panel = { id: 'p', title: 't', type: 'timeseries', query: { dataset: 'ev', measures: ['count()', 'sum(status)'], groupBy: ['region'], step: '1h' }, layout: { x: 0, y: 0, w: 12, h: 8 } };
    const range = { from: new Date(T0).toISOString(), to: new Date(T0 + 48 * HOUR).toISOString() };
    const q = panelQuery(panel, { range, filters: [] })!;
    const before = await query(q);
    // New rows: some in existing buckets (one mid-hour), some in new buckets, a new group.
    const late = [
      ...rows(30, T0 + 20 * HOUR + 17 * 60_000, 7 * 60_000),
      { time: new Date(T0 + 40 * HOUR + 1000).toISOString(), region: 'ap', status: 200, ok: true },
    ];
    await ingest(late);
    const minTime = Math.min(...late.map((r) => Date.parse(r.time)));
    const inc = incrementalQuery(q, minTime)!;
    // The bucket holding the oldest new row, computed here independently: whole hours.
    expect(inc.from).toBe(Math.floor(minTime / HOUR) * HOUR);
    const merged = mergeAnswer(before, await query(inc));
    const full = await query(q);
    const norm = (a: QueryAnswer) => a.series.map((x) => ({ key: `${x.measure} ${JSON.stringify(x.group)}`, points: x.points.filter((p) => p[1] !== null) })).sort((a, b) => a.key.localeCompare(b.key));
    expect(norm(merged)).toEqual(norm(full));
    expect(norm(merged).find((x) => x.key.includes('"ap"'))?.points).toEqual([[T0 + 40 * HOUR, 1]]);
  });

  it('forecast, anomaly and list panels fetch from their own routes', () => {
    const base = { id: 'p', title: 't', layout: { x: 0, y: 0, w: 6, h: 6 } };
    const range = { from: '-7d', to: 'now' };
    const f = panelFetch({ ...base, type: 'forecast', query: { dataset: 'ev', measures: ['count()'], step: '1h' }, options: { horizon: 12 } }, { range, filters: [] });
    expect(f).toMatchObject({ kind: 'forecast', body: { horizon: 12, query: { from: '-7d', to: 'now', step: '1h' } } });
    const a = panelFetch({ ...base, type: 'anomaly', query: { dataset: 'ev', measures: ['count()'] }, options: { sensitivity: 'high' } }, { range, filters: [] });
    expect(a.kind).toBe('anomalies');
    expect(a.kind === 'anomalies' && a.body.sensitivity).toBe('high');
    expect(a.kind === 'anomalies' && a.body.query.step).toBeTruthy();
    expect(panelFetch({ ...base, type: 'kpi' }, { range, filters: [] }).kind).toBe('kpis');
    expect(panelFetch({ ...base, type: 'alerts' }, { range, filters: [] }).kind).toBe('alerts');
    expect(panelFetch({ ...base, type: 'text', options: { markdown: 'x' } }, { range, filters: [] })).toEqual({ kind: 'text', markdown: 'x' });
  });

  it('a dashboard file exported by the UI imports back through PUT; a broken one is refused with the problem named', async () => {
    const doc: DashboardDoc = {
      kind: 'dashboard', name: 'ev_board', title: 'Events',
      panels: [{ id: 'c', title: 'Count', type: 'timeseries', query: { dataset: 'ev', measures: ['count()'], step: '1h' }, layout: { x: 0, y: 0, w: 12, h: 8 } }],
    };
    const parsed = parseDashboardFile(JSON.stringify(doc, null, 2));
    expect('doc' in parsed && parsed.doc).toEqual(doc);
    expect((await s.call('PUT', '/api/v1/dashboards/ev_board', { body: 'doc' in parsed ? parsed.doc : null })).status).toBe(200);
    const broken = { ...doc, panels: [{ ...doc.panels[0], query: { dataset: 'ev', measures: ['count(nope)'] } }] };
    const r = await s.call('PUT', '/api/v1/dashboards/ev_board', { body: broken });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.error)).toMatch(/nope/);
  });
});

describe('web app pure helpers', () => {
  it('literals: quotes doubled, numbers and booleans bare, null as null', () => {
    expect(literal("it's")).toBe("'it''s'");
    expect(literal(5)).toBe('5');
    expect(literal(false)).toBe('false');
    expect(literal(null)).toBe('null');
    expect(filterCondition({ column: 'r', values: [] })).toBeNull();
  });

  it('view state round-trips through the URL; chips and variables become typed filters', () => {
    const doc = { kind: 'dashboard', name: 'd', title: 'D', panels: [], variables: [{ name: 'reg', dataset: 'ev', column: 'region', multi: true }], time: { from: '-7d', to: 'now' } } as DashboardDoc;
    const sp = new URLSearchParams('from=-1h&to=now&var-reg=eu&var-reg=us&f-status=500&f-ok=true&live=1&edit=1');
    const v = viewFromSearch(sp, doc);
    expect(v).toEqual({ range: { from: '-1h', to: 'now' }, vars: { reg: ['eu', 'us'] }, chips: [{ column: 'status', value: '500' }, { column: 'ok', value: 'true' }], refresh: 'off', live: true });
    const again = viewFromSearch(new URLSearchParams(searchOf(v, sp)), doc);
    expect(again).toEqual(v);
    expect(new URLSearchParams(searchOf(v, sp)).get('edit')).toBe('1');
    const types = new Map([['region', 'string'], ['status', 'number'], ['ok', 'boolean']]);
    expect(activeFilters(doc, v, types)).toEqual([
      { column: 'region', values: ['eu', 'us'] },
      { column: 'status', values: [500] },
      { column: 'ok', values: [true] },
    ]);
    // Without a URL range the dashboard's default applies.
    expect(viewFromSearch(new URLSearchParams(''), doc).range).toEqual({ from: '-7d', to: 'now' });
    expect(typedValue('abc', 'number')).toBe('abc');
  });

  it('time ranges: problems named, relative detected, auto step and refresh bounded', () => {
    const now = Date.UTC(2026, 0, 10);
    expect(rangeProblem({ from: '-1h', to: 'now' }, now)).toBeNull();
    expect(rangeProblem({ from: 'yesterday', to: 'now' }, now)).toMatch(/From/);
    expect(rangeProblem({ from: 'now', to: '-1h' }, now)).toMatch(/before/);
    expect(resolveRange({ from: '-2h', to: 'now' }, now)).toEqual({ from: now - 2 * HOUR, to: now });
    expect(isRelative({ from: '2026-01-01', to: '2026-01-02' })).toBe(false);
    expect(isRelative({ from: '-1d', to: 'now' })).toBe(true);
    for (const span of [HOUR, 24 * HOUR, 7 * 24 * HOUR, 90 * 24 * HOUR]) {
      const step = autoStep(0, span);
      const ms = { m: 60_000, h: HOUR, d: 24 * HOUR }[step.slice(-1)]! * Number(step.slice(0, -1));
      expect(span / ms).toBeLessThanOrEqual(240);
    }
    expect(refreshMs('30s')).toBe(30_000);
    expect(refreshMs('1s')).toBeNull();
    expect(refreshMs('off')).toBeNull();
  });

  it('document edits: free ids and names, new panels below the others, files read with clear errors', () => {
    const p = (id: string, y: number, h: number): Panel => ({ id, title: id, type: 'text', options: { markdown: 'x' }, layout: { x: 0, y, w: 6, h } });
    const panels = [p('a', 0, 4), p('a_2', 4, 10)];
    expect(uniquePanelId(panels, 'a')).toBe('a_3');
    expect(uniquePanelId(panels, 'b')).toBe('b');
    expect(nextPanelLayout(panels, { w: 8, h: 6 })).toEqual({ x: 0, y: 14, w: 8, h: 6 });
    // View mode compacts upwards like the grid editor: gaps close, overlaps push down, nothing overlaps after.
    const loose: Panel[] = [
      { ...p('top', 3, 4), layout: { x: 0, y: 3, w: 12, h: 4 } },
      { ...p('right', 0, 6), layout: { x: 12, y: 0, w: 12, h: 6 } },
      { ...p('under', 20, 5), layout: { x: 0, y: 20, w: 24, h: 5 } },
      { ...p('clash', 3, 2), layout: { x: 6, y: 3, w: 6, h: 2 } },
    ];
    const c = compactLayout(loose);
    expect(c.get('top')).toEqual({ x: 0, y: 0, w: 12, h: 4 });
    expect(c.get('right')).toEqual({ x: 12, y: 0, w: 12, h: 6 });
    expect(c.get('clash')).toEqual({ x: 6, y: 4, w: 6, h: 2 });
    expect(c.get('under')).toEqual({ x: 0, y: 6, w: 24, h: 5 });
    for (const t of ['Web service overview', '  Ünïcode → KPIs!', '2026 plan', '']) expect(nameFromTitle(t)).toMatch(new RegExp(DEFINITION_NAME_PATTERN));
    expect(nameFromTitle('Web service overview')).toBe('web_service_overview');
    expect(freeName('x', new Set(['x', 'x_2']))).toBe('x_3');
    expect(parseDashboardFile('{')).toMatchObject({ error: expect.stringMatching(/not JSON/) });
    expect(parseDashboardFile('{"kind":"metric","name":"m"}')).toMatchObject({ error: expect.stringMatching(/metric/) });
    expect(parseDashboardFile('{"documents":[{"kind":"dashboard","name":"a"},{"kind":"dashboard","name":"b"}]}')).toMatchObject({ error: expect.stringMatching(/2 dashboards/) });
    expect(parseDashboardFile('{"documents":[{"kind":"dataset","name":"x"},{"kind":"dashboard","name":"b","title":"B","panels":[]}]}')).toEqual({ doc: { kind: 'dashboard', name: 'b', title: 'B', panels: [] } });
  });
});
