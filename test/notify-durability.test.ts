import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../src/watch/notify/outbox.js';
import type { OutboundMessage } from '../src/watch/notification.js';
import { eventually, startNotifyServer, startWebhookReceiver, type Received, type WebhookReceiver } from './helpers/notify-receivers.js';
import type { TestServer } from './helpers/server.js';

/**
 * Nothing is lost across receiver outages and Almanac restarts; anything sent
 * twice carries the same idempotency key (and the same bytes).
 */
const DELIVERY = { baseDelayMs: 20, maxDelayMs: 200, timeoutMs: 2000 };
let s: TestServer;
let hook: WebhookReceiver;
let n = 0;
const msg = (tag: string): OutboundMessage => ({ key: `alert:${tag}:${++n}`, subject: `[FIRING] ${tag} ${n}`, text: `n = ${n}`, severity: 'warning', payload: { n } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const idem = (r: Received) => String(r.headers['x-almanac-idempotency-key']);
const outbox = async (q = '') => (await s.call('GET', `/api/v1/outbox${q}`)).body.deliveries as { key: string; status: string; attempts: number; lastError: string | null }[];

/** Requests grouped by idempotency key; every group must be byte-identical (same body, same signature). */
function byKey(received: Received[]): Map<string, Received[]> {
  const m = new Map<string, Received[]>();
  for (const r of received) m.set(idem(r), [...(m.get(idem(r)) ?? []), r]);
  for (const [k, rs] of m) {
    expect(new Set(rs.map((r) => r.body)).size, k).toBe(1);
    expect(new Set(rs.map((r) => r.headers['x-almanac-signature'])).size, k).toBe(1);
  }
  return m;
}
const accepted = (rs: Received[]) => rs.filter((r) => r.status >= 200 && r.status < 300);

beforeAll(async () => {
  s = await startNotifyServer({ delivery: DELIVERY });
  hook = await startWebhookReceiver();
  expect((await s.call('PUT', '/api/v1/channels/hook', { body: { name: 'hook', type: 'webhook', url: `${hook.url}/in`, secret: 'k' } })).status).toBe(200);
});
afterAll(async () => {
  await s.close();
  await hook.stop();
});

describe('receiver outage', () => {
  it('a stopped receiver gets every notification once it is back, exactly once per key', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) { const m = msg('before'); keys.push(m.key); await enqueue(s.almanac, 'default', ['hook'], m); }
    await hook.waitFor(5);
    await hook.stop();
    for (let i = 0; i < 15; i++) { const m = msg('outage'); keys.push(m.key); await enqueue(s.almanac, 'default', ['hook'], m); }
    // Let several attempts fail against the closed port.
    await eventually(async () => (await outbox('?status=pending')).filter((d) => d.attempts >= 2).length >= 15);
    const pending = await outbox('?status=pending');
    expect(pending.every((d) => /ECONNREFUSED|fetch failed/.test(d.lastError ?? ''))).toBe(true);
    await hook.start();
    await eventually(async () => (await outbox('?status=delivered')).length >= 20);
    const groups = byKey(hook.received);
    expect([...groups.keys()].sort()).toEqual(keys.map((k) => `${k}:hook`).sort());
    for (const rs of groups.values()) expect(accepted(rs)).toHaveLength(1);
  });

  it('when the receiver processed a request but its answer was lost, the retry carries the same key and bytes', async () => {
    hook.received.length = 0;
    const seen = new Set<string>();
    // The receiver stores each notification, then fails to acknowledge the first copy (a crash after commit, a proxy 502).
    hook.respond = (r) => {
      const k = String(r.headers['x-almanac-idempotency-key']);
      if (seen.has(k)) return { status: 200 };
      seen.add(k);
      return { status: 502 };
    };
    try {
      const keys: string[] = [];
      for (let i = 0; i < 10; i++) { const m = msg('lost-ack'); keys.push(`${m.key}:hook`); await enqueue(s.almanac, 'default', ['hook'], m); }
      await eventually(async () => (await outbox('?status=delivered')).filter((d) => d.key.startsWith('alert:lost-ack')).length >= 10);
      const groups = byKey(hook.received);
      // Exactly the distinct keys sent, each received twice (the lost ack and the retry), identical both times.
      expect([...groups.keys()].sort()).toEqual(keys.sort());
      for (const rs of groups.values()) {
        expect(rs.map((r) => r.status)).toEqual([502, 200]);
      }
      console.log(`lost-ack scenario: ${hook.received.length} requests for ${groups.size} distinct idempotency keys; every duplicate carried the key and body of its original`);
    } finally {
      hook.respond = () => ({ status: 200 });
    }
  });
});

describe('restarts', () => {
  it('rows pending when Almanac closes are delivered after it reopens on the same data directory', async () => {
    hook.received.length = 0;
    await hook.stop();
    const keys: string[] = [];
    for (let i = 0; i < 10; i++) { const m = msg('restart'); keys.push(`${m.key}:hook`); await enqueue(s.almanac, 'default', ['hook'], m); }
    await eventually(async () => (await outbox('?status=pending')).filter((d) => d.attempts >= 1).length >= 10);
    const dataDir = s.dataDir;
    await s.close();
    await hook.start();
    // Nothing is delivered while Almanac is down.
    await sleep(200);
    expect(hook.received).toHaveLength(0);
    s = await startNotifyServer({ dataDir, delivery: DELIVERY });
    await hook.waitFor(10);
    await eventually(async () => (await outbox('?status=pending')).length === 0);
    const groups = byKey(hook.received);
    expect([...groups.keys()].sort()).toEqual(keys.sort());
    const rows = (await outbox('?limit=1000')).filter((d) => d.key.startsWith('alert:restart'));
    expect(rows).toHaveLength(10);
    // Each row remembers the attempts made before the restart.
    expect(rows.every((d) => d.status === 'delivered' && d.attempts >= 2)).toBe(true);
  });

  it('closing during a slow attempt returns promptly; the attempt is not counted and the row is delivered after reopening', async () => {
    hook.received.length = 0;
    hook.respond = () => ({ status: 200, delayMs: 5000 });
    const m = msg('close-in-flight');
    await enqueue(s.almanac, 'default', ['hook'], m);
    await sleep(200); // the attempt is in flight, waiting on the receiver
    const dataDir = s.dataDir;
    const t0 = Date.now();
    await s.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    hook.respond = () => ({ status: 200 });
    s = await startNotifyServer({ dataDir, delivery: DELIVERY });
    const row = await eventually(async () => (await outbox(`?key=${m.key}`)).find((d) => d.status === 'delivered'));
    expect(row.attempts).toBe(1);
  });
});

describe('retention', () => {
  it('prunes finished deliveries and read in-app notifications past the retention; pending rows and unread notifications stay', async () => {
    const { pruneOutbox } = await import('../src/watch/notify/outbox.js');
    const { listNotifications, markNotificationRead } = await import('../src/watch/notify/notifications.js');
    await s.call('PUT', '/api/v1/channels/box', { body: { name: 'box', type: 'in-app' } });
    const read = msg('prune-read');
    const unread = msg('prune-unread');
    await enqueue(s.almanac, 'default', ['box'], read);
    await enqueue(s.almanac, 'default', ['box'], unread);
    await eventually(async () => (await listNotifications(s.almanac.store.meta, 'default', { limit: 100 })).notifications.filter((x) => x.key.startsWith('alert:prune')).length === 2);
    const n = (await listNotifications(s.almanac.store.meta, 'default', { limit: 100 })).notifications.find((x) => x.key === read.key)!;
    await markNotificationRead(s.almanac.store.meta, 'default', n.id, Date.now() - 10);
    await hook.stop();
    const pending = msg('prune-pending');
    await enqueue(s.almanac, 'default', ['hook'], pending);
    await pruneOutbox(s.almanac.store.meta, Date.now() + 1);
    const left = await outbox('?limit=10000');
    expect(left.map((d) => d.key)).toEqual([pending.key]); // every finished row went, the pending one stayed
    const notes = (await listNotifications(s.almanac.store.meta, 'default', { limit: 100 })).notifications.map((x) => x.key);
    expect(notes).toContain(unread.key);
    expect(notes).not.toContain(read.key);
    await hook.start();
    await eventually(async () => (await outbox(`?key=${pending.key}`))[0]?.status === 'delivered');
  });
});

describe('maximum age', () => {
  it('a row that cannot be delivered within the maximum age is marked failed with the last error, visible in the API, and can be sent again by hand', async () => {
    const dataDir = s.dataDir;
    await s.close();
    s = await startNotifyServer({ dataDir, delivery: { ...DELIVERY, maxAgeMs: 600 } });
    await hook.stop();
    try {
      const m = msg('too-old');
      await enqueue(s.almanac, 'default', ['hook'], m);
      const failed = await eventually(async () => (await outbox('?status=failed')).find((d) => d.key === m.key), 5000);
      expect(failed.attempts).toBeGreaterThanOrEqual(2);
      expect(failed.lastError).toMatch(/ECONNREFUSED|fetch failed/);
      const viewer = await s.call('GET', '/api/v1/outbox?status=failed', { key: s.keys.viewer });
      expect(viewer.body.deliveries.map((d: { key: string }) => d.key)).toContain(m.key);
      // A failed row is final: the receiver coming back does not revive it.
      await hook.start();
      await sleep(300);
      expect(hook.received.some((r) => idem(r) === `${m.key}:hook`)).toBe(false);

      // Until someone sends it again by hand (define permission): then it is delivered, same key and bytes as before.
      const id = (viewer.body.deliveries as { id: string; key: string }[]).find((d) => d.key === m.key)!.id;
      expect((await s.call('POST', `/api/v1/outbox/${id}/retry`, { key: s.keys.viewer })).status).toBe(403);
      const retried = await s.call('POST', `/api/v1/outbox/${id}/retry`, { key: s.keys.editor });
      expect(retried.status, JSON.stringify(retried.body)).toBe(200);
      expect(retried.body).toMatchObject({ id, status: 'pending', attempts: failed.attempts });
      await eventually(async () => hook.received.some((r) => idem(r) === `${m.key}:hook`));
      const row = await eventually(async () => (await outbox(`?key=${m.key}`)).find((d) => d.status === 'delivered'));
      expect(row.attempts).toBe(failed.attempts + 1);
      expect(typeof (row as { requeuedAt?: number }).requeuedAt).toBe('number');
      // A delivered row is not sent again; an unknown id is 404.
      const again = await s.call('POST', `/api/v1/outbox/${id}/retry`);
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain('only a failed delivery can be retried');
      expect((await s.call('POST', '/api/v1/outbox/nope/retry')).status).toBe(404);
      const audit = (await s.call('GET', '/api/v1/audit')).body.entries as { action: string; target: string; outcome: string }[];
      expect(audit.find((e) => e.action === 'outbox.retry' && e.outcome === 'ok')).toMatchObject({ target: `delivery/${id}` });
    } finally {
      await hook.start().catch(() => undefined);
    }
  });
});
