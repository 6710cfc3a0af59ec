import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../src/auth/keys.js';
import { PERMISSIONS, type Permission } from '../src/auth/roles.js';
import type { Role } from '../src/store/store.js';
import { startServer, type TestServer } from './helpers/server.js';

let s: TestServer;
let otherKeys: Record<Role, string>;
const ROW = [{ time: '2026-01-01T00:00:00Z', v: 1 }];

beforeAll(async () => {
  s = await startServer();
  await s.call('POST', '/api/v1/datasets/shared/rows', { body: ROW });
  await s.call('PUT', '/api/v1/metrics/m1', { body: { name: 'm1', dataset: 'shared', expr: 'count()' } });
  otherKeys = {} as Record<Role, string>;
  for (const role of ['admin', 'editor', 'viewer', 'ingest'] as Role[]) otherKeys[role] = (await createKey(s.almanac.store, 'other', role)).key;
});
afterAll(async () => { await s.close(); });

/** `any`: open to every authenticated principal, whatever its role. */
interface RouteCase { method: string; path: string; permission: Permission | 'any'; body?: () => unknown; type?: string; ok: number }
let n = 0;
const uniq = () => `r${++n}`;
/** Every /api/v1 route, with a request that succeeds for a role that may call it. */
const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/api/v1/datasets', permission: 'read', ok: 200 },
  { method: 'POST', path: '/api/v1/datasets', permission: 'define', body: () => ({ name: `ds_${uniq()}`, timeColumn: 'time', columns: [{ name: 'time', type: 'time' }] }), ok: 201 },
  { method: 'GET', path: '/api/v1/datasets/shared', permission: 'read', ok: 200 },
  { method: 'GET', path: '/api/v1/datasets/shared/rejects', permission: 'read', ok: 200 },
  { method: 'POST', path: '/api/v1/datasets/shared/rows', permission: 'ingest', body: () => ROW, ok: 200 },
  { method: 'GET', path: '/api/v1/metrics', permission: 'read', ok: 200 },
  { method: 'GET', path: '/api/v1/metrics/m1', permission: 'read', ok: 200 },
  { method: 'PUT', path: '/api/v1/metrics/m1', permission: 'define', body: () => ({ name: 'm1', dataset: 'shared', expr: 'count()' }), ok: 200 },
  { method: 'POST', path: '/api/v1/query', permission: 'read', body: () => ({ dataset: 'shared' }), ok: 200 },
  { method: 'POST', path: '/api/v1/forecast', permission: 'read', body: () => ({ query: { dataset: 'shared', from: '2025-12-31T00:00:00Z', to: '2026-01-02T00:00:00Z', step: '1h' }, horizon: 3 }), ok: 200 },
  { method: 'POST', path: '/api/v1/anomalies/multivariate', permission: 'read', body: () => ({ query: { dataset: 'shared', measures: ['count()', 'sum(v)'], from: '2025-12-31T00:00:00Z', to: '2026-01-02T00:00:00Z', step: '1h' } }), ok: 200 },
  { method: 'POST', path: '/api/v1/trend', permission: 'read', body: () => ({ query: { dataset: 'shared', from: '2025-12-31T00:00:00Z', to: '2026-01-02T00:00:00Z', step: '1h' } }), ok: 200 },
  { method: 'POST', path: '/api/v1/changepoints', permission: 'read', body: () => ({ query: { dataset: 'shared', from: '2025-12-31T00:00:00Z', to: '2026-01-02T00:00:00Z', step: '1h' } }), ok: 200 },
  { method: 'POST', path: '/api/v1/correlation', permission: 'read', body: () => ({ x: { dataset: 'shared', measures: ['count()'], from: '2025-12-31T22:00:00Z', to: '2026-01-01T02:00:00Z', step: '1h' }, y: { dataset: 'shared', measures: ['sum(v)'], from: '2025-12-31T22:00:00Z', to: '2026-01-01T02:00:00Z', step: '1h' }, maxLag: 1 }), ok: 200 },
  { method: 'POST', path: '/api/v1/contributions', permission: 'read', body: () => ({ query: { dataset: 'shared', measures: ['count()'], groupBy: ['v'] }, before: { from: '2025-01-01', to: '2026-01-01' }, after: { from: '2026-01-01', to: '2027-01-01' } }), ok: 200 },
  { method: 'POST', path: '/api/v1/experiments', permission: 'read', body: () => ({ dataset: 'shared', variantColumn: 'v', conversion: 'v > 0', from: '2025-01-01', to: '2027-01-01' }), ok: 400 },
  { method: 'POST', path: '/api/v1/anomalies', permission: 'read', body: () => ({ query: { dataset: 'shared', from: '2025-12-31T00:00:00Z', to: '2026-01-02T00:00:00Z', step: '1h' } }), ok: 200 },
  { method: 'POST', path: '/api/v1/apply', permission: 'define', body: () => 'kind: metric\nname: m2\ndataset: shared\nexpr: sum(v)\n', type: 'application/yaml', ok: 200 },
  { method: 'GET', path: '/api/v1/export', permission: 'read', ok: 200 },
  { method: 'GET', path: '/api/v1/keys', permission: 'admin', ok: 200 },
  { method: 'POST', path: '/api/v1/keys', permission: 'admin', body: () => ({ role: 'viewer' }), ok: 201 },
  { method: 'GET', path: '/api/v1/audit', permission: 'admin', ok: 200 },
  { method: 'GET', path: '/api/v1/kpis', permission: 'read', ok: 200 },
  { method: 'PUT', path: '/api/v1/kpis/k1', permission: 'define', body: () => ({ name: 'k1', query: { metric: 'm1' }, period: 'day', target: 1, direction: 'higher' }), ok: 200 },
  { method: 'GET', path: '/api/v1/kpis/k1', permission: 'read', ok: 200 },
  { method: 'GET', path: '/api/v1/kpis/scorecard', permission: 'read', ok: 200 },
  { method: 'GET', path: '/api/v1/kpis/history', permission: 'read', ok: 200 },
  // Notification channels (the PUT comes first: it creates c1 for the routes after it), outbox, in-app.
  { method: 'PUT', path: '/api/v1/channels/c1', permission: 'define', body: () => ({ name: 'c1', type: 'in-app' }), ok: 200 },
  { method: 'GET', path: '/api/v1/channels', permission: 'read', ok: 200 },
  { method: 'GET', path: '/api/v1/channels/c1', permission: 'read', ok: 200 },
  { method: 'POST', path: '/api/v1/channels/c1/test', permission: 'define', ok: 200 },
  { method: 'GET', path: '/api/v1/outbox', permission: 'read', ok: 200 },
  { method: 'GET', path: '/api/v1/notifications', permission: 'read', ok: 200 },
  { method: 'POST', path: '/api/v1/notifications/no-such-id/read', permission: 'read', ok: 404 },
  { method: 'POST', path: '/api/v1/outbox/no-such-id/retry', permission: 'define', ok: 404 },
  { method: 'GET', path: '/api/v1/alerts/rules', permission: 'read', ok: 200 },
  { method: 'PUT', path: '/api/v1/alerts/rules/a1', permission: 'define', body: () => ({ name: 'a1', query: { dataset: 'shared', measures: ['sum(v)'] }, window: '5m', condition: { type: 'threshold', op: '>', value: 1 } }), ok: 200 },
  { method: 'GET', path: '/api/v1/alerts/rules/a1', permission: 'read', ok: 200 },
  { method: 'POST', path: '/api/v1/alerts/rules/a1/test', permission: 'read', ok: 200 },
  { method: 'GET', path: '/api/v1/alerts/instances', permission: 'read', ok: 200 },
  { method: 'GET', path: '/api/v1/alerts/history', permission: 'read', ok: 200 },
  { method: 'GET', path: '/api/v1/silences', permission: 'read', ok: 200 },
  { method: 'POST', path: '/api/v1/silences', permission: 'define', body: () => ({ matchers: [{ label: 'alertname', op: '=', value: 'a1' }], duration: '1h', comment: 'auth test' }), ok: 201 },
  { method: 'PUT', path: '/api/v1/silences/s1', permission: 'define', body: () => ({ name: 's1', matchers: [{ label: 'region', op: '=~', value: 'e.*' }], startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-02T00:00:00Z', createdBy: 'test', comment: 'x' }), ok: 200 },
  { method: 'GET', path: '/api/v1/silences/s1', permission: 'read', ok: 200 },
  { method: 'GET', path: '/api/v1/dashboards', permission: 'read', ok: 200 },
  { method: 'PUT', path: '/api/v1/dashboards/d1', permission: 'define', body: () => ({ name: 'd1', title: 'D1', panels: [{ id: 'a', title: 'A', type: 'timeseries', query: { dataset: 'shared', measures: ['sum(v)'], step: '1h' }, layout: { x: 0, y: 0, w: 12, h: 8 } }] }), ok: 200 },
  { method: 'GET', path: '/api/v1/dashboards/d1', permission: 'read', ok: 200 },
  { method: 'GET', path: '/api/v1/datasets/shared/values/v', permission: 'read', ok: 400 },
  { method: 'GET', path: '/api/v1/session', permission: 'any', ok: 200 },
];
// Deleting routes are checked separately (they consume their target).

const cases = ROUTES.flatMap((r) => (['admin', 'editor', 'viewer', 'ingest'] as Role[]).map((role) => [`${role} ${r.method} ${r.path}`, role, r] as const));

describe('roles × routes', () => {
  it.each(cases)('%s', async (_d, role, r) => {
    const res = await s.call(r.method, r.path, { key: s.keys[role], body: r.body?.(), type: r.type });
    if (r.permission === 'any' || PERMISSIONS[role][r.permission]) expect(res.status, JSON.stringify(res.body)).toBe(r.ok);
    else {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('no key or a bad key → 401: %s', async (_d, r) => {
    expect((await s.call(r.method, r.path, { key: null, body: r.body?.(), type: r.type })).status).toBe(401);
    expect((await s.call(r.method, r.path, { key: 'alm_kxxx_nope', body: r.body?.(), type: r.type })).status).toBe(401);
  });

  it('every route in the OpenAPI document is in the table above', async () => {
    const doc = (await s.call('GET', '/api/v1/openapi.json', { key: null })).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const covered = new Set([...ROUTES.map((r) => `${r.method} ${r.path.replace('/shared', '/{name}').replace('/m1', '/{name}')}`),
      'DELETE /api/v1/datasets/{name}', 'DELETE /api/v1/metrics/{name}', 'DELETE /api/v1/keys/{id}', 'PUT /api/v1/metrics/{name}',
      'GET /api/v1/channels/{name}', 'PUT /api/v1/channels/{name}', 'DELETE /api/v1/channels/{name}', 'POST /api/v1/channels/{name}/test', 'POST /api/v1/notifications/{id}/read', 'POST /api/v1/outbox/{id}/retry',
      // Dashboards, values: the param forms; session sign-in/out are public (a key in the body, a cookie); live is a stream (test/live.test.ts).
      'GET /api/v1/dashboards/{name}', 'PUT /api/v1/dashboards/{name}', 'DELETE /api/v1/dashboards/{name}', 'GET /api/v1/datasets/{name}/values/{column}',
      'POST /api/v1/session', 'DELETE /api/v1/session', 'GET /api/v1/live',
      // KPIs: the param forms.
      'GET /api/v1/kpis/{name}', 'PUT /api/v1/kpis/{name}', 'DELETE /api/v1/kpis/{name}',
      // Alert rules and silences: the param forms.
      'GET /api/v1/alerts/rules/{name}', 'PUT /api/v1/alerts/rules/{name}', 'DELETE /api/v1/alerts/rules/{name}', 'POST /api/v1/alerts/rules/{name}/test',
      'GET /api/v1/silences/{name}', 'PUT /api/v1/silences/{name}', 'DELETE /api/v1/silences/{name}']);
    for (const route of documented) expect(covered, route).toContain(route);
  });
});

describe('workspace isolation', () => {
  it.each([
    ['GET', '/api/v1/datasets/shared'],
    ['GET', '/api/v1/datasets/shared/rejects'],
    ['DELETE', '/api/v1/datasets/shared'],
    ['GET', '/api/v1/metrics/m1'],
    ['GET', '/api/v1/dashboards/d1'],
    ['GET', '/api/v1/datasets/shared/values/v'],
    ['DELETE', '/api/v1/metrics/m1'],
    ['GET', '/api/v1/alerts/rules/a1'],
    ['POST', '/api/v1/alerts/rules/a1/test'],
    ['DELETE', '/api/v1/alerts/rules/a1'],
    ['GET', '/api/v1/silences/s1'],
    ['DELETE', '/api/v1/silences/s1'],
  ])('a key of another workspace gets 404 for %s %s', async (method, path) => {
    const r = await s.call(method, path, { key: otherKeys.admin });
    expect(r.status).toBe(404);
  });

  it('lists, queries and exports show nothing of the other workspace', async () => {
    expect((await s.call('GET', '/api/v1/datasets', { key: otherKeys.admin })).body.datasets).toEqual([]);
    expect((await s.call('POST', '/api/v1/query', { key: otherKeys.admin, body: { dataset: 'shared' } })).status).toBe(404);
    expect((await s.call('GET', '/api/v1/export?format=json', { key: otherKeys.admin })).body.documents).toEqual([]);
    const keys = (await s.call('GET', '/api/v1/keys', { key: otherKeys.admin })).body.keys;
    expect(keys.every((k: { workspace: string }) => k.workspace === 'other')).toBe(true);
    const ownKeyId = (await s.call('GET', '/api/v1/keys')).body.keys[0].id;
    expect((await s.call('DELETE', `/api/v1/keys/${ownKeyId}`, { key: otherKeys.admin })).status).toBe(404);
  });

  it('the same dataset name in two workspaces holds separate rows', async () => {
    await s.call('POST', '/api/v1/datasets/shared/rows', { key: otherKeys.ingest, body: [...ROW, ...ROW, ...ROW] });
    const q = { dataset: 'shared', measures: ['count()'], from: '2025-01-01', to: '2027-01-01' };
    const mine = (await s.call('POST', '/api/v1/query', { body: q })).body.series[0].points[0][1];
    const theirs = (await s.call('POST', '/api/v1/query', { key: otherKeys.viewer, body: q })).body.series[0].points[0][1];
    expect(theirs).toBe(3);
    expect(mine).not.toBe(3);
  });
});

describe('keys and audit', () => {
  it('a created key is shown once, works, and stops working when revoked; all of it is audited', async () => {
    const created = await s.call('POST', '/api/v1/keys', { body: { role: 'viewer', name: 'temp' } });
    expect(created.status).toBe(201);
    const { key, id } = created.body;
    expect(key).toMatch(/^alm_/);
    const listed = (await s.call('GET', '/api/v1/keys')).body.keys;
    expect(JSON.stringify(listed)).not.toContain(key);
    expect((await s.call('GET', '/api/v1/datasets', { key })).status).toBe(200);
    expect((await s.call('DELETE', `/api/v1/keys/${id}`)).status).toBe(204);
    expect((await s.call('GET', '/api/v1/datasets', { key })).status).toBe(401);
    const audit = (await s.call('GET', '/api/v1/audit')).body.entries;
    const actions = audit.map((e: { action: string; target: string }) => `${e.action} ${e.target}`);
    expect(actions).toContain(`key.revoke key/${id}`);
    expect(audit[0]).toMatchObject({ action: 'key.revoke', outcome: 'ok', workspace: 'default' });
    expect(typeof audit[0].keyId).toBe('string');
    expect(typeof audit[0].time).toBe('number');
  });

  it('failed changes are audited with outcome error; deletes are audited', async () => {
    await s.call('POST', '/api/v1/apply', { body: 'kind: metric\nname: broken\ndataset: shared\nexpr: sum(nope)\n', type: 'application/yaml' });
    await s.call('POST', '/api/v1/datasets/gone/rows', { body: ROW });
    expect((await s.call('DELETE', '/api/v1/datasets/gone')).status).toBe(204);
    const audit = (await s.call('GET', '/api/v1/audit')).body.entries;
    expect(audit.find((e: { action: string }) => e.action === 'apply')).toMatchObject({ outcome: 'error' });
    expect(audit.find((e: { action: string }) => e.action === 'dataset.delete')).toMatchObject({ target: 'dataset/gone', outcome: 'ok' });
  });

  it('only keys stored hashed: the key text is not in the data file', async () => {
    await s.almanac.store.listKeys('default');
    const created = await s.call('POST', '/api/v1/keys', { body: { role: 'viewer' } });
    await s.close();
    const bytes = fs.readFileSync(`${s.dataDir}/almanac.duckdb`);
    const wal = fs.existsSync(`${s.dataDir}/almanac.duckdb.wal`) ? fs.readFileSync(`${s.dataDir}/almanac.duckdb.wal`) : Buffer.alloc(0);
    expect(bytes.includes(Buffer.from(created.body.key))).toBe(false);
    expect(wal.includes(Buffer.from(created.body.key))).toBe(false);
    s = await startServer({ dataDir: s.dataDir });
  });
});

describe('the permission table in docs matches the code', () => {
  it('docs/permissions.md', () => {
    const md = fs.readFileSync(new URL('../docs/permissions.md', import.meta.url), 'utf8');
    for (const [role, perms] of Object.entries(PERMISSIONS)) {
      const line = md.split('\n').find((l) => l.startsWith(`| ${role} `));
      expect(line, role).toBeDefined();
      const cells = line!.split('|').slice(2, -1).map((c) => c.trim());
      expect(cells).toEqual((['read', 'ingest', 'define', 'admin'] as Permission[]).map((p) => (perms[p] ? 'yes' : 'no')));
    }
  });
});
