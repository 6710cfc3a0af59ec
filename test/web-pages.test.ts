import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardDoc } from '../src/dashboards/schema.js';
import { formatCount, formatPercent } from '../web/src/editor/format.js';
import { chromiumMissing, ensureWebBuild, launchChromium, screenshot, settledPanels, startUiServer, watchErrors, type UiServer } from './helpers/browser.js';

/**
 * The explore, datasets, alerts, KPI and keys pages in Debian's Chromium
 * against a real server with the demo loaded. What the pages show is compared
 * with what the API answers; each test saves a screenshot under test-results/
 * and fails on console or page errors (except the ones named as expected).
 */
const SIGNED_OUT_401 = /status of 401.*\/api\/v1\/session/;
/** The editor asks the query layer about each query it is given; a wrong one is answered 400 (and Chromium logs it). */
const CHECK_400 = /status of 400.*\/api\/v1\/query/;

let server: UiServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: ReturnType<typeof watchErrors>;

async function open(role: keyof UiServer['keys'], path: string): Promise<void> {
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  watch = watchErrors(page);
  watch.allow(SIGNED_OUT_401);
  const r = await context.request.post(`${server.url}/api/v1/session`, { data: { key: server.keys[role] } });
  expect(r.status()).toBe(204);
  await page.goto(server.url + path);
}
/** "2.3k" → 2300: the table's SI abbreviations. */
function parseSi(text: string): number {
  const m = /^\s*(-?[\d.,]+)\s*([kMG]?)\s*$/.exec(text);
  if (!m) throw new Error(`not a number: ${text}`);
  return Number(m[1].replace(/,/g, '')) * ({ '': 1, k: 1e3, M: 1e6, G: 1e9 } as Record<string, number>)[m[2]];
}
/** Polls wait for the server's answers: generous on a loaded 2-core machine. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });
const api = async <T>(path: string): Promise<T> => {
  const r = await context.request.get(`${server.url}/api/v1${path}`);
  expect(r.status(), path).toBe(200);
  return (await r.json()) as T;
};

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
  await screenshot(page, `web-pages-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => undefined);
  const errors = [...watch.errors];
  await context.close();
  expect(errors, 'console or page errors').toEqual([]);
});

describe.skipIf(!!chromiumMissing)('pages', () => {
  it('explore: the URL holds the query, chart and table draw it, errors show in an alert, and the panel goes to a dashboard', async () => {
    const q = { dataset: 'http_requests', measures: ['count()'], groupBy: ['region'] };
    await open('editor', `/explore?q=${encodeURIComponent(JSON.stringify(q))}&type=bar&from=-2d&to=now`);
    watch.allow(CHECK_400);
    const states = await settledPanels(page, 2);
    expect(states.map((s) => [s.id, s.type, s.state])).toEqual([['explore', 'bar', 'drawn'], ['explore-table', 'table', 'drawn']]);
    expect(await page.getByLabel('Measures').inputValue()).toBe('count()');
    expect(await page.getByLabel('Dataset').inputValue()).toBe('http_requests');

    // The table shows one row per region with the API's counts (as the table formats them: 2.3k).
    const answer = await (await context.request.post(`${server.url}/api/v1/query`, { data: { ...q, from: '-2d', to: 'now' } })).json() as { series: { group: { region: string }; points: [number, number][] }[] };
    const table = page.locator('[data-testid="panel-explore-table"]');
    expect(answer.series.length).toBeGreaterThan(1);
    for (const s of answer.series) {
      const row = table.getByRole('row').filter({ has: page.getByRole('cell', { name: s.group.region, exact: true }) });
      await poll(() => row.count()).toBe(1);
      const cells = await row.getByRole('cell').allInnerTexts();
      const shown = parseSi(cells[cells.length - 1]);
      expect(Math.abs(shown - s.points[0][1]) / s.points[0][1], `${cells.join(' | ')} vs ${s.points[0][1]}`).toBeLessThan(0.05);
    }

    // A wrong filter: the query layer's message in an alert; the chart keeps the last good query.
    await page.getByLabel('Filter').fill("regon = 'eu'");
    await expect.poll(() => page.getByRole('alert').first().innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/unknown column "regon".*did you mean "region"/);
    expect(await page.locator('[data-testid="panel-explore"]').getAttribute('data-state')).toBe('drawn');
    await page.getByLabel('Filter').fill("region = 'eu'");
    await expect.poll(() => page.getByRole('alert').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => new URL(page.url()).searchParams.get('q'), { timeout: 10_000 }).toContain("region = 'eu'");

    // Add to a dashboard: the document on the server gains the panel, below the others.
    const target = 'cloud_cost_overview';
    const before = await api<DashboardDoc>(`/dashboards/${target}`);
    await page.getByLabel('Dashboard', { exact: true }).selectOption(target);
    await page.getByLabel('Panel title').fill('Requests in eu');
    await page.getByRole('button', { name: 'Add to dashboard' }).click();
    await poll(() => page.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining('Added to'));
    const after = await api<DashboardDoc>(`/dashboards/${target}`);
    expect(after.panels).toHaveLength(before.panels.length + 1);
    const added = after.panels[after.panels.length - 1];
    expect(added.title).toBe('Requests in eu');
    expect(added.type).toBe('bar');
    expect(added.query).toEqual({ ...q, filter: "region = 'eu'" });
    expect(added.layout.y).toBe(Math.max(...before.panels.map((p) => p.layout.y + p.layout.h)));
  });

  it('datasets: list and detail show the API\'s schema and counts, and link to explore', async () => {
    await open('viewer', '/datasets');
    const { datasets } = await api<{ datasets: { name: string; columns: { name: string }[] }[] }>('/datasets');
    for (const d of datasets) {
      const stats = (await api<{ stats: { rows: number } }>(`/datasets/${d.name}`)).stats;
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: d.name, exact: true }) });
      await poll(() => row.innerText()).toContain(formatCount(stats.rows));
    }
    const ds = datasets.find((d) => d.name === 'http_requests')!;
    await page.getByRole('link', { name: 'http_requests', exact: true }).click();
    await page.getByRole('heading', { name: 'Schema' }).waitFor();
    const schema = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Role' }) });
    await poll(() => schema.locator('tbody tr td:first-child').allInnerTexts()).toEqual(ds.columns.map((c) => c.name));
    await page.getByRole('heading', { name: 'Recent rejects' }).waitFor();
    await page.getByRole('link', { name: 'Rows over time' }).click();
    await page.waitForURL(/\/explore\?/);
    expect(JSON.parse(new URL(page.url()).searchParams.get('q')!)).toEqual({ dataset: 'http_requests', measures: ['count()'] });
    await settledPanels(page, 2);
  });

  it('keys: an admin creates a key (shown once, it works), then revokes it (it stops working)', async () => {
    await open('admin', '/keys');
    await page.getByLabel('Role').selectOption('viewer');
    await page.getByLabel('Name').fill('browser-made');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-key').innerText()).trim();
    expect(key).toMatch(/^alm_/);
    const use = () => fetch(`${server.url}/api/v1/datasets`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status);
    expect(await use()).toBe(200);
    const listed = (await api<{ keys: { name: string | null; role: string; revokedAt: number | null }[] }>('/keys')).keys.find((k) => k.name === 'browser-made');
    expect(listed).toMatchObject({ role: 'viewer', revokedAt: null });
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByTestId('new-key').count()).toBe(0);

    await page.getByRole('button', { name: 'Revoke key browser-made' }).click();
    await page.getByRole('button', { name: 'Confirm revoke' }).click();
    await poll(use).toBe(401);
    await poll(() => page.getByRole('button', { name: 'Revoke key browser-made' }).count()).toBe(0);
  });

  it('alerts: rules with their conditions, instances by state, and a silence created then expired', async () => {
    await open('editor', '/alerts?tab=rules');
    const { rules } = await api<{ rules: { name: string }[] }>('/alerts/rules');
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) await poll(() => page.getByRole('cell').filter({ hasText: r.name }).count()).toBeGreaterThan(0);

    await page.getByRole('tab', { name: 'Instances' }).click();
    // Instances appear once the scheduler has evaluated the rules; each state group counts the API's instances.
    await expect.poll(async () => (await api<{ instances: unknown[] }>('/alerts/instances')).instances.length, { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const { instances } = await api<{ instances: { state: string }[] }>('/alerts/instances');
    for (const state of new Set(instances.map((i) => i.state))) {
      const n = instances.filter((i) => i.state === state).length;
      await poll(() => page.getByRole('heading', { name: `${state} ${n}` }).count()).toBe(1);
    }

    await page.getByRole('tab', { name: 'Silences' }).click();
    await page.getByRole('button', { name: 'New silence' }).click();
    await page.getByLabel('Value').fill(rules[0].name);
    await page.getByLabel('Comment').fill('browser test');
    await page.getByRole('button', { name: 'Create silence' }).click();
    const row = page.getByTestId('silence').filter({ hasText: 'browser test' });
    await poll(() => row.innerText()).toContain('active');
    const made = (await api<{ silences: { name: string; comment: string; status: string; matchers: unknown[] }[] }>('/silences')).silences.find((s) => s.comment === 'browser test')!;
    expect(made.matchers).toEqual([{ label: 'alertname', op: '=', value: rules[0].name }]);
    await row.getByRole('button', { name: /^Expire silence/ }).click();
    await row.getByRole('button', { name: 'Confirm expire' }).click();
    await poll(() => row.innerText()).toContain('expired');
    expect((await api<{ name: string; endsAt: string }>(`/silences/${made.name}`)).endsAt).toBeTruthy();
  });

  it('KPIs: the scorecard shows each KPI and the overall score the API computes', async () => {
    await open('viewer', '/kpis');
    const card = await api<{ kpis: { name: string; title: string; category: string | null }[]; overall: { score: number | null } }>('/kpis/scorecard');
    expect(card.kpis.length).toBeGreaterThan(0);
    await poll(() => page.getByTestId('kpi-overall').innerText()).toBe(card.overall.score === null ? '—' : formatPercent(card.overall.score));
    for (const k of card.kpis) {
      const row = page.getByTestId(`kpi-${k.name}`);
      expect(await row.innerText()).toContain(k.title);
      expect(await row.innerText()).toContain(k.category ?? 'no data');
    }
    // One history chart per KPI.
    await expect.poll(() => page.locator('figure svg[role="img"]').count(), { timeout: 10_000 }).toBe(card.kpis.length);
    // A past date changes the scorecard's `at` in the URL and the answer.
    await page.getByLabel('Scorecard date').fill(new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10));
    await poll(() => new URL(page.url()).searchParams.get('at')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await poll(() => page.getByText(/weight-averaged achievement at \d{4}-\d{2}-\d{2} 23:59:59 UTC/).count()).toBe(1);
  });

  it('a viewer sees the pages but cannot change anything, and has no key page', async () => {
    await open('viewer', '/explore');
    await settledPanels(page, 2);
    expect(await page.getByRole('button', { name: 'Add to dashboard' }).count()).toBe(0);
    await page.goto(`${server.url}/alerts?tab=silences`);
    await page.getByRole('tab', { name: 'Silences', selected: true }).waitFor();
    expect(await page.getByRole('button', { name: 'New silence' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    await page.goto(`${server.url}/keys`);
    await poll(() => page.getByRole('alert').innerText()).toMatch(/admins only/i);
  });
});
