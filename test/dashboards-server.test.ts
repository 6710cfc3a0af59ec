import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../src/packs/random.js';
import { startServer, tempDir, type TestServer } from './helpers/server.js';

/** The server side of the web UI: browser sessions, the built app, dimension values. */
let s: TestServer;
let webDir: string;
const T0 = Date.UTC(2026, 0, 5);
const rows: { time: string; region: string; endpoint: string; ok: boolean; n: number }[] = [];

beforeAll(async () => {
  webDir = tempDir('almanac-web-');
  process.env.ALMANAC_WEB_DIR = webDir;
  s = await startServer();
  const rnd = createRandom(3);
  for (let i = 0; i < 2000; i++) {
    // Skewed, so "most frequent first" has a definite order.
    const region = rnd.next() < 0.5 ? 'eu' : rnd.next() < 0.6 ? 'us' : rnd.next() < 0.5 ? 'ap' : 'sa_east';
    rows.push({ time: new Date(T0 + i * 60_000).toISOString(), region, endpoint: `/e${i % 7}`, ok: rnd.next() < 0.8, n: i });
  }
  expect((await s.call('POST', '/api/v1/datasets/req/rows', { body: rows })).body.accepted).toBe(rows.length);
});
afterAll(async () => {
  delete process.env.ALMANAC_WEB_DIR;
  await s.close();
});

const cookieOf = (h: Headers) => (h.get('set-cookie') ?? '').split(';')[0];

describe('browser sessions', () => {
  it('POST /session with a key sets an HttpOnly SameSite=Strict cookie; GET /session describes the principal; DELETE signs out', async () => {
    const r = await s.call('POST', '/api/v1/session', { key: null, body: { key: s.keys.editor } });
    expect(r.status).toBe(204);
    const setCookie = r.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^almanac_session=[A-Za-z0-9_-]{20,};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    const cookie = cookieOf(r.headers);
    const keys = (await s.call('GET', '/api/v1/keys')).body.keys;
    const editor = keys.find((k: { role: string }) => k.role === 'editor');
    const me = await s.call('GET', '/api/v1/session', { key: null, headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ workspace: 'default', role: 'editor', keyId: editor.id, keyName: editor.name, permissions: { read: true, ingest: true, define: true, admin: false } });
    // The cookie works for the API like a key of the same role.
    expect((await s.call('GET', '/api/v1/datasets', { key: null, headers: { cookie } })).status).toBe(200);
    expect((await s.call('GET', '/api/v1/keys', { key: null, headers: { cookie } })).status).toBe(403);
    const out = await s.call('DELETE', '/api/v1/session', { key: null, headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await s.call('GET', '/api/v1/session', { key: null, headers: { cookie } })).status).toBe(401);
    expect((await s.call('GET', '/api/v1/datasets', { key: null, headers: { cookie } })).status).toBe(401);
  });

  it('a wrong or revoked key answers 401 with a clear message and sets no cookie; a missing key is a 400', async () => {
    const bad = await s.call('POST', '/api/v1/session', { key: null, body: { key: 'alm_kdeadbeef_nope' } });
    expect(bad.status).toBe(401);
    expect(bad.body.error.message).toMatch(/unknown or revoked/);
    expect(bad.headers.get('set-cookie')).toBeNull();
    expect((await s.call('POST', '/api/v1/session', { key: null, body: {} })).status).toBe(400);
    const temp = (await s.call('POST', '/api/v1/keys', { body: { role: 'viewer' } })).body;
    const signIn = await s.call('POST', '/api/v1/session', { key: null, body: { key: temp.key } });
    const cookie = cookieOf(signIn.headers);
    expect((await s.call('GET', '/api/v1/session', { key: null, headers: { cookie } })).body.role).toBe('viewer');
    await s.call('DELETE', `/api/v1/keys/${temp.id}`);
    // Revoking the key ends its sessions too.
    expect((await s.call('GET', '/api/v1/session', { key: null, headers: { cookie } })).status).toBe(401);
    expect((await s.call('POST', '/api/v1/session', { key: null, body: { key: temp.key } })).status).toBe(401);
  });

  it('an ingest key may ask who it is, but its session cannot read', async () => {
    const signIn = await s.call('POST', '/api/v1/session', { key: null, body: { key: s.keys.ingest } });
    const cookie = cookieOf(signIn.headers);
    expect((await s.call('GET', '/api/v1/session', { key: null, headers: { cookie } })).body.permissions).toEqual({ read: false, ingest: true, define: false, admin: false });
    expect((await s.call('GET', '/api/v1/datasets', { key: null, headers: { cookie } })).status).toBe(403);
  });

  it('the one-time link signs in once and redirects to /', async () => {
    const admin = (await s.almanac.store.listKeys('default')).find((k) => k.role === 'admin')!;
    // The test helper does not expose its sessions: a second server over the same Almanac issues the token.
    const { buildServer } = await import('../src/server/app.js');
    const built = await buildServer(s.almanac, { logger: false });
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const url = `http://127.0.0.1:${(built.app.server.address() as { port: number }).port}`;
      const token = built.sessions.issueLoginToken(admin);
      const first = await fetch(`${url}/?token=${token}`, { redirect: 'manual' });
      expect(first.status).toBe(302);
      expect(first.headers.get('location')).toBe('/');
      const cookie = cookieOf(first.headers);
      expect((await (await fetch(`${url}/api/v1/session`, { headers: { cookie } })).json()).role).toBe('admin');
      const again = await fetch(`${url}/?token=${token}`, { redirect: 'manual' });
      expect(again.status).toBe(401);
      expect(await again.text()).toMatch(/Sign in with an API key/);
    } finally {
      await built.app.close();
    }
  });
});

describe('the built UI', () => {
  it('without a build, / and client routes explain how to build it', async () => {
    for (const p of ['/', '/d/web_service_overview']) {
      const r = await fetch(s.url + p);
      expect(r.status).toBe(200);
      expect(await r.text()).toMatch(/npm run build:web/);
    }
  });

  it('serves index.html (no-cache) for client routes, hashed assets with a long cache, and JSON 404 for unknown API paths', async () => {
    fs.mkdirSync(path.join(webDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Almanac UI</title><div id="root"></div>');
    fs.writeFileSync(path.join(webDir, 'assets', 'index-AbC123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    for (const p of ['/', '/d/web_service_overview', '/explore?x=1', '/datasets/req']) {
      const r = await fetch(s.url + p);
      expect(r.status, p).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/text\/html/);
      expect(r.headers.get('cache-control')).toBe('no-cache');
      expect(await r.text()).toMatch(/Almanac UI/);
    }
    const js = await fetch(`${s.url}/assets/index-AbC123.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toMatch(/max-age=31536000/);
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
    expect((await fetch(`${s.url}/favicon.svg`)).headers.get('content-type')).toMatch(/svg/);
    expect((await fetch(`${s.url}/assets/missing-123.js`)).status).toBe(404);
    const escape = await fetch(`${s.url}/assets/..%2f..%2fpackage.json`);
    expect([403, 404]).toContain(escape.status);
    expect(await escape.text()).not.toMatch(/"dependencies"/);
    const api = await fetch(`${s.url}/api/v1/nope`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /api/v1/nope' } });
    expect((await fetch(`${s.url}/api/v1/nope`, { method: 'POST' })).status).toBe(404);
  });
});

describe('GET /datasets/<name>/values/<column>', () => {
  const count = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).length;

  it('lists distinct values most frequent first, with counts computed independently', async () => {
    const r = await s.call('GET', '/api/v1/datasets/req/values/region');
    expect(r.status).toBe(200);
    const expected = [...new Set(rows.map((x) => x.region))].map((v) => ({ v, n: count((x) => x.region === v) })).sort((a, b) => b.n - a.n);
    expect(r.body.values).toEqual(expected.map((e) => e.v));
    expect(r.body.counts).toEqual(expected.map((e) => e.n));
  });

  it('limit, q (containing, LIKE wildcards taken literally), from/to and booleans', async () => {
    expect((await s.call('GET', '/api/v1/datasets/req/values/region?limit=2')).body.values).toHaveLength(2);
    expect((await s.call('GET', '/api/v1/datasets/req/values/region?q=_')).body.values).toEqual(['sa_east']);
    expect((await s.call('GET', '/api/v1/datasets/req/values/region?q=u')).body.values.sort()).toEqual(['eu', 'us']);
    const to = new Date(T0 + 70 * 60_000).toISOString();
    const r = await s.call('GET', `/api/v1/datasets/req/values/endpoint?from=${new Date(T0).toISOString()}&to=${to}`);
    const inRange = rows.slice(0, 70);
    expect(r.body.counts.reduce((a: number, b: number) => a + b, 0)).toBe(inRange.length);
    const bools = (await s.call('GET', '/api/v1/datasets/req/values/ok')).body;
    expect(bools.values).toEqual([true, false]);
    expect(bools.counts).toEqual([count((x) => x.ok), count((x) => !x.ok)]);
  });

  it.each([
    ['/api/v1/datasets/req/values/nope', 400, /unknown column "nope"/],
    ['/api/v1/datasets/req/values/n', 400, /number column/],
    ['/api/v1/datasets/req/values/time', 400, /time column/],
    ['/api/v1/datasets/req/values/region?limit=1001', 400, /limit/],
    ['/api/v1/datasets/req/values/region?limit=0', 400, /limit/],
    ['/api/v1/datasets/req/values/region?limit=abc', 400, /limit/],
    ['/api/v1/datasets/req/values/ok?q=t', 400, /string column/],
    ['/api/v1/datasets/req/values/region?from=yesterday', 400, /from/],
    ['/api/v1/datasets/missing/values/region', 404, /dataset "missing" not found/],
  ])('%s → %i', async (p, status, message) => {
    const r = await s.call('GET', p);
    expect(r.status).toBe(status);
    expect(r.body.error.message).toMatch(message);
  });
});

describe('GET /datasets/<name>', () => {
  it('reports the approximate bytes the dataset occupies once checkpointed', async () => {
    await s.almanac.store.meta.read((c) => c.run('CHECKPOINT'));
    const r = await s.call('GET', '/api/v1/datasets/req');
    expect(r.body.stats.rows).toBe(rows.length);
    expect(r.body.stats.sizeBytes).toBeGreaterThan(0);
    // Whole DuckDB blocks: a multiple of the block size, and no more than the file.
    expect(r.body.stats.sizeBytes % 262_144).toBe(0);
    expect(r.body.stats.sizeBytes).toBeLessThanOrEqual(fs.statSync(path.join(s.dataDir, 'almanac.duckdb')).size);
  });
});
