import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../src/auth/keys.js';
import { startServer, type TestServer } from './helpers/server.js';

/** The SSE stream read by a real HTTP client, as the browser's EventSource reads it. */
interface Stream {
  status: number;
  /** Resolves with the next event (comments skipped), or rejects after `ms`. */
  next(ms?: number): Promise<{ event: string; data: any }>;
  /** Every event received within `ms`. */
  drain(ms: number): Promise<{ event: string; data: any }[]>;
  ended(): Promise<void>;
  close(): void;
}

async function openStream(url: string, headers: Record<string, string>): Promise<Stream> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers, signal: ctrl.signal });
  const queue: { event: string; data: any }[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  let done = false;
  const pump = (async () => {
    if (!res.body) return;
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    try {
      for (;;) {
        const { value, done: d } = await reader.read();
        if (d) break;
        buffer += dec.decode(value, { stream: true });
        let i;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const lines = block.split('\n');
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (event && data !== undefined) queue.push({ event, data: JSON.parse(data) });
          waiters.splice(0).forEach((w) => w());
        }
      }
    } catch { /* aborted */ }
    done = true;
    waiters.splice(0).forEach((w) => w());
  })();
  const wait = (ms: number) => new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, ms); });
  return {
    status: res.status,
    async next(ms = 5000) {
      const until = Date.now() + ms;
      while (!queue.length) {
        if (done || Date.now() > until) throw new Error('no event arrived');
        await wait(until - Date.now());
      }
      return queue.shift()!;
    },
    async drain(ms) {
      await new Promise((r) => setTimeout(r, ms));
      return queue.splice(0);
    },
    async ended() { await pump; },
    close() { ctrl.abort(); },
  };
}

let s: TestServer;
let other: { ingest: string };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const T0 = Date.UTC(2026, 0, 5);
const rowsAt = (offsets: number[]) => offsets.map((o, i) => ({ time: new Date(T0 + o).toISOString(), v: i }));

beforeAll(async () => {
  s = await startServer();
  other = { ingest: (await createKey(s.almanac.store, 'other', 'ingest')).key };
  // The datasets exist before the streams open (rows of a new dataset work the same).
  await s.call('POST', '/api/v1/datasets/a/rows', { body: rowsAt([0]) });
  await s.call('POST', '/api/v1/datasets/b/rows', { body: rowsAt([0]) });
});
afterAll(async () => { await s.close(); });

describe('GET /api/v1/live', () => {
  it('an ingest leads to a rows event with its count and time range; other workspaces never appear', async () => {
    const st = await openStream(`${s.url}/api/v1/live`, bearer(s.keys.viewer));
    expect(st.status).toBe(200);
    try {
      // Another workspace's rows (same dataset name) first: they must not reach this stream.
      expect((await s.call('POST', '/api/v1/datasets/a/rows', { key: other.ingest, body: rowsAt([1, 2, 3, 4, 5, 6, 7]) })).status).toBe(200);
      const offsets = [50_000, 10_000, 90_000];
      expect((await s.call('POST', '/api/v1/datasets/a/rows', { key: s.keys.ingest, body: rowsAt(offsets) })).status).toBe(200);
      const e = await st.next();
      expect(e).toEqual({ event: 'rows', data: { dataset: 'a', rows: 3, minTime: T0 + Math.min(...offsets), maxTime: T0 + Math.max(...offsets) } });
      expect(await st.drain(200)).toEqual([]);
    } finally {
      st.close();
    }
  });

  it('?datasets= limits the rows events to those datasets', async () => {
    const st = await openStream(`${s.url}/api/v1/live?datasets=b`, bearer(s.keys.viewer));
    try {
      await s.call('POST', '/api/v1/datasets/a/rows', { body: rowsAt([1]) });
      await s.call('POST', '/api/v1/datasets/b/rows', { body: rowsAt([1, 2]) });
      expect(await st.next()).toMatchObject({ event: 'rows', data: { dataset: 'b', rows: 2 } });
      expect(await st.drain(200)).toEqual([]);
    } finally {
      st.close();
    }
  });

  it('live messages of the workspace arrive as their own event type', async () => {
    const st = await openStream(`${s.url}/api/v1/live`, bearer(s.keys.viewer));
    try {
      await new Promise((r) => setTimeout(r, 50));
      s.almanac.events.emit('live', { workspace: 'other', type: 'alert', data: { rule: 'theirs' } });
      s.almanac.events.emit('live', { workspace: 'default', type: 'bad\nevent', data: {} });
      s.almanac.events.emit('live', { workspace: 'default', type: 'alert', data: { rule: 'slow', state: 'firing' } });
      expect(await st.next()).toEqual({ event: 'alert', data: { rule: 'slow', state: 'firing' } });
      expect(await st.drain(100)).toEqual([]);
    } finally {
      st.close();
    }
  });

  it('listeners are removed when the client disconnects', async () => {
    // A server of its own, so streams of the other tests still closing do not count.
    const local = await startServer();
    try {
      const ev = local.almanac.events;
      const before = { rows: ev.listenerCount('rows'), live: ev.listenerCount('live') };
      const st = await openStream(`${local.url}/api/v1/live`, bearer(local.keys.viewer));
      await new Promise((r) => setTimeout(r, 50));
      expect({ rows: ev.listenerCount('rows'), live: ev.listenerCount('live') }).toEqual({ rows: before.rows + 1, live: before.live + 1 });
      st.close();
      const until = Date.now() + 3000;
      while (ev.listenerCount('rows') !== before.rows && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect({ rows: ev.listenerCount('rows'), live: ev.listenerCount('live') }).toEqual(before);
    } finally {
      await local.close();
    }
  });

  it('permission read: a session cookie works, an ingest key is refused, no key is a 401, a bad list a 400', async () => {
    const signIn = await s.call('POST', '/api/v1/session', { key: null, body: { key: s.keys.viewer } });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const st = await openStream(`${s.url}/api/v1/live?datasets=a`, { cookie });
    expect(st.status).toBe(200);
    st.close();
    for (const [headers, status] of [[bearer(s.keys.ingest), 403], [{}, 401], [bearer('alm_knope_x'), 401]] as const) {
      const r = await fetch(`${s.url}/api/v1/live`, { headers });
      expect(r.status).toBe(status);
      expect((await r.json()).error.code).toBe(status === 403 ? 'forbidden' : 'unauthorized');
    }
    const bad = await fetch(`${s.url}/api/v1/live?datasets=a,DROP%20TABLE`, { headers: bearer(s.keys.viewer) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/not a dataset name/);
  });

  it('closing the server ends open streams at once', async () => {
    const local = await startServer();
    const streams = await Promise.all([1, 2, 3].map(() => openStream(`${local.url}/api/v1/live`, bearer(local.keys.viewer))));
    const started = performance.now();
    await local.close();
    await Promise.all(streams.map((st) => st.ended()));
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
