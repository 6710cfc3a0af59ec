/**
 * Notification delivery: how fast the outbox gets messages to receivers.
 *
 * - One Almanac on a fresh DuckDB file, the delivery loop with its production
 *   defaults, and BENCH_NOTIFY_CHANNELS (default 4) webhook receivers (node:http
 *   on 127.0.0.1, in this process: they share its event loop, so the numbers
 *   include their cost).
 * - Latency: BENCH_NOTIFY_LATENCY (default 200) messages one at a time; the time
 *   from calling `enqueue` (durable write included) to the receiver having the
 *   whole request.
 * - Sequential: BENCH_NOTIFY_MESSAGES (default 1000) messages enqueued one after
 *   the other (each awaited), each to every channel: the enqueue cost per message
 *   (its commit included) and the time until every delivery has arrived.
 * - Concurrent: the same number enqueued all at once (as a watcher that enqueues
 *   a round's notifications together would): concurrent enqueues share commits
 *   (src/watch/notify/write-batcher.ts); the time until every delivery arrived.
 * - Checks: every idempotency key arrives, each exactly once (no outage here).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { openAlmanac } from '../src/almanac.js';
import { applyBundle } from '../src/definitions/bundle.js';
import { startDelivery } from '../src/watch/notify/delivery.js';
import { enqueue } from '../src/watch/notify/outbox.js';
import { envInt, formatTable, summarize } from './lib/stats.js';

interface Receiver { url: string; got: Map<string, number>; onRequest?: (key: string) => void; close(): Promise<void> }

async function receiver(): Promise<Receiver> {
  const got = new Map<string, number>();
  const r: Receiver = { url: '', got, close: async () => undefined };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['x-almanac-idempotency-key']);
      got.set(key, (got.get(key) ?? 0) + 1);
      res.writeHead(204).end();
      r.onRequest?.(key);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  r.close = () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return r;
}

export async function runNotifyBench(log: (line: string) => void): Promise<{ name: string; table: string; results: unknown }> {
  const channels = envInt('BENCH_NOTIFY_CHANNELS', 4);
  const latencyRuns = envInt('BENCH_NOTIFY_LATENCY', 200);
  const burst = envInt('BENCH_NOTIFY_MESSAGES', 1000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'almanac-bench-notify-'));
  const almanac = await openAlmanac({ dataDir: dir, logger: pino({ level: 'warn' }) });
  const receivers = await Promise.all(Array.from({ length: channels }, () => receiver()));
  try {
    const names = receivers.map((_, i) => `hook${i}`);
    await applyBundle(almanac.store, 'default', receivers.map((r, i) => ({ kind: 'channel', name: names[i], type: 'webhook', url: `${r.url}/in`, secret: 'bench' })));
    startDelivery(almanac);
    const message = (tag: string) => ({ key: `bench:${tag}:${randomUUID()}`, subject: `[FIRING] bench ${tag}`, text: 'value 912 > 800', severity: 'critical' as const, payload: { rule: 'bench', value: 912 } });

    // Latency, one message at a time to one channel.
    log(`latency: ${latencyRuns} messages, one at a time`);
    const lat: number[] = [];
    for (let i = 0; i < latencyRuns; i++) {
      const m = message('latency');
      const arrived = new Promise<void>((resolve) => { receivers[0].onRequest = (k) => { if (k === `${m.key}:${names[0]}`) resolve(); }; });
      const t0 = performance.now();
      await enqueue(almanac, 'default', [names[0]], m);
      await arrived;
      lat.push(performance.now() - t0);
    }
    receivers[0].onRequest = undefined;
    const latency = summarize(lat);

    const runBurst = async (label: string, concurrent: boolean) => {
      log(`${label}: ${burst} messages × ${channels} channels`);
      for (const r of receivers) r.got.clear();
      const keys: string[] = [];
      const enqueueMs: number[] = [];
      const total = burst * channels;
      let arrivedCount = 0;
      const allArrived = new Promise<void>((resolve) => {
        for (const r of receivers) r.onRequest = () => { if (++arrivedCount === total) resolve(); };
      });
      const t0 = performance.now();
      const one = async () => {
        const m = message(label);
        keys.push(m.key);
        const e0 = performance.now();
        await enqueue(almanac, 'default', names, m);
        enqueueMs.push(performance.now() - e0);
      };
      if (concurrent) await Promise.all(Array.from({ length: burst }, one));
      else for (let i = 0; i < burst; i++) await one();
      const enqueuedAt = performance.now() - t0;
      await allArrived;
      const drainedAt = performance.now() - t0;
      const wrong = keys.flatMap((k) => names.filter((n, i) => receivers[i].got.get(`${k}:${n}`) !== 1).map((n) => `${k}:${n}`));
      if (wrong.length) throw new Error(`${wrong.length} deliveries missing or duplicated, e.g. ${wrong[0]}`);
      return { messages: burst, deliveries: total, enqueueMs: summarize(enqueueMs), allEnqueuedMs: Math.round(enqueuedAt), allDeliveredMs: Math.round(drainedAt), deliveriesPerSecond: Math.round(total / (drainedAt / 1000)) };
    };
    const sequential = await runBurst('sequential', false);
    const concurrent = await runBurst('concurrent', true);
    const results = { channels, latency, sequential, concurrent };
    const table = formatTable(['measure', 'p50', 'p95', 'max', 'n'], [
      ['enqueue → webhook received (ms)', latency.p50, latency.p95, latency.max, latency.runs],
      [`enqueue of one message to ${channels} channels, sequential (ms)`, sequential.enqueueMs.p50, sequential.enqueueMs.p95, sequential.enqueueMs.max, sequential.enqueueMs.runs],
    ]) + ['sequential', 'concurrent'].map((k) => {
      const b = k === 'sequential' ? sequential : concurrent;
      return `\n${k}: ${b.deliveries} deliveries (${b.messages} messages × ${channels} channels) enqueued in ${b.allEnqueuedMs} ms, all received after ${b.allDeliveredMs} ms (${b.deliveriesPerSecond} deliveries/s); every key exactly once`;
    }).join('');
    return { name: 'notify', table, results };
  } finally {
    await almanac.close();
    await Promise.all(receivers.map((r) => r.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
