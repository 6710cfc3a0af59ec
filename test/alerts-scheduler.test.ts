import { createHmac } from 'node:crypto';
import http from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAlmanac, type Almanac } from '../src/almanac.js';
import { createKey } from '../src/auth/keys.js';
import { buildServer } from '../src/server/app.js';
import { tempDir } from './helpers/server.js';

/**
 * The scheduler with real parts: a server with its watchers on (alert scheduler
 * and notification delivery), a webhook receiver on 127.0.0.1, rules with a 1 s
 * interval, and a rule that is broken at run time next to a working one.
 */
let almanac: Almanac;
let url: string;
let key: string;
let close: () => Promise<void>;
const received: { headers: http.IncomingHttpHeaders; raw: string; body: any }[] = [];
let receiver: http.Server;
let hookUrl: string;
const live: { type: string; data: any }[] = [];

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(url + path, {
    method, headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;

  almanac = await openAlmanac({ dataDir: tempDir(), logger: pino({ level: 'silent' }) });
  almanac.events.on('live', (e) => live.push(e));
  const { app } = await buildServer(almanac, {
    logger: false,
    delivery: { baseDelayMs: 50, maxDelayMs: 200 },
    alerts: { firstDelayMaxMs: 200, silenceCheckMs: 100, silenceLeadMs: 60 * 60_000 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  key = (await createKey(almanac.store, 'default', 'admin')).key;
  close = async () => { await app.close(); await almanac.close(); };

  expect((await call('POST', '/api/v1/datasets/sched/rows', [{ time: new Date().toISOString(), v: 5 }])).status).toBe(200);
  expect((await call('PUT', '/api/v1/channels/hook', { name: 'hook', type: 'webhook', url: hookUrl, secret: 's3cret' })).status).toBe(200);
});
afterAll(async () => {
  await close();
  await new Promise((r) => receiver.close(r));
});

const instances = async (rule: string) => (await call('GET', `/api/v1/alerts/instances?rule=${rule}`)).body.instances as any[];

describe('scheduler', () => {
  it('evaluates on its own, isolates a broken rule, notifies through the outbox, follows rule changes, forgets deleted rules', async () => {
    const good = { name: 'hot', query: { dataset: 'sched', measures: ['max(v)'] }, window: '10s', interval: '1s', condition: { type: 'threshold', op: '>', value: 10 }, channels: ['hook'], summary: '{{rule}} is {{value}}' };
    expect((await call('PUT', '/api/v1/alerts/rules/hot', good)).status).toBe(200);
    // A rule that passed its checks once but fails at run time (as if written by an older version): stored directly.
    await almanac.store.changeDefinitions('default', { put: [{ kind: 'alert', name: 'broken', query: { dataset: 'sched', measures: ['max(nope)'] }, window: '10s', interval: '1s', condition: { type: 'threshold', op: '>', value: 1 } }] });
    almanac.events.emit('definitions', { workspace: 'default', kinds: ['alert'] });

    const broken = await until('the broken rule in error', async () => (await instances('broken')).find((i) => i.state === 'error'));
    expect(broken.message).toMatch(/nope/);
    const first = await until('the good rule evaluated', async () => (await instances('hot'))[0]);
    expect(first.state).toBe('normal');
    // Both keep being evaluated, every second.
    await until('another round of both', async () => {
      const [h, b] = [(await instances('hot'))[0], (await instances('broken'))[0]];
      return h.lastEvaluatedAt > first.lastEvaluatedAt && b.lastEvaluatedAt > broken.lastEvaluatedAt;
    });

    // A crossing value: the webhook gets a signed firing notification.
    await call('POST', '/api/v1/datasets/sched/rows', [{ time: new Date().toISOString(), v: 50 }]);
    const firing = await until('the firing webhook', () => received.find((r) => r.body.payload.status === 'firing'));
    expect(firing.body.payload).toMatchObject({ kind: 'alert', rule: 'hot', status: 'firing', alerts: [expect.objectContaining({ value: 50, summary: 'hot is 50' })] });
    expect(firing.headers['x-almanac-idempotency-key']).toBe(`${firing.body.key}:hook`);
    expect(firing.headers['x-almanac-signature']).toBe(`sha256=${createHmac('sha256', 's3cret').update(firing.raw).digest('hex')}`);
    expect(live.some((e) => e.type === 'alert' && e.data.rule === 'hot' && e.data.to === 'firing')).toBe(true);

    // Deleting a rule stops it and forgets its instances. (It must go before any other change:
    // apply re-checks stored definitions, and this one no longer checks.)
    expect((await call('DELETE', '/api/v1/alerts/rules/broken')).status).toBe(204);
    await until('the broken rule forgotten', async () => (await instances('broken')).length === 0);

    // Raising the threshold is picked up without a restart: the instance resolves.
    expect((await call('PUT', '/api/v1/alerts/rules/hot', { ...good, condition: { type: 'threshold', op: '>', value: 1000 } })).status).toBe(200);
    const resolved = await until('the resolved webhook', () => received.find((r) => r.body.payload.status === 'resolved'));
    expect(resolved.body.payload.alerts[0]).toMatchObject({ status: 'resolved', labels: { alertname: 'hot' } });
    // One key per event (the firing and the resolution); a delivery the outbox retried carries the same key and body.
    const byKey = new Map<string, string[]>();
    for (const r of received) byKey.set(String(r.headers['x-almanac-idempotency-key']), [...(byKey.get(String(r.headers['x-almanac-idempotency-key'])) ?? []), JSON.stringify(r.body.payload)]);
    expect([...byKey.values()].map((bodies) => bodies[0] && JSON.parse(bodies[0]).status)).toEqual(['firing', 'resolved']);
    for (const bodies of byKey.values()) expect(new Set(bodies).size).toBe(1);

  });

  it('announces a silence once before it expires, and lists it as expiring', async () => {
    const r = await call('POST', '/api/v1/silences', { matchers: [{ label: 'alertname', op: '=', value: 'hot' }], duration: '30m', comment: 'deploy' });
    expect(r.status).toBe(201);
    const note = await until('the expiry announcement', () => live.find((e) => e.type === 'silence-expiring' && e.data.name === r.body.name));
    expect(note.data).toMatchObject({ comment: 'deploy', endsAt: r.body.endsAt });
    await new Promise((res) => setTimeout(res, 500));
    expect(live.filter((e) => e.type === 'silence-expiring' && e.data.name === r.body.name)).toHaveLength(1);
    const listed = (await call('GET', '/api/v1/silences?expiringWithin=1h')).body.silences;
    expect(listed.map((s: { name: string }) => s.name)).toContain(r.body.name);
  });
});
