/**
 * Alert benchmark (standalone):
 *
 *     node --import tsx bench/alerts/run.ts
 *
 * 1. Evaluation cost: BENCH_ALERT_RULES rules (default 1000), each a query
 *    grouped by service and region with `limit: 10` (so 10 instances per rule),
 *    over the demo data (BENCH_ALERT_DAYS days, default 3). A mix of conditions:
 *    60 % threshold, 25 % change (a second query), 10 % nodata, 5 % anomaly
 *    (history query + streaming detector). One round evaluates every rule once,
 *    4 at a time (the read-connection pool), with state, transitions and group
 *    notifications persisted as the scheduler does. Reported: process CPU time
 *    (user + system, all threads: DuckDB's included) and wall time per round,
 *    for the first round (every instance new) and the next ones.
 * 2. Notification latency: a server with its watchers on, a rule with a 1 s
 *    interval and a 2 s window, a webhook channel to a receiver on 127.0.0.1;
 *    each trial ingests a crossing value over HTTP and times until the receiver
 *    has the firing notification (then ingests a low value and waits for the
 *    resolved one before the next trial). BENCH_ALERT_TRIALS trials (default 20).
 * Writes bench/out/alerts.json.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { openAlmanac } from '../../src/almanac.js';
import { createKey } from '../../src/auth/keys.js';
import { applyBundle } from '../../src/definitions/bundle.js';
import { loadDemo } from '../../src/packs/web-service/load-demo.js';
import { buildServer } from '../../src/server/app.js';
import type { Definition } from '../../src/store/store.js';
import { parseRule, type Rule } from '../../src/watch/alerts/rule-kind.js';
import type { AlertDoc } from '../../src/watch/alerts/rule-schema.js';
import { runRound } from '../../src/watch/alerts/run-rule.js';
import { envInt, formatTable, round, summarize } from '../lib/stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const RULES = envInt('BENCH_ALERT_RULES', 1000);
const DAYS = envInt('BENCH_ALERT_DAYS', 3);
const TRIALS = envInt('BENCH_ALERT_TRIALS', 20);
const ROUNDS = 3;

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'almanac-bench-alerts-'));

/** Rule i of the mix: different measures, filters, windows and conditions, so no two queries are the same. */
function ruleDoc(i: number): Definition {
  const measures = ['p95(duration_ms)', 'count()', 'count_if(status >= 500) / count()', 'avg(bytes)'];
  const windows = ['5m', '15m', '1h'];
  const kind = i % 20;
  const condition = kind < 12 ? { type: 'threshold', op: '>', value: 100 + (i % 50) }
    : kind < 17 ? { type: 'change', op: '>', value: 50 }
      : kind < 19 ? { type: 'nodata' }
        : { type: 'anomaly', sensitivity: 'medium', history: '1d' };
  return {
    kind: 'alert', name: `bench_${i}`,
    query: {
      dataset: 'http_requests', measures: [measures[i % measures.length]], groupBy: ['service', 'region'], limit: 10,
      filter: `duration_ms > ${i % 97}`, ...(condition.type === 'anomaly' ? { step: '5m' } : {}),
    },
    window: windows[i % windows.length], reducer: 'avg', condition, interval: '30s', severity: 'warning', channels: ['sink'],
  };
}

async function evaluationCost() {
  const almanac = await openAlmanac({ dataDir: tmp(), logger: pino({ level: 'silent' }) });
  const end = Date.now();
  const loadStart = performance.now();
  const rows = await loadDemo(almanac, 'default', { end, days: DAYS });
  const loadMs = performance.now() - loadStart;
  await applyBundle(almanac.store, 'default', [{ kind: 'channel', name: 'sink', type: 'in-app' }]);
  const docs = Array.from({ length: RULES }, (_, i) => ruleDoc(i));
  await applyBundle(almanac.store, 'default', docs);
  const rules: Rule[] = docs.map((d) => parseRule(d as unknown as AlertDoc));

  const rounds: { round: number; cpuMs: number; wallMs: number; instances: number; transitions: number; notifications: number }[] = [];
  const byType = new Map<string, number[]>();
  for (let r = 0; r < ROUNDS; r++) {
    const now = Date.now();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let instances = 0;
    let transitions = 0;
    let notifications = 0;
    let next = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < rules.length) {
        const rule = rules[next++];
        const s = performance.now();
        const out = await runRound(almanac, 'default', rule, { now });
        const type = rule.doc.condition.type;
        byType.set(type, [...(byType.get(type) ?? []), performance.now() - s]);
        instances += out.instances.length;
        transitions += out.instances.filter((i) => i.transition).length;
        notifications += out.notifications.length;
      }
    }));
    const cpu = process.cpuUsage(cpu0);
    rounds.push({ round: r + 1, cpuMs: round((cpu.user + cpu.system) / 1000), wallMs: round(performance.now() - t0), instances, transitions, notifications });
  }
  await almanac.close();
  const perType = [...byType].map(([type, ms]) => ({ type, rules: ms.length / ROUNDS, ...summarize(ms) }));
  return { rows, loadMs: round(loadMs), rounds, perType };
}

async function notificationLatency() {
  const received: { at: number; key: string; status: string }[] = [];
  const receiver = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const body = JSON.parse(raw) as { key: string; payload: { status: string } };
      received.push({ at: performance.now(), key: body.key, status: body.payload.status });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;

  const almanac = await openAlmanac({ dataDir: tmp(), logger: pino({ level: 'silent' }) });
  const { app } = await buildServer(almanac, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const key = (await createKey(almanac.store, 'default', 'admin')).key;
  const call = async (method: string, p: string, body: unknown) => {
    const res = await fetch(url + p, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  };
  const ingest = (v: number) => call('POST', '/api/v1/datasets/probe/rows', [{ time: new Date().toISOString(), v }]);
  const wait = async (what: string, fn: () => boolean, ms = 15_000) => {
    const end = Date.now() + ms;
    while (!fn()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  await ingest(1);
  await call('PUT', '/api/v1/channels/hook', { name: 'hook', type: 'webhook', url: hook, secret: 'bench' });
  await call('PUT', '/api/v1/alerts/rules/probe', {
    name: 'probe', query: { dataset: 'probe', measures: ['max(v)'] }, window: '2s', interval: '1s', condition: { type: 'threshold', op: '>', value: 100 }, channels: ['hook'],
  });
  await new Promise((r) => setTimeout(r, 1500));

  const latencies: number[] = [];
  for (let t = 0; t < TRIALS; t++) {
    const seen = received.length;
    const t0 = performance.now();
    await ingest(500);
    await wait('the firing notification', () => received.slice(seen).some((r) => r.status === 'firing'));
    latencies.push(received.slice(seen).find((r) => r.status === 'firing')!.at - t0);
    // Back to normal before the next trial: low values until the resolved notification arrives.
    const after = received.length;
    while (!received.slice(after).some((r) => r.status === 'resolved')) {
      await ingest(1);
      await new Promise((r) => setTimeout(r, 300));
    }
    // A random phase against the 1 s tick, so the trials sample the whole interval.
    await new Promise((r) => setTimeout(r, Math.random() * 1000));
  }
  await app.close();
  await almanac.close();
  await new Promise((r) => receiver.close(r));
  return { trials: TRIALS, ...summarize(latencies) };
}

async function main() {
  const started = performance.now();
  const cost = await evaluationCost();
  const latency = await notificationLatency();
  const lines = [
    `Alert evaluation: ${RULES} rules × 10 groups over the demo data (${DAYS} days, ${cost.rows} rows, loaded in ${round(cost.loadMs / 1000, 1)} s), 4 rules at a time`,
    formatTable(['round', 'CPU ms', 'wall ms', 'CPU ms / rule', 'instances', 'transitions', 'notifications'],
      cost.rounds.map((r) => [r.round, r.cpuMs, r.wallMs, round(r.cpuMs / RULES, 2), r.instances, r.transitions, r.notifications])),
    '',
    'Wall time of one rule round by condition type (ms, all rounds; 4 rounds run at once)',
    formatTable(['condition', 'rules', 'p50', 'p95', 'max'], cost.perType.map((t) => [t.type, t.rules, t.p50, t.p95, t.max])),
    '',
    `Ingest of a crossing value → webhook receiver on 127.0.0.1 has the firing notification (rule interval 1 s, ${latency.trials} trials)`,
    formatTable(['p50 ms', 'p95 ms', 'min ms', 'max ms', 'mean ms'], [[latency.p50, latency.p95, latency.min, latency.max, latency.mean]]),
  ];
  const out = path.join(here, '..', 'out');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'alerts.json'), JSON.stringify({ date: new Date().toISOString(), seconds: round((performance.now() - started) / 1000, 1), rules: RULES, days: DAYS, cost, latency }, null, 2) + '\n');
  console.log(lines.join('\n'));
}

await main();
