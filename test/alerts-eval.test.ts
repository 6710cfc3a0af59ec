import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAlmanac, type Almanac } from '../src/almanac.js';
import { createKey } from '../src/auth/keys.js';
import { buildServer } from '../src/server/app.js';
import { loadInstances, loadTransitions } from '../src/watch/alerts/instance-store.js';
import { parseRule } from '../src/watch/alerts/rule-kind.js';
import type { AlertDoc } from '../src/watch/alerts/rule-schema.js';
import { runRound, type Enqueue } from '../src/watch/alerts/run-rule.js';
import type { OutboundMessage } from '../src/watch/notification.js';
import { almanac as almanacCli } from './helpers/cli.js';
import { tempDir } from './helpers/server.js';

/**
 * Alert evaluation against a real server (real DuckDB file, real HTTP), with
 * the scheduler off: each test drives rounds itself with an injected clock, so
 * every state and notification is the consequence of one known round.
 */
interface Srv { almanac: Almanac; url: string; dataDir: string; key: string; viewer: string; close(): Promise<void> }

async function start(dataDir = tempDir()): Promise<Srv> {
  const almanac = await openAlmanac({ dataDir, logger: pino({ level: 'silent' }) });
  const { app } = await buildServer(almanac, { logger: false, watch: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const key = (await createKey(almanac.store, 'default', 'admin')).key;
  const viewer = (await createKey(almanac.store, 'default', 'viewer')).key;
  return { almanac, url, dataDir, key, viewer, async close() { await app.close(); await almanac.close(); } };
}

let s: Srv;
async function call(method: string, path: string, body?: unknown, key = s.key) {
  const res = await fetch(s.url + path, {
    method, headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const MIN = 60_000;
const NOW = Math.floor(Date.now() / MIN) * MIN;
const iso = (t: number) => new Date(t).toISOString();

/** Messages handed to delivery, per test. */
let sent: { channels: string[]; message: OutboundMessage }[] = [];
const capture: Enqueue = async (_a, _w, channels, message) => { sent.push({ channels, message }); };

async function putRule(doc: Omit<AlertDoc, 'kind'>) {
  const r = await call('PUT', `/api/v1/alerts/rules/${doc.name}`, doc);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return parseRule({ kind: 'alert', ...doc } as AlertDoc);
}
async function round(rule: ReturnType<typeof parseRule>, now: number) {
  return runRound(s.almanac, 'default', rule, { now, enqueue: capture });
}
const stateOf = async (rule: string) => Object.fromEntries((await loadInstances(s.almanac.store.meta, 'default', rule)).map((i) => [i.key, i.state]));

beforeAll(async () => {
  s = await start();
  // latency: eu is slow in the last 5 minutes, us is fine; both were fine before.
  const rows: Record<string, unknown>[] = [];
  for (let m = 1; m <= 60; m++) {
    for (const region of ['eu', 'us']) {
      const slow = region === 'eu' && m <= 4;
      rows.push({ time: iso(NOW - m * MIN + 1000), region, ms: slow ? 900 + m : 100 + m });
    }
  }
  expect((await call('POST', '/api/v1/datasets/lat/rows', rows)).status).toBe(200);
  await call('PUT', '/api/v1/channels/ops', { name: 'ops', type: 'in-app' });
});
afterAll(async () => { await s.close(); });

describe('threshold rules, for and notifications', () => {
  it('fires per group after `for`, notifies once per group event, resolves, and records every transition with its value', async () => {
    sent = [];
    const rule = await putRule({
      name: 'slow', query: { dataset: 'lat', measures: ['max(ms)'], groupBy: ['region'] }, window: '5m',
      condition: { type: 'threshold', op: '>', value: 500 }, for: '2m', channels: ['ops'], groupBy: ['region'], labels: { team: 'web' },
    });
    await round(rule, NOW);
    expect(await stateOf('slow')).toEqual({ 'region=eu': 'pending', 'region=us': 'normal' });
    await round(rule, NOW + MIN);
    expect(sent).toEqual([]);
    await round(rule, NOW + 2 * MIN);
    expect(await stateOf('slow')).toEqual({ 'region=eu': 'firing', 'region=us': 'normal' });
    expect(sent).toHaveLength(1);
    const firing = sent[0].message;
    expect(sent[0].channels).toEqual(['ops']);
    expect(firing.subject).toContain('[FIRING]');
    expect(firing.payload).toMatchObject({ status: 'firing', rule: 'slow', groupLabels: { region: 'eu' } });
    const alerts = firing.payload.alerts as { labels: Record<string, string>; value: number }[];
    expect(alerts).toHaveLength(1);
    expect(alerts[0].labels).toEqual({ alertname: 'slow', severity: 'warning', team: 'web', region: 'eu' });
    // At NOW + 2 min the window [NOW − 3 min, NOW + 2 min) holds the eu rows of minutes 1–3 (slow: 900 + m); the max is 903.
    expect(alerts[0].value).toBe(903);

    // Still firing: nothing new before repeatInterval.
    await round(rule, NOW + 3 * MIN);
    expect(sent).toHaveLength(1);

    // Much later the slow rows have left the window; only older rows… none at all in the window → nodata for eu, us too.
    // Feed fresh normal rows so the window has data, then eu resolves.
    await call('POST', '/api/v1/datasets/lat/rows', [{ time: iso(NOW + 9 * MIN), region: 'eu', ms: 120 }, { time: iso(NOW + 9 * MIN), region: 'us', ms: 110 }]);
    await round(rule, NOW + 10 * MIN);
    expect(await stateOf('slow')).toEqual({ 'region=eu': 'normal', 'region=us': 'normal' });
    expect(sent).toHaveLength(2);
    expect(sent[1].message.payload).toMatchObject({ status: 'resolved' });
    expect(sent[1].message.key).not.toBe(sent[0].message.key);

    const history = await loadTransitions(s.almanac.store.meta, 'default', { rule: 'slow', limit: 10 });
    expect(history.map((t) => `${t.from}→${t.to}`).reverse()).toEqual(['normal→pending', 'pending→firing', 'firing→normal']);
    expect(history[1].value).toBe(903);
    expect(history[1].reason).toContain('903 > 500');
    expect(history[0].value).toBe(120);

    const api = await call('GET', '/api/v1/alerts/history?rule=slow&limit=2', undefined, s.viewer);
    expect(api.status).toBe(200);
    expect(api.body.transitions.map((t: { to: string }) => t.to)).toEqual(['normal', 'firing']);
    expect(api.body.transitions[0]).toMatchObject({ rule: 'slow', labels: { region: 'eu' }, from: 'firing', to: 'normal', value: 120 });
  });

  it('a retried round after a crash makes the same idempotency key', async () => {
    const rule = await putRule({ name: 'again', query: { dataset: 'lat', measures: ['max(ms)'], filter: "region = 'eu'" }, window: '5m', condition: { type: 'threshold', op: '>', value: 500 }, channels: ['ops'] });
    sent = [];
    // Two processes evaluating the same stored state (the second as if the first crashed before saving the group).
    const state = await loadInstances(s.almanac.store.meta, 'default', 'again');
    expect(state).toEqual([]);
    await round(rule, NOW);
    const first = sent[0].message.key;
    // As if the process died after the enqueue and before the group's state was saved.
    await s.almanac.store.meta.write((c) => c.run("DELETE FROM meta.alert_groups WHERE rule = 'again'"));
    await s.close();
    s = await start(s.dataDir);
    await round(rule, NOW + 1000);
    expect(sent.map((x) => x.message.key)).toEqual([first, first]);
  });

  it('repeats while firing every repeatInterval', async () => {
    const rule = await putRule({ name: 'rep', query: { dataset: 'lat', measures: ['max(ms)'], filter: "region = 'eu'" }, window: '10m', condition: { type: 'threshold', op: '>', value: 500 }, channels: ['ops'], repeatInterval: '2m' });
    sent = [];
    await round(rule, NOW);
    await round(rule, NOW + MIN);
    await round(rule, NOW + 2 * MIN);
    expect(sent.map((x) => x.message.payload.repeat)).toEqual([false, true]);
    expect(new Set(sent.map((x) => x.message.key)).size).toBe(2);
  });

  it('POST /alerts/rules/{name}/test evaluates now, changes nothing and sends nothing', async () => {
    await call('POST', '/api/v1/datasets/lat/rows', [{ time: iso(Date.now() - 1000), region: 'ap', ms: 777 }]);
    await putRule({ name: 'probe', query: { dataset: 'lat', measures: ['max(ms)'], groupBy: ['region'] }, window: '1m', condition: { type: 'threshold', op: '>', value: 500 }, for: '1m' });
    const r = await call('POST', '/api/v1/alerts/rules/probe/test', undefined, s.viewer);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const ap = r.body.instances.find((i: { labels: { region: string } }) => i.labels.region === 'ap');
    expect(ap).toMatchObject({ result: { status: 'met', value: 777 }, state: 'normal', wouldBe: 'pending', transition: true });
    expect(await loadInstances(s.almanac.store.meta, 'default', 'probe')).toEqual([]);
    expect((await call('POST', '/api/v1/alerts/rules/nope/test')).status).toBe(404);
  });
});

describe('conditions', () => {
  beforeAll(async () => {
    // A steady metric with noise for 3 hours, one value a minute, then different shapes in the last 5 minutes per series.
    const rows: Record<string, unknown>[] = [];
    for (let m = 180; m >= 1; m--) {
      const t = NOW - m * MIN + 500;
      const noise = ((m * 7919) % 11) - 5; // deterministic, −5…5
      rows.push({ time: iso(t), series: 'steady', v: 100 + noise });
      rows.push({ time: iso(t), series: 'spike', v: m <= 3 ? 400 : 100 + noise });
      rows.push({ time: iso(t), series: 'ramp', v: 10 + (180 - m) * 0.5 });
    }
    expect((await call('POST', '/api/v1/datasets/sig/rows', rows)).status).toBe(200);
  });

  it('change vs the previous window (relative, percent)', async () => {
    const rule = await putRule({ name: 'jump', query: { dataset: 'sig', measures: ['avg(v)'], groupBy: ['series'] }, window: '3m', condition: { type: 'change', op: '>', value: 100 } });
    const out = await round(rule, NOW);
    const byKey = Object.fromEntries(out.instances.map((i) => [i.key, i]));
    // spike: the last 3 min average 400; the 3 min before average the noisy 100s.
    const prev = [6, 5, 4].map((m) => 100 + (((m * 7919) % 11) - 5));
    const expected = ((400 - prev.reduce((a, b) => a + b) / 3) / (prev.reduce((a, b) => a + b) / 3)) * 100;
    expect(byKey['series=spike'].result).toMatchObject({ kind: 'ok', met: true });
    expect((byKey['series=spike'].result as { value: number }).value).toBeCloseTo(expected, 6);
    expect(byKey['series=steady'].to).toBe('normal');
    expect(byKey['series=ramp'].to).toBe('normal');
  });

  it('change vs the same window a day before: no data then → not met, with a reason', async () => {
    const rule = await putRule({ name: 'dod', query: { dataset: 'sig', measures: ['avg(v)'], groupBy: ['series'] }, window: '3m', condition: { type: 'change', mode: 'absolute', compareTo: '1d', op: '>', value: 1 } });
    const out = await round(rule, NOW);
    expect(out.instances.every((i) => i.to === 'normal')).toBe(true);
    expect((out.instances[0].result as { detail: string }).detail).toContain('no data in a day before');
  });

  it('anomaly: the spike is outside the band learnt from the history, the steady series is not', async () => {
    const rule = await putRule({ name: 'odd', query: { dataset: 'sig', measures: ['avg(v)'], groupBy: ['series'], step: '1m' }, window: '3m', reducer: 'avg', condition: { type: 'anomaly', sensitivity: 'medium', history: '3h' } });
    const out = await round(rule, NOW);
    const byKey = Object.fromEntries(out.instances.map((i) => [i.key, i]));
    expect(byKey['series=spike'].to, JSON.stringify(byKey['series=spike'].result)).toBe('firing');
    expect(byKey['series=steady'].to, JSON.stringify(byKey['series=steady'].result)).toBe('normal');
    expect((byKey['series=spike'].result as { detail: string }).detail).toMatch(/outside the anomaly band/);
  });

  it('forecast: the ramp will cross 120 within 2 h (it gains 30 an hour from 99.5), the steady series will not', async () => {
    const rule = await putRule({ name: 'fill', query: { dataset: 'sig', measures: ['avg(v)'], groupBy: ['series'], step: '5m' }, window: '5m', condition: { type: 'forecast', threshold: 120, direction: 'above', horizon: '2h', history: '3h' } });
    const out = await round(rule, NOW);
    const byKey = Object.fromEntries(out.instances.map((i) => [i.key, i]));
    expect(byKey['series=ramp'].to, JSON.stringify(byKey['series=ramp'].result)).toBe('firing');
    expect(byKey['series=steady'].to, JSON.stringify(byKey['series=steady'].result)).toBe('normal');
    // A threshold the ramp cannot reach in 2 h (it would need ~6 h) is not met.
    const far = await putRule({ name: 'far', query: { dataset: 'sig', measures: ['avg(v)'], filter: "series = 'ramp'", step: '5m' }, window: '5m', condition: { type: 'forecast', threshold: 280, horizon: '2h', history: '3h' } });
    expect((await round(far, NOW)).instances[0].to).toBe('normal');
  });

  it('nodata: fires when the window is empty; other conditions go to nodata instead', async () => {
    const quiet = await putRule({ name: 'quiet', query: { dataset: 'sig', measures: ['count()'] }, window: '2m', condition: { type: 'nodata' } });
    expect((await round(quiet, NOW)).instances[0].to).toBe('normal');
    expect((await round(quiet, NOW + 10 * MIN)).instances[0]).toMatchObject({ to: 'firing', from: 'normal' });
    const high = await putRule({ name: 'high', query: { dataset: 'sig', measures: ['avg(v)'] }, window: '2m', condition: { type: 'threshold', op: '>', value: 1e9 } });
    expect((await round(high, NOW + 10 * MIN)).instances[0].to).toBe('nodata');
  });

  it('an evaluation past its timeout is an error result with that reason', async () => {
    const rule = await putRule({ name: 'slowpoke', query: { dataset: 'sig', measures: ['avg(v)'], groupBy: ['series'], step: '1m' }, window: '3h', reducer: 'avg', timeout: '1ms', condition: { type: 'anomaly', history: '3h' } });
    const out = await round(rule, NOW);
    expect(out.instances).toHaveLength(1);
    expect(out.instances[0]).toMatchObject({ key: '', to: 'error', result: { kind: 'error', message: 'evaluation timed out after 1ms' } });
  });

  it('a grouped nodata rule fires for a group that stopped reporting', async () => {
    const rule = await putRule({ name: 'silent_series', query: { dataset: 'sig', measures: ['count()'], groupBy: ['series'] }, window: '2m', condition: { type: 'nodata' } });
    await round(rule, NOW);
    expect(Object.values(await stateOf('silent_series'))).toEqual(['normal', 'normal', 'normal']);
    await call('POST', '/api/v1/datasets/sig/rows', [{ time: iso(NOW + 5 * MIN), series: 'steady', v: 1 }, { time: iso(NOW + 5 * MIN), series: 'ramp', v: 1 }]);
    await round(rule, NOW + 6 * MIN);
    expect(await stateOf('silent_series')).toEqual({ 'series=ramp': 'normal', 'series=spike': 'firing', 'series=steady': 'normal' });
  });
});

describe('kpi conditions', () => {
  it('fire when the KPI is in the named category or worse, agreeing with the scorecard', async () => {
    // Latency KPIs (lower is better) over the last hour: a target of 1 ms is hopeless, 10 s is easy.
    for (const [name, target] of [['lat_hopeless', 1], ['lat_easy', 10_000]] as const) {
      const r = await call('PUT', `/api/v1/kpis/${name}`, { name, query: { dataset: 'lat', measures: ['avg(ms)'] }, period: 'rolling:1h', target, direction: 'lower' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const at = NOW;
    const card = (await call('GET', `/api/v1/kpis/scorecard?at=${iso(at)}`)).body;
    const category = (n: string) => card.kpis.find((k: { name: string }) => k.name === n).category;
    expect(category('lat_hopeless')).toBe('poor');
    expect(category('lat_easy')).toBe('excellent');
    const poor = await putRule({ name: 'kpi_poor', condition: { type: 'kpi', kpi: 'lat_hopeless', category: 'average' } } as never);
    const fine = await putRule({ name: 'kpi_fine', condition: { type: 'kpi', kpi: 'lat_easy', category: 'good' } } as never);
    const a = (await round(poor, at)).instances[0];
    expect(a).toMatchObject({ to: 'firing', result: { kind: 'ok', met: true } });
    const achievement = card.kpis.find((k: { name: string }) => k.name === 'lat_hopeless').achievement;
    expect((a.result as { value: number }).value).toBeCloseTo(achievement, 9);
    expect((await round(fine, at)).instances[0]).toMatchObject({ to: 'normal', result: { kind: 'ok', met: false } });
  });

  it('a kpi rule takes no query or window', async () => {
    const r = await call('PUT', '/api/v1/alerts/rules/kq', { name: 'kq', query: { dataset: 'lat' }, window: '5m', condition: { type: 'kpi', kpi: 'lat_easy', category: 'poor' } });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['documents[0].query', 'documents[0].window']));
  });
});

describe('silences', () => {
  it('silenced instances change state and are recorded, but nothing is sent until the silence ends; then exactly the missed event is', async () => {
    const rule = await putRule({ name: 'muted', query: { dataset: 'lat', measures: ['max(ms)'], groupBy: ['region'] }, window: '5m', condition: { type: 'threshold', op: '>', value: 500 }, channels: ['ops'] });
    const created = await call('POST', '/api/v1/silences', { matchers: [{ label: 'alertname', op: '=', value: 'muted' }, { label: 'region', op: '=~', value: 'e.' }], startsAt: iso(NOW - MIN), duration: '1h', comment: 'maintenance' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.name).toMatch(/^silence-/);
    expect(created.body.createdBy).toMatch(/\S/);
    sent = [];
    const out = await round(rule, NOW);
    const eu = out.instances.find((i) => i.labels.region === 'eu')!;
    expect(eu).toMatchObject({ to: 'firing', silenced: true });
    expect(sent).toEqual([]);
    const inst = await call('GET', '/api/v1/alerts/instances?rule=muted&label=region=eu');
    expect(inst.body.instances).toEqual([expect.objectContaining({ rule: 'muted', state: 'firing', silenced: true, value: 904, severity: 'warning' })]);
    const hist = (await call('GET', '/api/v1/alerts/history?rule=muted')).body.transitions;
    expect(hist[0]).toMatchObject({ from: 'normal', to: 'firing', silenced: true });

    // The audit log has the creation, by the caller's key.
    const audit = (await call('GET', '/api/v1/audit')).body.entries;
    expect(audit.find((e: { action: string }) => e.action === 'silence.create')).toMatchObject({ outcome: 'ok', target: `silence/${created.body.name}` });

    // Listed as expiring within 2 h, not within 30 min.
    expect((await call('GET', '/api/v1/silences?expiringWithin=2h')).body.silences.map((x: { name: string }) => x.name)).toContain(created.body.name);
    expect((await call('GET', '/api/v1/silences?expiringWithin=30m')).body.silences).toEqual([]);

    expect((await call('DELETE', `/api/v1/silences/${created.body.name}`)).status).toBe(204);
    await round(rule, NOW + 1000);
    expect(sent).toHaveLength(1);
    expect(sent[0].message.payload).toMatchObject({ status: 'firing', alerts: [expect.objectContaining({ labels: expect.objectContaining({ region: 'eu' }) })] });
  });
});

describe('until-resolved silences', () => {
  it('hold until every instance they matched is normal again, then end (and later firings notify)', async () => {
    const rule = await putRule({ name: 'ur', query: { dataset: 'lat', measures: ['max(ms)'], groupBy: ['region'] }, window: '5m', condition: { type: 'threshold', op: '>', value: 500 }, channels: ['ops'] });
    const created = await call('POST', '/api/v1/silences', { matchers: [{ label: 'alertname', op: '=', value: 'ur' }], startsAt: iso(NOW - MIN), untilResolved: true, comment: 'known incident' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const name = created.body.name;
    const status = async () => (await call('GET', '/api/v1/silences')).body.silences.find((x: { name: string }) => x.name === name);
    sent = [];
    await round(rule, NOW);
    expect((await loadInstances(s.almanac.store.meta, 'default', 'ur')).find((i) => i.key === 'region=eu')).toMatchObject({ state: 'firing', silenced: true });
    expect(await status()).toMatchObject({ status: 'active', matchedAt: NOW, endedAt: null });
    // Normal rows at NOW + 9 min are all the window holds at NOW + 10 min: everything is normal.
    await call('POST', '/api/v1/datasets/lat/rows', [{ time: iso(NOW + 9 * MIN), region: 'eu', ms: 120 }, { time: iso(NOW + 9 * MIN), region: 'us', ms: 110 }]);
    await round(rule, NOW + 10 * MIN);
    // Ended at that evaluation (the rounds' clock is minutes ahead of the wall clock, so the API still calls it active now).
    expect(await status()).toMatchObject({ matchedAt: NOW, endedAt: NOW + 10 * MIN });
    expect(sent).toEqual([]);
    await call('POST', '/api/v1/datasets/lat/rows', [{ time: iso(NOW + 11 * MIN), region: 'eu', ms: 2000 }]);
    await round(rule, NOW + 12 * MIN);
    expect(sent.map((x) => x.message.payload.status)).toEqual(['firing']);
  });
});

describe('restart', () => {
  it('instance state, its timers and the history survive closing and reopening the data directory', async () => {
    const doc = { name: 'durable', query: { dataset: 'lat', measures: ['max(ms)'], filter: "region = 'eu'" }, window: '10m', condition: { type: 'threshold' as const, op: '>' as const, value: 500 }, for: '2m' };
    let rule = await putRule(doc);
    await round(rule, NOW);
    await round(rule, NOW + MIN);
    const before = await loadInstances(s.almanac.store.meta, 'default', 'durable');
    expect(before[0]).toMatchObject({ state: 'pending', since: NOW, pendingTo: 'firing' });
    await s.close();
    s = await start(s.dataDir);
    rule = parseRule({ kind: 'alert', ...doc } as AlertDoc);
    // The state machine's part is back exactly; value and evaluation time are those of the last state change
    // (rows are rewritten only when the state changes).
    const durable = ({ value: _v, message: _m, lastEvaluatedAt: _l, ...rest }: (typeof before)[number]) => rest;
    const after = await loadInstances(s.almanac.store.meta, 'default', 'durable');
    expect(after.map(durable)).toEqual(before.map(durable));
    expect(after[0].lastEvaluatedAt).toBe(NOW);
    // The `for` clock kept running across the restart: firing at NOW + 2 min.
    await round(rule, NOW + 2 * MIN);
    expect(await stateOf('durable')).toEqual({ '': 'firing' });
    const hist = await loadTransitions(s.almanac.store.meta, 'default', { rule: 'durable', limit: 5 });
    expect(hist.map((t) => t.to)).toEqual(['firing', 'pending']);

    // The CLI reads the same state from the data directory.
    await s.close();
    const cli = almanacCli(['alerts', '--data-dir', s.dataDir, '--state', 'firing', '--rule', 'durable']);
    s = await start(s.dataDir);
    expect(cli.status, cli.stderr).toBe(0);
    const lines = cli.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^state\s+rule\s+labels\s+severity\s+for\s+value/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([['firing', 'durable']]);
  });
});

describe('validation: 4xx naming the field', () => {
  const base = { query: { dataset: 'lat', measures: ['max(ms)'] }, window: '5m', condition: { type: 'threshold', op: '>', value: 1 } };
  it.each([
    ['a missing value', { condition: { type: 'threshold', op: '>' } }, 'condition.value'],
    ['a field of another condition type', { condition: { type: 'threshold', op: '>', value: 1, horizon: '1h' } }, 'condition.horizon'],
    ['inside without high', { condition: { type: 'threshold', op: 'inside', low: 1 } }, 'condition'],
    ['an unknown condition type', { condition: { type: 'treshold', op: '>', value: 1 } }, 'condition.type'],
    ['a range in the query', { query: { dataset: 'lat', measures: ['max(ms)'], from: '-1h' } }, 'query.from'],
    ['an unknown column', { query: { dataset: 'lat', measures: ['max(mss)'] } }, 'query.measures[0]'],
    ['an unknown dataset', { query: { dataset: 'nope' } }, 'query'],
    ['two measures', { query: { dataset: 'lat', measures: ['max(ms)', 'count()'] } }, 'query.measures'],
    ['an interval below 1s', { interval: '500ms' }, 'interval'],
    ['a bad duration', { window: 'soon' }, 'window'],
    ['a channel that does not exist', { channels: ['pager'] }, 'channels[0]'],
    ['a kpi that does not exist', { condition: { type: 'kpi', kpi: 'nope', category: 'poor' } }, 'condition.kpi'],
    ['a bad reducer', { reducer: 'median' }, 'reducer'],
    ['a bad severity', { severity: 'page' }, 'severity'],
  ])('%s', async (_d, patch, path) => {
    const r = await call('PUT', '/api/v1/alerts/rules/bad', { name: 'bad', ...base, ...patch });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    const paths = (r.body.error.issues ?? []).map((i: { path: string }) => i.path.replace(/^documents\[0\]\./, '').replace(/^body\./, ''));
    expect(paths, JSON.stringify(r.body)).toContain(path);
  });

  it.each([
    ['an invalid regex', { matchers: [{ label: 'a', op: '=~', value: '(' }], duration: '1h', comment: 'x' }, 'matchers[0].value'],
    ['a regex with exponential backtracking', { matchers: [{ label: 'a', op: '!~', value: '(a+)+b' }], duration: '1h', comment: 'x' }, 'matchers[0].value'],
    ['no end', { matchers: [{ label: 'a', op: '=', value: 'b' }], comment: 'x' }, 'endsAt'],
    ['an end before the start', { matchers: [{ label: 'a', op: '=', value: 'b' }], startsAt: '2026-01-02T00:00:00Z', endsAt: '2026-01-01T00:00:00Z', comment: 'x' }, 'endsAt'],
    ['no matchers', { matchers: [], duration: '1h', comment: 'x' }, 'matchers'],
    ['an unknown op', { matchers: [{ label: 'a', op: '~', value: 'b' }], duration: '1h', comment: 'x' }, 'matchers[0].op'],
  ])('silence: %s', async (_d, body, path) => {
    const r = await call('POST', '/api/v1/silences', body);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    const paths = (r.body.error.issues ?? []).map((i: { path: string }) => i.path.replace(/^documents\[0\]\./, '').replace(/^body\./, ''));
    expect(paths.length ? paths : [r.body.error.message], JSON.stringify(r.body)).toContainEqual(expect.stringContaining(path));
  });

  it('a channel or a dataset a rule uses cannot be deleted', async () => {
    const ch = await call('DELETE', '/api/v1/channels/ops');
    expect(ch.status).toBe(409);
    expect(ch.body.error.message).toMatch(/alert "/);
    expect((await call('DELETE', '/api/v1/datasets/lat')).status).toBe(409);
  });

  it('instances and history refuse bad filters', async () => {
    expect((await call('GET', '/api/v1/alerts/instances?state=burning')).status).toBe(400);
    expect((await call('GET', '/api/v1/alerts/instances?label=nolabel')).status).toBe(400);
    expect((await call('GET', '/api/v1/alerts/history?limit=abc')).status).toBe(400);
    expect((await call('GET', '/api/v1/silences?expiringWithin=soon')).status).toBe(400);
  });
});
