import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { openAlmanac, type Almanac } from '../../src/almanac.js';
import { createKey } from '../../src/auth/keys.js';
import { buildServer } from '../../src/server/app.js';
import type { Role } from '../../src/store/store.js';
import type { DeliveryOptions } from '../../src/watch/notify/delivery.js';
import { tempDir, type TestServer } from './server.js';

/** One request as the webhook receiver got it. */
export interface Received {
  at: number;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
}

/**
 * A real HTTP receiver on 127.0.0.1. `respond` decides each answer (status and
 * delay) from the request; `stop()` closes the port (connections refused) and
 * `start()` listens on the same port again, as a receiver outage would.
 */
export interface WebhookReceiver {
  url: string;
  port: number;
  received: Received[];
  respond: (r: Omit<Received, 'status' | 'at'>) => { status: number; delayMs?: number };
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when `n` requests have been received. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: Received[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let port = 0;
  let server: http.Server | undefined;
  const r: WebhookReceiver = {
    url: '',
    port: 0,
    received,
    respond: () => ({ status: 200 }),
    async start() {
      server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const base = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
          const { status, delayMs } = r.respond(base);
          const finish = () => {
            received.push({ ...base, at: Date.now(), status });
            for (const w of waiters.splice(0)) { if (received.length >= w.n) w.resolve(); else waiters.push(w); }
            res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'receiver says no');
          };
          if (delayMs) setTimeout(finish, delayMs);
          else finish();
        });
      });
      await new Promise<void>((resolve, reject) => { server!.once('error', reject); server!.listen(port, '127.0.0.1', () => resolve()); });
      port = (server.address() as AddressInfo).port;
      r.port = port;
      r.url = `http://127.0.0.1:${port}`;
    },
    async stop() {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    waitFor(n, timeoutMs = 10_000) {
      if (received.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`receiver got ${received.length} of ${n} requests within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => { clearTimeout(t); resolve(); } });
      });
    },
  };
  await r.start();
  return r;
}

export interface ReceivedMail { from: string; to: string[]; raw: string; at: number }

/** A real SMTP server on 127.0.0.1 (no TLS, no auth) that keeps every accepted message. */
export async function startSmtpReceiver(): Promise<{ port: number; mails: ReceivedMail[]; reject: boolean; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const state = { reject: false };
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.reject) { callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 })); return; }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((a) => a.address), raw: Buffer.concat(chunks).toString('utf8'), at: Date.now(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  return {
    port,
    mails,
    get reject() { return state.reject; },
    set reject(v: boolean) { state.reject = v; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A real Almanac server (DuckDB file, HTTP on 127.0.0.1) with delivery timings for tests. */
export async function startNotifyServer(opts: { dataDir?: string; delivery?: DeliveryOptions; watch?: boolean } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir('almanac-notify-');
  const almanac: Almanac = await openAlmanac({ dataDir, logger: pino({ level: process.env.NOTIFY_TEST_LOG ?? 'silent' }) });
  const { app } = await buildServer(almanac, { logger: false, delivery: opts.delivery, watch: opts.watch });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const keys = {} as Record<Role, string>;
  for (const role of ['admin', 'editor', 'viewer', 'ingest'] as Role[]) keys[role] = (await createKey(almanac.store, 'default', role)).key;
  return {
    url, dataDir, almanac, keys,
    async call(method, p, o = {}) {
      const key = o.key === undefined ? keys.admin : o.key;
      const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(o.headers ?? {}) };
      let body: string | undefined;
      if (o.body !== undefined) { body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body); headers['content-type'] = o.type ?? 'application/json'; }
      const res = await fetch(url + p, { method, headers, body });
      const text = await res.text();
      return { status: res.status, body: (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text, headers: res.headers };
    },
    async close() {
      await app.close();
      await almanac.close();
    },
  };
}

/** Poll `fn` until it returns a truthy value (or fail after `timeoutMs`). */
export async function eventually<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
