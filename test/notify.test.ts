import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBundle } from '../src/definitions/bundle.js';
import { listNotifications } from '../src/watch/notify/notifications.js';
import { enqueue, listOutbox } from '../src/watch/notify/outbox.js';
import type { OutboundMessage } from '../src/watch/notification.js';
import { eventually, startNotifyServer, startSmtpReceiver, startWebhookReceiver, type WebhookReceiver } from './helpers/notify-receivers.js';
import type { TestServer } from './helpers/server.js';

let s: TestServer;
let hook: WebhookReceiver;
const SECRET = 'shh-its-a-secret';
let n = 0;
const msg = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  key: `alert:test:${++n}:${Date.now()}`, subject: `[FIRING] rule ${n}`, text: `value ${n} is above 800`, severity: 'critical', payload: { rule: 'r', n }, ...over,
});
const outbox = async (q = '') => (await s.call('GET', `/api/v1/outbox${q}`)).body.deliveries as { key: string; channel: string; status: string; attempts: number; lastError: string | null; deliveredAt: number | null }[];
/** The HTML part of a raw MIME message, quoted-printable decoded (RFC 2045 §6.7). */
function htmlPartOf(raw: string): string {
  const start = raw.search(/^Content-Type: text\/html/m);
  expect(start).toBeGreaterThan(0);
  const part = raw.slice(start);
  const body = part.slice(part.search(/\r?\n\r?\n/)).split(/\r?\n--/)[0];
  return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  s = await startNotifyServer({ delivery: { baseDelayMs: 20, maxDelayMs: 150, timeoutMs: 3000 } });
  hook = await startWebhookReceiver();
  const put = await s.call('PUT', '/api/v1/channels/hook', { body: { name: 'hook', type: 'webhook', url: `${hook.url}/hook`, secret: SECRET, headers: { 'X-Team': 'ops' } } });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
});
afterAll(async () => {
  await s.close();
  await hook.stop();
});

describe('channel documents', () => {
  // Each bad document must be refused with a 400 that names the offending field.
  it.each([
    ['webhook without url', { type: 'webhook' }, 'url'],
    ['ftp url', { type: 'webhook', url: 'ftp://example.com/x' }, 'url'],
    ['url that is not a URL', { type: 'slack', url: 'hooks.slack.com/abc' }, 'url'],
    ['unknown type', { type: 'pager' }, 'type'],
    ['field of another type', { type: 'slack', url: 'https://hooks.slack.com/x', secret: 'x' }, 'secret'],
    ['reserved header', { type: 'webhook', url: 'http://127.0.0.1:1/x', headers: { 'X-Almanac-Signature': 'forged' } }, 'headers.X-Almanac-Signature'],
    ['bad header name', { type: 'webhook', url: 'http://127.0.0.1:1/x', headers: { 'bad header': 'v' } }, 'headers.bad header'],
    ['secret and secretEnv', { type: 'webhook', url: 'http://127.0.0.1:1/x', secret: 'a', secretEnv: 'B' }, 'secretEnv'],
    ['port out of range', { type: 'email', host: 'smtp.example.com', port: 70000, from: 'a@example.com', to: ['b@example.com'] }, 'port'],
    ['port not an integer', { type: 'email', host: 'smtp.example.com', port: 25.5, from: 'a@example.com', to: ['b@example.com'] }, 'port'],
    ['bad recipient', { type: 'email', host: 'smtp.example.com', port: 25, from: 'a@example.com', to: ['b@example.com', 'not-an-address'] }, 'to[1]'],
    ['no recipients', { type: 'email', host: 'smtp.example.com', port: 25, from: 'a@example.com', to: [] }, 'to'],
    ['bad sender', { type: 'email', host: 'smtp.example.com', port: 25, from: 'Ops <nope>', to: ['b@example.com'] }, 'from'],
    ['a plain password', { type: 'email', host: 'smtp.example.com', port: 25, from: 'a@example.com', to: ['b@example.com'], user: 'u', password: 'p' }, 'password'],
    ['bad env name', { type: 'email', host: 'smtp.example.com', port: 25, from: 'a@example.com', to: ['b@example.com'], user: 'u', passwordEnv: 'not-a-name' }, 'passwordEnv'],
    ['passwordEnv without user', { type: 'email', host: 'smtp.example.com', port: 25, from: 'a@example.com', to: ['b@example.com'], passwordEnv: 'SMTP_PASSWORD' }, 'user'],
  ])('%s → 400 naming %s', async (_d, doc, field) => {
    const r = await s.call('PUT', '/api/v1/channels/bad', { body: { name: 'bad', ...doc } });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    const paths = [r.body.error.message, ...(r.body.error.issues ?? []).map((i: { path?: string; message: string }) => `${i.path} ${i.message}`)].join('\n');
    expect(paths).toContain(field);
    // The same document through apply is refused the same way.
    const a = await s.call('POST', '/api/v1/apply', { body: [{ kind: 'channel', name: 'bad', ...doc }] });
    expect(a.status).toBe(400);
    expect(JSON.stringify(a.body.error)).toContain(field);
  });

  it('round-trips through export and apply unchanged; an email channel holds no password, only the variable name', async () => {
    const email = { name: 'mail', type: 'email', host: 'smtp.example.com', port: 587, user: 'alerts', passwordEnv: 'ALMANAC_TEST_SMTP_PASSWORD', from: 'Almanac <alerts@example.com>', to: ['oncall@example.com'] };
    expect((await s.call('PUT', '/api/v1/channels/mail', { body: email })).status).toBe(200);
    const got = (await s.call('GET', '/api/v1/channels/mail', { key: s.keys.viewer })).body;
    expect(got).toEqual({ kind: 'channel', ...email });
    const exported = (await s.call('GET', '/api/v1/export?format=json')).body.documents;
    const applied = await s.call('POST', '/api/v1/apply', { body: exported });
    expect(applied.status).toBe(200);
    expect(applied.body.created).toEqual([]);
    expect(applied.body.updated).toEqual([]);
    expect((await s.call('GET', '/api/v1/channels')).body.channels.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['hook', 'mail']));
    expect((await s.call('DELETE', '/api/v1/channels/mail')).status).toBe(204);
    expect((await s.call('GET', '/api/v1/channels/mail')).status).toBe(404);
  });
});

describe('webhook', () => {
  it('delivers the payload signed with the channel secret and the idempotency key; the same key is sent once', async () => {
    const before = hook.received.length;
    const m = msg();
    await enqueue(s.almanac, 'default', ['hook'], m);
    await hook.waitFor(before + 1);
    const got = hook.received[before];
    expect(got.path).toBe('/hook');
    // Verify the signature the way a receiver would: HMAC of the raw body bytes, constant-time compare.
    const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(got.body).digest('hex')}`);
    const sig = Buffer.from(String(got.headers['x-almanac-signature']));
    expect(sig.length).toBe(expected.length);
    expect(timingSafeEqual(sig, expected)).toBe(true);
    expect(got.headers['x-almanac-idempotency-key']).toBe(`${m.key}:hook`);
    expect(got.headers['x-team']).toBe('ops');
    expect(got.headers['content-type']).toBe('application/json');
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({ version: 1, key: m.key, idempotencyKey: `${m.key}:hook`, channel: 'hook', subject: m.subject, text: m.text, severity: 'critical', payload: m.payload });
    expect(Math.abs(Date.parse(body.sentAt) - got.at)).toBeLessThan(5000);

    const row = await eventually(async () => (await outbox(`?key=${encodeURIComponent(m.key)}`)).find((d) => d.status === 'delivered'));
    expect(row).toMatchObject({ channel: 'hook', attempts: 1, lastError: null });
    expect(typeof row.deliveredAt).toBe('number');

    // Enqueuing the same (key, channel) again is a no-op.
    await enqueue(s.almanac, 'default', ['hook'], { ...m, subject: 'changed' });
    await sleep(300);
    expect(hook.received.filter((r) => r.headers['x-almanac-idempotency-key'] === `${m.key}:hook`)).toHaveLength(1);
    expect(await outbox(`?key=${encodeURIComponent(m.key)}`)).toHaveLength(1);
  });

  it('signs with the secret from the environment variable named by secretEnv', async () => {
    process.env.ALMANAC_TEST_HOOK_SECRET = 'from-the-environment';
    await s.call('PUT', '/api/v1/channels/env-hook', { body: { name: 'env-hook', type: 'webhook', url: `${hook.url}/env`, secretEnv: 'ALMANAC_TEST_HOOK_SECRET' } });
    const before = hook.received.length;
    await enqueue(s.almanac, 'default', ['env-hook'], msg());
    await hook.waitFor(before + 1);
    const got = hook.received[before];
    expect(got.headers['x-almanac-signature']).toBe(`sha256=${createHmac('sha256', 'from-the-environment').update(got.body).digest('hex')}`);
    // The secret itself is in no answer of the API.
    const exported = await s.call('GET', '/api/v1/export?format=json');
    expect(JSON.stringify(exported.body)).not.toContain('from-the-environment');
    // Unset, the message cannot be signed: it is kept as failed, naming the variable, instead of going out unsigned.
    delete process.env.ALMANAC_TEST_HOOK_SECRET;
    const m = msg();
    await enqueue(s.almanac, 'default', ['env-hook'], m);
    expect((await outbox(`?key=${encodeURIComponent(m.key)}`))[0]).toMatchObject({ status: 'failed', lastError: expect.stringContaining('ALMANAC_TEST_HOOK_SECRET') });
    await s.call('DELETE', '/api/v1/channels/env-hook');
  });

  it('a tampered body does not verify', () => {
    const got = hook.received[hook.received.length - 1];
    const tampered = got.body.replace('"critical"', '"info"');
    expect(tampered).not.toBe(got.body);
    expect(`sha256=${createHmac('sha256', SECRET).update(tampered).digest('hex')}`).not.toBe(got.headers['x-almanac-signature']);
  });

  it('reaches the receiver quickly after enqueue (the loop is woken, not polled)', async () => {
    const lat: number[] = [];
    for (let i = 0; i < 20; i++) {
      const before = hook.received.length;
      const t0 = Date.now();
      await enqueue(s.almanac, 'default', ['hook'], msg());
      await hook.waitFor(before + 1);
      lat.push(hook.received[before].at - t0);
    }
    lat.sort((a, b) => a - b);
    const p95 = lat[Math.ceil(0.95 * lat.length) - 1];
    console.log(`enqueue → webhook received: p50 ${lat[Math.floor(lat.length / 2)]} ms, p95 ${p95} ms, max ${lat[lat.length - 1]} ms (n=${lat.length})`);
    expect(p95).toBeLessThan(500);
  });

  it('a slow receiver does not hold up deliveries to another channel', async () => {
    const slow = await startWebhookReceiver();
    slow.respond = () => ({ status: 200, delayMs: 800 });
    try {
      await s.call('PUT', '/api/v1/channels/slow', { body: { name: 'slow', type: 'webhook', url: slow.url } });
      for (let i = 0; i < 4; i++) await enqueue(s.almanac, 'default', ['slow'], msg());
      const before = hook.received.length;
      const t0 = Date.now();
      await enqueue(s.almanac, 'default', ['hook'], msg());
      await hook.waitFor(before + 1, 3000);
      expect(hook.received[before].at - t0).toBeLessThan(500);
      expect(slow.received.length).toBe(0); // the slow ones were still in progress
      await slow.waitFor(4, 10_000);
    } finally {
      await slow.stop();
    }
  });
});

describe('slack', () => {
  it('posts incoming-webhook JSON: text plus header, section and context blocks, with mrkdwn escaped', async () => {
    const slack = await startWebhookReceiver();
    try {
      await s.call('PUT', '/api/v1/channels/team-slack', { body: { name: 'team-slack', type: 'slack', url: `${slack.url}/services/T000/B000/XXX` } });
      const m = msg({ subject: '[FIRING] errors > 5% <eu>', text: 'rate = 7.2% & rising <@here>', severity: 'warning' });
      await enqueue(s.almanac, 'default', ['team-slack'], m);
      await slack.waitFor(1);
      const got = slack.received[0];
      expect(got.path).toBe('/services/T000/B000/XXX');
      expect(got.headers['x-almanac-signature']).toBeUndefined();
      const body = JSON.parse(got.body);
      expect(Object.keys(body).sort()).toEqual(['blocks', 'text']);
      expect(body.text).toContain(m.subject);
      expect(body.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'context']);
      expect(body.blocks[0].text).toMatchObject({ type: 'plain_text', text: m.subject });
      expect(body.blocks[1].text).toEqual({ type: 'mrkdwn', text: 'rate = 7.2% &amp; rising &lt;@here&gt;' });
      expect(body.blocks[2].elements[0].text).toContain('severity: warning');
    } finally {
      await slack.stop();
    }
  });
});

describe('email', () => {
  it('sends text and escaped HTML over SMTP with a Message-ID derived from the idempotency key; a refused message is retried', async () => {
    const smtp = await startSmtpReceiver();
    try {
      await s.call('PUT', '/api/v1/channels/oncall-mail', {
        body: { name: 'oncall-mail', type: 'email', host: '127.0.0.1', port: smtp.port, from: 'Almanac <alerts@example.com>', to: ['oncall@example.com', 'lead@example.com'] },
      });
      smtp.reject = true;
      const m = msg({ subject: '[FIRING] p95 latency', text: 'p95 = 912 ms > 800\n<script>alert(1)</script> & more' });
      await enqueue(s.almanac, 'default', ['oncall-mail'], m);
      const refused = await eventually(async () => (await outbox(`?key=${encodeURIComponent(m.key)}`)).find((d) => d.attempts >= 1 && d.lastError));
      expect(refused.status).toBe('pending');
      expect(refused.lastError).toContain('451');
      smtp.reject = false;
      await eventually(async () => smtp.mails.length >= 1);
      const mail = smtp.mails[0];
      expect(mail.from).toBe('alerts@example.com');
      expect(mail.to.sort()).toEqual(['lead@example.com', 'oncall@example.com']);
      const messageId = `<${createHash('sha256').update(`${m.key}:oncall-mail`).digest('hex').slice(0, 40)}@almanac.notify>`;
      expect(mail.raw).toMatch(new RegExp(`^Message-ID: ${messageId.replace(/[.]/g, '\\.')}`, 'mi'));
      expect(mail.raw).toMatch(/^Subject: \[FIRING\] p95 latency/m);
      expect(mail.raw).toMatch(/^X-Almanac-Idempotency-Key: /m);
      expect(mail.raw).toContain('multipart/alternative');
      expect(mail.raw).toContain('text/html');
      const html = htmlPartOf(mail.raw);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
      expect(html).toContain('<h2>[FIRING] p95 latency</h2>');
      expect(html).not.toContain('<script>');
      expect(mail.raw).toMatch(/^Content-Type: text\/plain[^]*<script>alert\(1\)<\/script> & more/m);
      const row = await eventually(async () => (await outbox(`?key=${encodeURIComponent(m.key)}`)).find((d) => d.status === 'delivered'));
      expect(row.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await smtp.close();
    }
  });

  it('an unset password variable is a failed attempt that names the variable', async () => {
    delete process.env.ALMANAC_TEST_UNSET_PASSWORD;
    await s.call('PUT', '/api/v1/channels/authed-mail', {
      body: { name: 'authed-mail', type: 'email', host: '127.0.0.1', port: 1, user: 'u', passwordEnv: 'ALMANAC_TEST_UNSET_PASSWORD', from: 'a@example.com', to: ['b@example.com'] },
    });
    const r = await s.call('POST', '/api/v1/channels/authed-mail/test');
    expect(r.status).toBe(200);
    expect(r.body.delivered).toBe(false);
    expect(r.body.error).toContain('ALMANAC_TEST_UNSET_PASSWORD');
    expect(r.body.delivery).toMatchObject({ status: 'pending', attempts: 1 });
    await s.call('DELETE', '/api/v1/channels/authed-mail');
  });
});

describe('in-app', () => {
  it('stores the notification, pushes it on the live event bus, lists it and marks it read', async () => {
    await s.call('PUT', '/api/v1/channels/inbox', { body: { name: 'inbox', type: 'in-app' } });
    const live: { workspace: string; type: string; data: any }[] = [];
    const onLive = (e: { workspace: string; type: string; data: unknown }) => { if (e.type === 'notification') live.push(e as never); };
    s.almanac.events.on('live', onLive);
    try {
      const m = msg({ subject: '[FIRING] disk 91%' });
      await enqueue(s.almanac, 'default', ['inbox'], m);
      await eventually(async () => live.length >= 1);
      expect(live[0]).toMatchObject({ workspace: 'default', type: 'notification', data: { key: m.key, subject: m.subject, severity: 'critical', payload: m.payload, readAt: null } });
      const list = (await s.call('GET', '/api/v1/notifications?unread=true', { key: s.keys.viewer })).body;
      expect(list.unread).toBe(1);
      expect(list.notifications).toHaveLength(1);
      expect(list.notifications[0]).toEqual(live[0].data);
      const id = list.notifications[0].id;
      const read = await s.call('POST', `/api/v1/notifications/${id}/read`, { key: s.keys.viewer });
      expect(read.status).toBe(200);
      expect(typeof read.body.readAt).toBe('number');
      const after = (await s.call('GET', '/api/v1/notifications?unread=true')).body;
      expect(after).toEqual({ notifications: [], unread: 0 });
      expect((await s.call('GET', '/api/v1/notifications?limit=10')).body.notifications.map((x: { id: string }) => x.id)).toEqual([id]);
      expect((await s.call('POST', '/api/v1/notifications/nope/read')).status).toBe(404);
      expect((await s.call('POST', `/api/v1/notifications/${id}/read`, { key: s.keys.ingest })).status).toBe(403);
      // Sent once even when enqueued again.
      await enqueue(s.almanac, 'default', ['inbox'], m);
      await sleep(200);
      expect(live).toHaveLength(1);
    } finally {
      s.almanac.events.off('live', onLive);
    }
  });
});

describe('in-app over the live stream', () => {
  it('a browser on GET /api/v1/live receives the notification event; another workspace does not', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${s.url}/api/v1/live`, { headers: { authorization: `Bearer ${s.keys.viewer}` }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    try {
      const m = msg({ subject: '[FIRING] over SSE' });
      // The same kind of channel in another workspace: its event is on the bus, but not on this stream.
      await applyBundle(s.almanac.store, 'other', [{ kind: 'channel', name: 'inbox', type: 'in-app' }]);
      await enqueue(s.almanac, 'other', ['inbox'], { ...m, key: `${m.key}:other`, subject: '[FIRING] other workspace' });
      await enqueue(s.almanac, 'default', ['inbox'], m);
      const deadline = Date.now() + 5000;
      while (!text.includes('[FIRING] over SSE') && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      const event = text.split('\n\n').find((e) => e.includes('[FIRING] over SSE'))!;
      expect(event).toMatch(/^event: notification$/m);
      const data = JSON.parse(/^data: (.*)$/m.exec(event)![1]);
      expect(data).toMatchObject({ key: m.key, channel: 'inbox', subject: '[FIRING] over SSE', readAt: null });
      expect(text.match(/^event: notification$/gm)).toHaveLength(1);
      expect(text).not.toContain('other workspace');
      expect((await listNotifications(s.almanac.store.meta, 'other', { limit: 10 })).notifications.map((n) => n.subject)).toEqual(['[FIRING] other workspace']);
    } finally {
      ctrl.abort();
      await reader.cancel().catch(() => undefined);
    }
  });
});

describe('test route and outbox API', () => {
  it('POST /channels/{name}/test answers with the first attempt; a failed first attempt is retried through the outbox', async () => {
    const ok = await s.call('POST', '/api/v1/channels/hook/test', { key: s.keys.editor, body: { subject: 'hello from the test' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ delivered: true, receiverStatus: 200, delivery: { status: 'delivered', attempts: 1, channel: 'hook' } });
    const got = hook.received.find((r) => r.headers['x-almanac-idempotency-key'] === ok.body.idempotencyKey)!;
    expect(JSON.parse(got.body)).toMatchObject({ subject: 'hello from the test', payload: { type: 'test', channel: 'hook' } });

    let fail = true;
    hook.respond = () => ({ status: fail ? 503 : 200 });
    try {
      const bad = await s.call('POST', '/api/v1/channels/hook/test');
      expect(bad.body).toMatchObject({ delivered: false, receiverStatus: 503, delivery: { status: 'pending', attempts: 1 } });
      expect(bad.body.error).toContain('HTTP 503');
      fail = false;
      const row = await eventually(async () => (await outbox(`?key=${encodeURIComponent(bad.body.key)}`)).find((d) => d.status === 'delivered'));
      expect(row.attempts).toBeGreaterThanOrEqual(2);
      // Every attempt carried the same idempotency key and the same body.
      const attempts = hook.received.filter((r) => r.headers['x-almanac-idempotency-key'] === bad.body.idempotencyKey);
      expect(attempts.length).toBe(row.attempts);
      expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    } finally {
      hook.respond = () => ({ status: 200 });
    }
    expect((await s.call('POST', '/api/v1/channels/nope/test')).status).toBe(404);
  });

  it('a message for a channel that does not exist is kept as failed, saying why', async () => {
    const m = msg();
    await enqueue(s.almanac, 'default', ['ghost'], m);
    const failed = await outbox('?status=failed');
    expect(failed.find((d) => d.key === m.key)).toMatchObject({ channel: 'ghost', status: 'failed', lastError: 'channel "ghost" does not exist' });
  });

  it('filters by status and limit; rejects bad parameters with 400', async () => {
    const delivered = await outbox('?status=delivered&limit=3');
    expect(delivered).toHaveLength(3);
    expect(delivered.every((d) => d.status === 'delivered')).toBe(true);
    for (const q of ['?status=lost', '?limit=abc', '?limit=-1', '?colour=red', '?unread=maybe']) {
      const path = q === '?unread=maybe' ? `/api/v1/notifications${q}` : `/api/v1/outbox${q}`;
      const r = await s.call('GET', path);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toBe('bad_request');
    }
  });

  it('/metrics counts attempts by channel type and outcome, and outbox rows by status', async () => {
    const text = (await s.call('GET', '/metrics', { key: null })).body as string;
    const delivered = Number(/^almanac_notification_attempts_total\{channel_type="webhook",outcome="delivered"\} (\d+)/m.exec(text)?.[1]);
    const rows = await outbox('?status=delivered&limit=10000');
    // Every delivered webhook row took exactly one successful attempt.
    expect(delivered).toBe(rows.filter((d) => (d as { channelType?: string }).channelType === 'webhook').length);
    expect(text).toMatch(/^almanac_notification_attempts_total\{channel_type="webhook",outcome="retry"\} [1-9]/m);
    // The gauge is over all workspaces (no tenant labels); the API answers one.
    const other = await listOutbox(s.almanac.store.meta, 'other', { status: 'delivered', limit: 10_000 });
    expect(Number(/^almanac_notification_outbox_rows\{status="delivered"\} (\d+)/m.exec(text)?.[1])).toBe(rows.length + other.length);
    expect(text).not.toContain('channel="');
  });

  it('enqueue rejects a malformed message instead of storing it', async () => {
    await expect(enqueue(s.almanac, 'default', ['hook'], { key: '', subject: 's', text: 't', payload: {} })).rejects.toThrow(/key/);
    await expect(enqueue(s.almanac, 'default', ['hook'], { key: 'k', subject: 's', text: 't', payload: [] as never })).rejects.toThrow(/payload/);
  });
});
