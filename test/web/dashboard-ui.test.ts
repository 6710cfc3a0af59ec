import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardDoc } from '../../src/dashboards/schema.js';
import { CLOUD_COST_OVERVIEW, WEB_SERVICE_OVERVIEW } from '../../src/packs/web-service/demo-dashboards.js';
import { chromiumMissing, ensureWebBuild, launchChromium, panelStates, screenshot, settledPanels, startUiServer, watchErrors, type UiServer } from '../helpers/browser.js';

/**
 * The web UI in Debian's Chromium against a real server with the demo loaded:
 * what a user does, checked through the UI contract's test hooks. Each test
 * saves a screenshot under test-results/ and fails on any console or page error.
 */
const ECHARTS_TYPES = new Set(['timeseries', 'bar', 'pie', 'heatmap', 'stat', 'gauge', 'bargauge', 'scatter', 'histogram', 'radar', 'funnel', 'forecast', 'anomaly']);
const DASH = WEB_SERVICE_OVERVIEW.name;
/** Chromium logs every non-2xx fetch; a signed-out page learns it is signed out from a 401. */
const SIGNED_OUT_401 = /status of 401.*\/api\/v1\/session/;

let server: UiServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: ReturnType<typeof watchErrors>;

async function newPage(): Promise<void> {
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  watch = watchErrors(page);
}
/** Sign in as a role through the API, sharing the context's cookie jar (the UI sign-in has its own tests). */
async function signInAs(role: keyof UiServer['keys']): Promise<void> {
  const r = await context.request.post(`${server.url}/api/v1/session`, { data: { key: server.keys[role] } });
  expect(r.status()).toBe(204);
}
async function openDashboard(name = DASH, search = ''): Promise<DashboardDoc> {
  const doc = (await (await context.request.get(`${server.url}/api/v1/dashboards/${name}`)).json()) as DashboardDoc;
  await page.goto(`${server.url}/d/${name}${search}`);
  const states = await settledPanels(page, doc.panels.length);
  expect(states.filter((s) => s.state !== 'drawn'), JSON.stringify(states)).toEqual([]);
  return doc;
}
const panel = (id: string) => page.locator(`[data-testid="panel-${id}"]`);
/** A query over the last 24 hours: the page resolves the relative range to fixed times once per load. */
const spans24h = (q: { from?: unknown; to?: unknown }) =>
  typeof q.from === 'string' && typeof q.to === 'string' && Date.parse(q.to) - Date.parse(q.from) === 24 * 3_600_000 && Math.abs(Date.parse(q.to) - Date.now()) < 60_000;
const draws = async (id: string) => Number(await panel(id).getAttribute('data-draws'));

beforeAll(async () => {
  if (chromiumMissing) return;
  await ensureWebBuild();
  server = await startUiServer();
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(async (ctx) => {
  if (!page) return;
  await screenshot(page, `web-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => undefined);
  const errors = [...watch.errors];
  await context.close();
  expect(errors, 'console or page errors').toEqual([]);
});

describe.skipIf(!!chromiumMissing)(`web UI in Chromium${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  it('signs in with the one-time link: the cookie is HttpOnly and the dashboards are listed', async () => {
    await newPage();
    const admin = (await server.almanac.store.listKeys('default')).find((k) => k.role === 'admin')!;
    await page.goto(`${server.url}/?token=${server.sessions.issueLoginToken(admin)}`);
    expect(new URL(page.url()).search).toBe('');
    await page.getByRole('link', { name: 'Web service overview' }).waitFor();
    await page.getByRole('link', { name: 'Cloud cost overview' }).waitFor();
    const cookie = (await context.cookies()).find((c) => c.name === 'almanac_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(await page.evaluate(() => document.cookie)).not.toContain('almanac_session');
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toMatch(/alm_/);
  });

  it('signs in with an API key on the sign-in page; a wrong key shows an error', async () => {
    await newPage();
    watch.allow(SIGNED_OUT_401);
    await page.goto(`${server.url}/signin`);
    await page.getByLabel('API key').fill('alm_kwrong_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.getByRole('alert'), /unknown or revoked/);
    await page.getByLabel('API key').fill(server.keys.viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Web service overview' }).waitFor();
    expect(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage))).not.toContain(server.keys.viewer);
  });

  it('opens the web-service overview: every panel draws, charts have SVG marks', async () => {
    await newPage();
    await signInAs('viewer');
    const doc = await openDashboard();
    const states = await panelStates(page);
    expect(states.map((s) => s.id).sort()).toEqual(doc.panels.map((p) => p.id).sort());
    for (const s of states.filter((x) => ECHARTS_TYPES.has(x.type))) {
      const marks = await panel(s.id).locator('svg path').count();
      expect(marks, `${s.id} has drawn marks`).toBeGreaterThan(0);
      expect(s.draws, s.id).toBeGreaterThan(0);
      expect(s.lastTime, `${s.id} data-last-time`).not.toBeNull();
    }
    await screenshot(page, 'dashboard', process.env.ALMANAC_DOCS_SCREENSHOT ? path.resolve('docs/img/dashboard.png') : undefined);
  });

  it('one load asks every panel for the same window, and panels of the same series send the same query', async () => {
    await newPage();
    await signInAs('viewer');
    const bodies: { path: string; body: { from?: string; to?: string; query?: { from?: string; to?: string } } }[] = [];
    page.on('request', (r) => {
      const m = /\/api\/v1\/(query|forecast|anomalies)$/.exec(r.url());
      if (m) bodies.push({ path: m[1], body: JSON.parse(r.postData() ?? '{}') });
    });
    await openDashboard();
    const windows = bodies.map(({ body }) => body.query ?? body);
    expect(windows.length).toBe(WEB_SERVICE_OVERVIEW.panels.filter((p) => p.query).length);
    expect(new Set(windows.map((w) => `${w.from}→${w.to}`)).size).toBe(1);
    expect(Date.parse(windows[0].to!) - Date.parse(windows[0].from!)).toBe(7 * 86_400_000);
    // The "Requests per hour" stat and the forecast ask for one series: the same query text.
    const queries = windows.map((w) => JSON.stringify(w));
    const requests = WEB_SERVICE_OVERVIEW.panels.filter((p) => p.query?.metric === 'requests').length;
    expect(requests).toBeGreaterThan(1);
    expect(new Set(queries.filter((q) => q.includes('"metric":"requests"'))).size).toBe(1);
  });

  it('opens the cloud cost overview: the pie, stacked charts and table all draw', async () => {
    await newPage();
    await signInAs('viewer');
    const doc = await openDashboard(CLOUD_COST_OVERVIEW.name);
    for (const p of doc.panels.filter((x) => ECHARTS_TYPES.has(x.type))) {
      expect(await panel(p.id).locator('svg path').count(), p.id).toBeGreaterThan(0);
    }
    // The table lists one row per (service, region, resource), within its limit.
    const rows = await panel('table').locator('tbody tr').count();
    expect(rows).toBeGreaterThan(10);
    expect(rows).toBeLessThanOrEqual(50);
  });

  it('changes the time range with a quick pick: the URL and the panels follow', async () => {
    await newPage();
    await signInAs('viewer');
    await openDashboard();
    const before = await draws('traffic');
    const asked = page.waitForRequest((r) => r.url().endsWith('/api/v1/query') && spans24h(JSON.parse(r.postData() ?? '{}')));
    await page.getByRole('button', { name: 'Time range' }).click();
    await page.getByRole('button', { name: 'Last 24 hours' }).click();
    await asked;
    await page.waitForFunction(() => new URL(location.href).searchParams.get('from') === '-24h');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="panel-traffic"]')?.getAttribute('data-draws')) > n, before);
    await settledPanels(page, WEB_SERVICE_OVERVIEW.panels.length);
    // The view is in the URL: a reload keeps it.
    const again = page.waitForRequest((r) => r.url().endsWith('/api/v1/query') && spans24h(JSON.parse(r.postData() ?? '{}')));
    await page.reload();
    await again;
  });

  it('drills down: clicking a bar adds a filter chip and the panels query again with the filter', async () => {
    await newPage();
    await signInAs('viewer');
    await openDashboard();
    // The tallest bar of "Errors by region" (the error burst, in us).
    const bar = await tallestMark(page, 'errors_by_region');
    const refiltered = page.waitForRequest((r) => r.url().endsWith('/api/v1/query') && /region/.test(JSON.parse(r.postData() ?? '{}').filter ?? ''));
    refiltered.catch(() => undefined); // awaited below; a failure before that must not be an unhandled rejection
    await page.mouse.click(bar.x, bar.y);
    const chip = page.getByTestId('filter-chip');
    await chip.first().waitFor();
    expect(await chip.first().textContent()).toMatch(/region/);
    const req = await refiltered;
    expect(JSON.parse(req.postData()!).filter).toMatch(/region (=|in) .*'(eu|us|ap)'/);
    await settledPanels(page, WEB_SERVICE_OVERVIEW.panels.length);
    expect(new URL(page.url()).search).toMatch(/region/);
    // The chip is removable.
    await chip.first().getByRole('button').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="filter-chip"]').length === 0);
  });

  it('creates a panel in the editor, saves the dashboard, and finds it after a reload', async () => {
    await newPage();
    await signInAs('editor');
    const copy = { ...WEB_SERVICE_OVERVIEW, name: 'editor_copy', title: 'Editor copy', panels: WEB_SERVICE_OVERVIEW.panels.slice(5, 7) };
    expect((await context.request.put(`${server.url}/api/v1/dashboards/editor_copy`, { data: copy })).status()).toBe(200);
    await openDashboard('editor_copy');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('button', { name: 'Add panel' }).click();
    const editor = page.getByRole('dialog');
    await editor.getByLabel(/^Title/).fill('Requests by endpoint');
    await editor.getByLabel(/^Chart type/).selectOption('bar');
    await editor.getByLabel(/^Dataset/).selectOption('http_requests');
    await editor.getByRole('textbox', { name: /^Measures/ }).fill('count()');
    await editor.getByLabel(/^Group by/).selectOption(['endpoint']);
    await editor.getByLabel(/^Step/).selectOption('1d');
    // A wrong filter shows the query layer's message next to the form (its 400 is expected).
    watch.allow(/status of 400.*\/api\/v1\/query/);
    await editor.getByLabel(/^Filter/).fill("endpont = '/checkout'");
    await editor.getByRole('button', { name: 'Apply' }).click();
    await expectText(editor.getByRole('alert').first(), /unknown column "endpont"/);
    await editor.getByLabel(/^Filter/).fill('');
    await editor.getByRole('button', { name: 'Apply' }).click();
    await editor.getByRole('button', { name: 'Save panel' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // Saved: the page leaves edit mode.
    await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    const stored = (await (await context.request.get(`${server.url}/api/v1/dashboards/editor_copy`)).json()) as DashboardDoc;
    const added = stored.panels.find((p) => p.title === 'Requests by endpoint')!;
    expect(added).toMatchObject({ type: 'bar', query: { dataset: 'http_requests', measures: ['count()'], groupBy: ['endpoint'], step: '1d' } });
    await page.reload();
    await settledPanels(page, 3);
    expect(await panel(added.id).getAttribute('data-state')).toBe('drawn');
    expect(await panel(added.id).textContent()).toContain('Requests by endpoint');
  });

  it('live: rows ingested over HTTP redraw the panel from the newest bucket only', async () => {
    await newPage();
    await signInAs('viewer');
    await openDashboard(DASH, '?live=1');
    const before = await draws('traffic');
    const errorsBefore = await draws('errors_by_region');
    const now = Date.now();
    const incremental = page.waitForRequest((r) => {
      if (!r.url().endsWith('/api/v1/query')) return false;
      const q = JSON.parse(r.postData() ?? '{}');
      return q.groupBy?.[0] === 'service' && typeof q.from === 'number' && q.from > now - 2 * 3_600_000;
    });
    incremental.catch(() => undefined); // awaited below
    // Wait until the stream is connected, then ingest.
    await page.waitForTimeout(300);
    const ingest = await fetch(`${server.url}/api/v1/datasets/http_requests/rows`, {
      method: 'POST', headers: { authorization: `Bearer ${server.keys.ingest}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ time: new Date(now).toISOString(), service: 'web', endpoint: '/', region: 'eu', status: 200, duration_ms: 12, bytes: 100 }]),
    });
    expect(ingest.status).toBe(200);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="panel-traffic"]')?.getAttribute('data-draws')) > n, before, { timeout: 10_000 });
    await incremental;
    expect(Number(await panel('traffic').getAttribute('data-last-time'))).toBeGreaterThanOrEqual(Math.floor(now / 3_600_000) * 3_600_000);
    // A 200 changes no number of "Errors by region" (5xx per region): it is not redrawn.
    await page.waitForTimeout(500);
    expect(await draws('errors_by_region')).toBe(errorsBefore);
  });

  it('live: a panel out of view skips redraws until it is scrolled into view, then catches up', async () => {
    await newPage();
    await signInAs('viewer');
    await openDashboard(DASH, '?live=1');
    // The forecast sits at the bottom of the overview, below a 1280x800 window.
    const below = panel('traffic_forecast');
    expect(await below.evaluate((el) => el.getBoundingClientRect().top > window.innerHeight + 300)).toBe(true);
    const [traffic, forecast] = [await draws('traffic'), await draws('traffic_forecast')];
    await page.waitForTimeout(300);
    const ingest = await fetch(`${server.url}/api/v1/datasets/http_requests/rows`, {
      method: 'POST', headers: { authorization: `Bearer ${server.keys.ingest}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ time: new Date().toISOString(), service: 'web', endpoint: '/', region: 'eu', status: 200, duration_ms: 12, bytes: 100 }]),
    });
    expect(ingest.status).toBe(200);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="panel-traffic"]')?.getAttribute('data-draws')) > n, traffic, { timeout: 10_000 });
    // Long enough for a whole re-run (0.5 s after the rows), had it been on screen.
    await page.waitForTimeout(1500);
    expect(await draws('traffic_forecast')).toBe(forecast);
    await below.scrollIntoViewIfNeeded();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="panel-traffic_forecast"]')?.getAttribute('data-draws')) > n, forecast, { timeout: 10_000 });
  });

  it('a viewer sees no enabled Edit and cannot save (the API answers 403 if forced)', async () => {
    await newPage();
    watch.allow(/status of 403/);
    await signInAs('viewer');
    await openDashboard();
    const edit = page.getByRole('button', { name: 'Edit', exact: true });
    if (await edit.count()) expect(await edit.isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Add panel' }).count()).toBe(0);
    const status = await page.evaluate(async (doc) => (await fetch(`/api/v1/dashboards/${doc.name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...doc, title: 'hijacked' }) })).status, WEB_SERVICE_OVERVIEW);
    expect(status).toBe(403);
  });
});

async function expectText(loc: ReturnType<Page['locator']>, re: RegExp) {
  await loc.waitFor();
  await expect.poll(async () => (await loc.textContent()) ?? '', { timeout: 10_000 }).toMatch(re);
}

/** The centre of the tallest filled SVG mark in a panel (a bar, not an axis line or legend icon). */
async function tallestMark(p: Page, id: string): Promise<{ x: number; y: number }> {
  await p.locator(`[data-testid="panel-${id}"]`).scrollIntoViewIfNeeded();
  const box = await p.locator(`[data-testid="panel-${id}"] svg`).first().evaluate((svg) => {
    let best: DOMRect | null = null;
    for (const el of svg.querySelectorAll('path')) {
      const fill = el.getAttribute('fill');
      if (!fill || fill === 'none' || fill === 'transparent') continue;
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.width > 60) continue;
      if (!best || r.height > best.height) best = r;
    }
    return best && { x: best.x + best.width / 2, y: best.y + best.height / 2, h: best.height };
  });
  if (!box) throw new Error(`no filled mark in panel ${id}`);
  return box;
}
