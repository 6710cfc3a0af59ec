import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PANEL_TYPES, type Panel, type PanelType } from '../src/dashboards/schema.js';
import { ApiError } from '../web/src/api.js';
import { conditionSummary, expirePlan, groupByState, matchersFor, routeMissing, silenceBody, type AlertInstance, type AlertRule } from '../web/src/editor/alert-view.js';
import { exploreHref, exploreHrefForPanel, filterClause, parseExploreSearch } from '../web/src/editor/explore-link.js';
import { formatBytes, formatNumber } from '../web/src/editor/format.js';
import { achievementWidth, historySeries, scorecardAt } from '../web/src/editor/kpi-view.js';
import { linePath } from '../web/src/editor/line-path.js';
import { checkQueryBody, cleanPanel, fieldOfProblem, newPanel, panelProblems } from '../web/src/editor/panel-draft.js';
import { PANEL_TYPE_INFO } from '../web/src/editor/panel-types.js';
import { dimensionColumns, measureSuggestions, splitMeasures, type DatasetInfo } from '../web/src/editor/suggest.js';
import { startServer, type TestServer } from './helpers/server.js';

/**
 * The web editor's logic (web/src/editor): what the form offers, what it lets
 * be saved, how it reads the query layer's errors and how explore links carry a
 * query. The parts that meet the server are checked against a real server:
 * a panel the editor accepts is accepted by PUT /dashboards, one it refuses is
 * refused there too, and a drill-down link's query counts the right rows.
 */
const DS: DatasetInfo = {
  name: 'shop',
  timeColumn: 'time',
  idColumn: 'order_id',
  columns: [
    { name: 'time', type: 'time' },
    { name: 'order_id', type: 'string' },
    { name: 'customer', type: 'string' },
    { name: 'region', type: 'string' },
    { name: 'paid', type: 'boolean' },
    { name: 'amount', type: 'number' },
  ],
};
const CUSTOMERS = ["o'brien", 'smith', 'lee, jr', 'a\\b'];
const HOUR = 3_600_000;

let s: TestServer;
const rows: { time: string; order_id: string; customer: string; region: string; paid: boolean; amount: number }[] = [];

beforeAll(async () => {
  s = await startServer();
  const created = await s.call('POST', '/api/v1/datasets', { body: { name: DS.name, timeColumn: DS.timeColumn, idColumn: DS.idColumn, columns: DS.columns } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const now = Date.now();
  for (let i = 0; i < 400; i++) {
    rows.push({
      time: new Date(now - ((i * 7919) % (20 * HOUR)) - 60_000).toISOString(),
      order_id: `o${i}`,
      customer: CUSTOMERS[(i * 7) % CUSTOMERS.length],
      region: ['eu', 'us', 'ap'][i % 3],
      paid: i % 5 !== 0,
      amount: (i % 37) + 0.5,
    });
  }
  const r = await s.call('POST', `/api/v1/datasets/${DS.name}/rows`, { body: rows.map((x) => JSON.stringify(x)).join('\n'), type: 'application/x-ndjson' });
  expect(r.body.accepted).toBe(rows.length);
  const m = await s.call('PUT', '/api/v1/metrics/revenue', { body: { name: 'revenue', dataset: DS.name, expr: 'sum(amount)', unit: 'USD' } });
  expect(m.status, JSON.stringify(m.body)).toBe(200);
});
afterAll(async () => {
  await s?.close();
});

describe('query form suggestions', () => {
  it('splits measures on commas and new lines, but not inside parentheses or quotes', () => {
    expect(splitMeasures("count(), sum_if(amount, region in ('eu', 'us'))\n p95(amount) ,, ")).toEqual(['count()', "sum_if(amount, region in ('eu', 'us'))", 'p95(amount)']);
    expect(splitMeasures("count_if(customer = 'lee, jr')")).toEqual(["count_if(customer = 'lee, jr')"]);
    expect(splitMeasures('')).toEqual([]);
  });

  it('offers count(), aggregates of number columns, distinct counts of dimensions and the dataset\'s metrics', () => {
    const metrics = [{ name: 'revenue', dataset: 'shop', expr: 'sum(amount)' }, { name: 'other', dataset: 'elsewhere', expr: 'count()' }];
    const out = measureSuggestions(DS, metrics);
    expect(out[0]).toBe('count()');
    for (const fn of ['sum', 'avg', 'min', 'max', 'p50', 'p95', 'p99']) expect(out).toContain(`${fn}(amount)`);
    expect(out).toContain('count_distinct(customer)');
    expect(out).toContain('revenue');
    expect(out).not.toContain('other');
    // The id column identifies rows: neither a measure nor a group.
    expect(out.some((m) => m.includes('order_id'))).toBe(false);
    expect(dimensionColumns(DS).map((c) => c.name)).toEqual(['customer', 'region', 'paid']);
  });

  it('every suggested measure is accepted by the query layer', async () => {
    const list = measureSuggestions(DS, [{ name: 'revenue', dataset: 'shop', expr: 'sum(amount)' }]);
    const r = await s.call('POST', '/api/v1/query', { body: checkQueryBody({ dataset: 'shop', measures: list }) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(new Set(r.body.series.map((x: { measure: string }) => x.measure))).toEqual(new Set(list));
  });
});

describe('panels the editor saves', () => {
  /** A panel of each type as the editor builds it: the type's own needs filled in. */
  function editorPanel(type: PanelType, id: string, y: number): Panel {
    const p = newPanel(id);
    const draft: Panel = { ...p, title: `A ${type}`, type, query: { dataset: 'shop', measures: type === 'scatter' ? ['count()', 'avg(amount)'] : ['count()'], filter: '', groupBy: [], step: 'auto' }, layout: { ...p.layout, y } };
    if (type === 'text') draft.options = { markdown: '# Notes', stack: true };
    if (type === 'bar') draft.options = { stack: true, donut: true, markdown: 'ignored' };
    if (type === 'gauge') draft.options = { min: 0, max: 100, thresholds: [50, 80] };
    return cleanPanel(draft);
  }

  it('cleans a draft: no empty filter/group/auto step, only the type\'s options, no query for query-less types', () => {
    const bar = editorPanel('bar', 'p1', 0);
    expect(bar.query).toEqual({ dataset: 'shop', measures: ['count()'] });
    expect(bar.options).toEqual({ stack: true });
    const text = editorPanel('text', 'p2', 0);
    expect(text.query).toBeUndefined();
    expect(text.options).toEqual({ markdown: '# Notes' });
    for (const t of PANEL_TYPES) {
      for (const key of Object.keys(editorPanel(t, 'x', 0).options ?? {})) expect(PANEL_TYPE_INFO[t].options).toContain(key);
    }
  });

  it('a dashboard of one panel of every type, as the editor saves them, is accepted by the server', async () => {
    const panels = PANEL_TYPES.map((t, i) => editorPanel(t, `p${i + 1}`, i * 8));
    for (const p of panels) expect(panelProblems(p), p.type).toEqual([]);
    const doc = { kind: 'dashboard', name: 'editor_all_types', title: 'Every type', panels };
    const r = await s.call('PUT', '/api/v1/dashboards/editor_all_types', { body: doc });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const back = await s.call('GET', '/api/v1/dashboards/editor_all_types');
    expect(back.body.panels).toEqual(panels);
  });

  it('what the editor refuses to save, the server refuses too', async () => {
    const base = newPanel('p1');
    const cases: [Panel, string][] = [
      [cleanPanel({ ...base, type: 'text', options: {} }), 'options.markdown'],
      [cleanPanel({ ...base, type: 'scatter', query: { dataset: 'shop', measures: ['count()'] } }), 'query.measures'],
      [{ ...base, id: 'bad id!' }, 'id'],
      [{ ...base, type: 'text', options: { markdown: 'x' } }, 'query'],
    ];
    for (const [panel, path] of cases) {
      const problems = panelProblems(panel);
      expect(problems.map((p) => p.path), JSON.stringify(panel)).toContain(path);
      const r = await s.call('PUT', '/api/v1/dashboards/editor_bad', { body: { kind: 'dashboard', name: 'editor_bad', title: 'Bad', panels: [panel] } });
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(400);
    }
  });

  it('refuses descending thresholds, min above max, a missing source and an empty title', () => {
    const base = cleanPanel({ ...newPanel('p1'), type: 'gauge', query: { dataset: 'shop', measures: ['count()'] } });
    expect(panelProblems({ ...base, options: { thresholds: [80, 50] } }).map((p) => p.path)).toContain('options.thresholds');
    expect(panelProblems({ ...base, options: { min: 10, max: 5 } }).map((p) => p.path)).toContain('options.max');
    expect(panelProblems({ ...base, query: { measures: ['count()'] } }).map((p) => p.path)).toContain('query.dataset');
    expect(panelProblems({ ...base, title: '  ' }).map((p) => p.path)).toContain('title');
    // An unreadable thresholds field is kept as NaN so the schema blocks the save.
    expect(panelProblems({ ...base, options: { thresholds: [Number.NaN] } }).length).toBeGreaterThan(0);
  });
});

describe('the query layer\'s errors land next to the right field', () => {
  const cases: [object, string][] = [
    [{ dataset: 'shop', measures: ['count()', 'sum(amount_x)'] }, 'measures'],
    [{ dataset: 'shop', measures: ['count()'], filter: "regon = 'eu'" }, 'filter'],
    [{ dataset: 'shop', measures: ['count()'], filter: 'amount +' }, 'filter'],
    [{ dataset: 'shop', measures: ['count()'], groupBy: ['nope'] }, 'groupBy'],
    [{ metric: 'no_such_metric' }, 'metric'],
    [{ dataset: 'shop', measures: ['count()'], limit: 5 }, 'limit'],
  ];
  for (const [q, field] of cases) {
    it(`${JSON.stringify(q)} → ${field}`, async () => {
      const r = await s.call('POST', '/api/v1/query', { body: checkQueryBody(q) });
      expect(r.status).toBe(400);
      const err = r.body.error as { message: string; issues?: { path?: string; message: string }[] };
      const fields = [fieldOfProblem(err), ...(err.issues ?? []).map(fieldOfProblem)];
      expect(fields, JSON.stringify(err)).toContain(field);
    });
  }

  it('the check ignores the step and the range: a valid query passes whatever they are', async () => {
    const body = checkQueryBody({ dataset: 'shop', measures: ['count()'], step: '1s', from: '-3650d' });
    expect(body.step).toBeUndefined();
    expect(body.from).toBe('-1s');
    const r = await s.call('POST', '/api/v1/query', { body });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  });
});

describe('explore links', () => {
  it('round-trip the query, chart type and range; a query\'s own range moves to the URL', () => {
    const q = { dataset: 'shop', measures: ['count()', 'p95(amount)'], groupBy: ['region'], filter: "region = 'eu'", step: '1h' };
    const href = exploreHref({ query: { ...q, from: '-7d', to: 'now' }, type: 'bar' });
    expect(href.startsWith('/explore?')).toBe(true);
    const { state, error } = parseExploreSearch(href.slice('/explore'.length));
    expect(error).toBeUndefined();
    expect(state).toEqual({ query: q, type: 'bar', from: '-7d', to: 'now' });
  });

  it('report an unreadable query and fall back to a default', () => {
    expect(parseExploreSearch('?q=%7Bnot-json').error).toMatch(/not valid JSON/);
    expect(parseExploreSearch('?q=%5B1%5D').error).toMatch(/JSON object/);
    expect(parseExploreSearch('?type=nonsense').state.type).toBe('timeseries');
  });

  it('a drill-down on a value with quotes, commas and backslashes counts exactly the rows with that value', async () => {
    const panel = cleanPanel({ ...newPanel('p1'), type: 'bar', query: { dataset: 'shop', measures: ['count()'], filter: 'paid = true', groupBy: ['customer'] } });
    for (const customer of CUSTOMERS) {
      const href = exploreHrefForPanel(panel, { customer }, { from: '-2d', to: 'now' });
      const { state } = parseExploreSearch(href.slice('/explore'.length));
      const r = await s.call('POST', '/api/v1/query', { body: { ...state.query, from: state.from, to: state.to } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const expected = rows.filter((x) => x.paid && x.customer === customer).length;
      expect(expected).toBeGreaterThan(0);
      expect(r.body.series).toHaveLength(1);
      expect(r.body.series[0].group).toEqual({ customer });
      expect(r.body.series[0].points[0][1]).toBe(expected);
    }
  });

  it('filter clauses for numbers, booleans and null', () => {
    expect(filterClause('amount', 3.5)).toBe('amount = 3.5');
    expect(filterClause('paid', false)).toBe('paid = false');
    expect(filterClause('region', null)).toBe('region is null');
  });
});

describe('alerts page logic', () => {
  const rule: AlertRule = {
    name: 'slow', query: { dataset: 'shop', measures: ['p95(amount)'], groupBy: ['region'], step: '1m' }, window: '5m', reducer: 'avg',
    condition: { type: 'threshold', op: '>', value: 30 }, for: '2m',
  };
  it('summarises conditions', () => {
    expect(conditionSummary(rule)).toBe('avg of p95(amount) over 5m > 30 per region for 2m');
    expect(conditionSummary({ ...rule, query: { metric: 'revenue' }, condition: { type: 'change', op: '<', value: -20, compareTo: '1w' }, for: undefined }))
      .toBe('change of revenue over 5m vs the same window 1w ago < -20 %');
    expect(conditionSummary({ ...rule, condition: { type: 'nodata' } })).toBe('no rows for 5m per region for 2m');
  });

  it('groups instances by state, most urgent first, newest first within a state', () => {
    const mk = (state: string, since: number): AlertInstance => ({ rule: 'r', labels: { alertname: 'r', n: String(since) }, state, since, value: 1, severity: 'warning', silenced: false });
    const groups = groupByState([mk('normal', 1), mk('firing', 2), mk('pending', 3), mk('firing', 4), mk('weird', 5)]);
    expect(groups.map(([st, items]) => [st, items.map((i) => i.since)])).toEqual([['firing', [4, 2]], ['pending', [3]], ['normal', [1]], ['weird', [5]]]);
  });

  it('a silence made from an instance\'s labels is accepted, matches it, and expires', async () => {
    const probe = await s.call('GET', '/api/v1/silences');
    if (probe.status === 404) return; // alerting not in this build: the page says so instead
    const inst: AlertInstance = { rule: 'slow', labels: { alertname: 'slow', severity: 'warning', region: "e'u" }, state: 'firing', since: Date.now(), value: 40, severity: 'warning', silenced: false };
    const body = silenceBody({ matchers: matchersFor(inst), end: { kind: 'duration', value: '2h' }, comment: 'deploy in progress' });
    const created = await s.call('POST', '/api/v1/silences', { body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.matchers).toEqual([
      { label: 'alertname', op: '=', value: 'slow' },
      { label: 'region', op: '=', value: "e'u" },
      { label: 'severity', op: '=', value: 'warning' },
    ]);
    const name = created.body.name as string;
    const listed = (await s.call('GET', '/api/v1/silences')).body.silences.find((x: { name: string }) => x.name === name);
    expect(listed.status).toBe('active');
    // The page reads the document, then ends it now (it has started, so it is kept as expired).
    const doc = (await s.call('GET', `/api/v1/silences/${name}`)).body;
    const plan = expirePlan(doc, Date.now() + 5);
    expect(plan.method).toBe('PUT');
    const put = await s.call('PUT', `/api/v1/silences/${name}`, { body: (plan as { body: object }).body });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    const after = (await s.call('GET', '/api/v1/silences')).body.silences.find((x: { name: string }) => x.name === name);
    expect(after.status).toBe('expired');
    // One that has not started is deleted instead.
    expect(expirePlan({ startsAt: new Date(Date.now() + HOUR).toISOString() }, Date.now())).toEqual({ method: 'DELETE' });
  });
});

describe('display helpers', () => {
  it('formats', () => {
    expect(formatBytes(26 * 1024 * 1024)).toBe('26 MiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatNumber(0.99574669)).toBe('0.9957');
    expect(formatNumber(85000)).toBe('85,000');
    expect(formatNumber(null)).toBe('—');
  });

  it('scorecard dates are the end of the picked UTC day, or now for today', () => {
    const now = Date.UTC(2026, 10, 23, 12);
    expect(scorecardAt('2026-11-20', now)).toBe('2026-11-20T23:59:59.999Z');
    expect(scorecardAt('2026-11-23', now)).toBeNull();
    expect(scorecardAt('garbage', now)).toBeNull();
    expect(achievementWidth(60)).toBe(50);
    expect(achievementWidth(500)).toBe(100);
  });

  it('KPI history becomes one ordered series per KPI; lines break at missing values', () => {
    const h = historySeries([
      { name: 'a', period: { from: 2, to: 3, complete: true }, value: 5 },
      { name: 'a', period: { from: 1, to: 2, complete: true }, value: null },
      { name: 'b', period: { from: 1, to: 2, complete: true }, value: 7 },
    ]);
    expect(h.get('a')).toEqual([{ t: 1, v: null }, { t: 2, v: 5 }]);
    expect(linePath([[0, 0], [1, 1], null, [3, 3]])).toEqual(['M0.0,0.0L1.0,1.0', 'M3.0,3.0']);
  });
});

describe('explore links carry chart options', () => {
  it('round-trip options; an unreadable o= is dropped', () => {
    const href = exploreHref({ query: { dataset: 'shop' }, type: 'timeseries', options: { stack: true, area: true } });
    expect(parseExploreSearch(href.slice('/explore'.length)).state.options).toEqual({ stack: true, area: true });
    expect(parseExploreSearch('?o=%7Bbad').state.options).toBeUndefined();
    expect(exploreHref({ query: { dataset: 'shop' }, options: {} })).not.toContain('o=');
  });
});

describe('"not available in this build"', () => {
  /** The error the web client makes of an answer (api.ts). */
  const apiError = async (path: string) => {
    const r = await s.call('GET', path);
    return new ApiError(r.status, r.body?.error?.code ?? '', r.body?.error?.message ?? '', r.body?.error?.issues ?? []);
  };
  it('is said for a route the server lacks, never for a missing thing on a route it has', async () => {
    expect(routeMissing(await apiError('/api/v1/no-such-capability/instances'))).toBe(true);
    expect(routeMissing(await apiError('/api/v1/datasets/no_such_dataset'))).toBe(false);
    expect(routeMissing(await apiError('/api/v1/dashboards/no_such_dashboard'))).toBe(false);
    expect(routeMissing(new Error('no route GET /x'))).toBe(false);
  });
});
