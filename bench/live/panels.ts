/**
 * Where a dashboard load's time goes (a diagnostic, not part of `npm run bench`):
 * `BENCH_LIVE_DIR=<dir with the live bench's data> node --import tsx bench/live/panels.ts`.
 *
 * Serves the data directory in this process (so the event loop can be watched
 * with `perf_hooks.monitorEventLoopDelay`) and sends the requests the browser
 * sends for the web-service overview (built by the web app's own `panelFetch`):
 * - each panel's request alone, BENCH_PANEL_RUNS times: wall time, the query's
 *   own `meta.elapsedMs`, answer size, and the longest event-loop stall meanwhile;
 * - all of them at once, as a cold load sends them (BENCH_PANEL_ROUNDS rounds);
 * - a live-update query (the newest hour) alone, and while the forecast and
 *   anomaly requests run: how long a cheap answer waits behind the CPU-heavy ones.
 * Prints tables (stdout).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import pino from 'pino';
import { openAlmanac } from '../../src/almanac.js';
import { createKey } from '../../src/auth/keys.js';
import { WEB_SERVICE_OVERVIEW } from '../../src/packs/web-service/demo-dashboards.js';
import { buildServer } from '../../src/server/app.js';
import { panelFetch, type PanelFetch } from '../../web/src/panels/panel-request.js';
import { envInt, formatTable, round, summarize } from '../lib/stats.js';

const DIR = process.env.BENCH_LIVE_DIR;
const RUNS = envInt('BENCH_PANEL_RUNS', 3);
const ROUNDS = envInt('BENCH_PANEL_ROUNDS', 3);
/** Send `from`/`to` as the browser does: resolved once per load (1) or as relative text (0). */
const RESOLVED = process.env.BENCH_PANEL_RESOLVED !== '0';
// Older trees (before/after runs) have neither the answer cache nor the web app's range resolution.
const answers = await import('../../src/query/answer-cache.js').catch(() => null);
const timeRange = await import('../../web/src/time-range.js') as { resolveDashboardRange?: (r: { from: string; to: string }, now: number) => { from: string; to: string } };

/** Panels left out (comma-separated ids), to see what the others cost without them. */
const SKIP = new Set((process.env.BENCH_PANEL_SKIP ?? '').split(',').filter(Boolean));
/** Rounds of "all at once" only (skip the per-panel and live parts). */
const ONLY_TOGETHER = process.env.BENCH_PANEL_ONLY_TOGETHER === '1';

interface Req { id: string; method: 'GET' | 'POST'; path: string; body?: unknown }

function requestOf(id: string, f: PanelFetch): Req | null {
  switch (f.kind) {
    case 'query': return { id, method: 'POST', path: '/api/v1/query', body: f.query };
    case 'forecast': return { id, method: 'POST', path: '/api/v1/forecast', body: f.body };
    case 'anomalies': return { id, method: 'POST', path: '/api/v1/anomalies', body: f.body };
    case 'kpis': return { id, method: 'GET', path: `/api/v1/kpis/scorecard?forecast=false${f.names?.length ? `&names=${f.names.join(',')}` : ''}` };
    case 'alerts': return { id, method: 'GET', path: '/api/v1/alerts/instances' };
    default: return null;
  }
}

function panelRequests(now: number): Req[] {
  const range = RESOLVED && timeRange.resolveDashboardRange ? timeRange.resolveDashboardRange(WEB_SERVICE_OVERVIEW.time!, now) : WEB_SERVICE_OVERVIEW.time!;
  return WEB_SERVICE_OVERVIEW.panels.filter((p) => !SKIP.has(p.id)).flatMap((p) => requestOf(p.id, panelFetch(p, { range, filters: [], now })) ?? []);
}

async function main() {
  if (!DIR) throw new Error('set BENCH_LIVE_DIR to a data directory made by bench/live/run.ts');
  const almanac = await openAlmanac({ dataDir: path.resolve(DIR), logger: pino({ level: 'silent' }) });
  const { key } = await createKey(almanac.store, 'default', 'admin', 'bench-panels');
  const { app } = await buildServer(almanac, { logger: false, watch: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  // Cold = nothing kept from earlier requests; warm = the same panels again a moment later.
  const clearCache = () => answers?.answerCacheOf(almanac.store)?.clear();

  const send = async (r: Req) => {
    const t0 = performance.now();
    const res = await fetch(base + r.path, { method: r.method, headers: { authorization: `Bearer ${key}`, ...(r.body ? { 'content-type': 'application/json' } : {}) }, body: r.body ? JSON.stringify(r.body) : undefined });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (!res.ok) throw new Error(`${r.id}: ${res.status} ${text.slice(0, 300)}`);
    const meta = (JSON.parse(text) as { meta?: { elapsedMs?: number } }).meta;
    return { ms, bytes: text.length, queryMs: meta?.elapsedMs };
  };

  try {
    // Warm DuckDB's file cache once, so the first panel measured does not pay for it.
    await Promise.all(panelRequests(Date.now()).map(send));

    const alone: (string | number)[][] = [];
    for (const id of ONLY_TOGETHER ? [] : panelRequests(Date.now()).map((r) => r.id)) {
      const ms: number[] = [];
      const warmMs: number[] = [];
      const qms: number[] = [];
      let bytes = 0;
      let stall = 0;
      for (let i = 0; i < RUNS; i++) {
        const r = panelRequests(Date.now()).find((x) => x.id === id)!;
        clearCache();
        loop.reset();
        loop.enable();
        const out = await send(r);
        loop.disable();
        warmMs.push((await send(panelRequests(Date.now()).find((x) => x.id === id)!)).ms);
        ms.push(out.ms);
        if (out.queryMs !== undefined) qms.push(out.queryMs);
        bytes = out.bytes;
        stall = Math.max(stall, loop.max / 1e6);
      }
      const s = summarize(ms);
      const route = panelRequests(Date.now()).find((x) => x.id === id)!.path.replace('/api/v1/', '').split('?')[0];
      alone.push([id, route, s.p50, s.max, qms.length ? summarize(qms).p50 : '', round(summarize(warmMs).p50, 1), round(bytes / 1024, 1), round(stall, 1)]);
    }
    if (!ONLY_TOGETHER) console.log(`Each panel's request alone (${RUNS} runs; from/to ${RESOLVED ? 'resolved once per load' : 'relative text'})`);
    if (!ONLY_TOGETHER) console.log(formatTable(['panel', 'route', 'cold p50 ms', 'cold max ms', 'query ms (meta)', 'warm p50 ms', 'answer KiB', 'max loop stall ms'], alone));

    const together: number[] = [];
    const perPanel = new Map<string, number[]>();
    let loopMax = 0;
    let loopP99 = 0;
    const warmTogether: number[] = [];
    for (let k = 0; k < ROUNDS; k++) {
      clearCache();
      const reqs = panelRequests(Date.now());
      loop.reset();
      loop.enable();
      const t0 = performance.now();
      const outs = await Promise.all(reqs.map(async (r) => ({ id: r.id, ...(await send(r)) })));
      together.push(performance.now() - t0);
      loop.disable();
      loopMax = Math.max(loopMax, loop.max / 1e6);
      loopP99 = Math.max(loopP99, loop.percentile(99) / 1e6);
      for (const o of outs) perPanel.set(o.id, [...(perPanel.get(o.id) ?? []), o.ms]);
      // The same dashboard again (a reload, or a second viewer) a moment later.
      const t1 = performance.now();
      await Promise.all(panelRequests(Date.now()).map(send));
      warmTogether.push(performance.now() - t1);
    }
    console.log(`\nAll ${panelRequests(Date.now()).length} panel requests at once (${ROUNDS} rounds): last answer p50 ${round(summarize(together).p50)} ms, max ${round(summarize(together).max)} ms; event loop stall max ${round(loopMax, 1)} ms (p99 ${round(loopP99, 1)} ms); warm (again right after) p50 ${round(summarize(warmTogether).p50)} ms`);
    console.log(formatTable(['panel', 'p50 ms', 'max ms'], [...perPanel].map(([id, ms]) => [id, round(summarize(ms).p50), round(summarize(ms).max)])));

    if (ONLY_TOGETHER) return;
    // A live update's query (the newest hour of the traffic panel) alone, then behind the heavy analytics.
    const traffic = panelRequests(Date.now()).find((r) => r.id === 'traffic')!;
    const incremental = (): Req => ({ ...traffic, body: { ...(traffic.body as object), from: Date.now() - 3_600_000, to: Date.now() } });
    const heavy = panelRequests(Date.now()).filter((r) => r.id === 'traffic_forecast' || r.id === 'error_anomalies');
    const quiet: number[] = [];
    const behind: number[] = [];
    for (let i = 0; i < 5; i++) quiet.push((await send(incremental())).ms);
    for (let i = 0; i < 5; i++) {
      clearCache();
      const h = heavy.map(send);
      // Started just after the heavy ones, as when an ingest lands during a full re-run.
      await new Promise((r) => setTimeout(r, 20));
      behind.push((await send(incremental())).ms);
      await Promise.all(h);
    }
    console.log(`\nLive-update query (newest hour of "traffic"): alone p50 ${round(summarize(quiet).p50, 1)} ms; while forecast + anomaly run p50 ${round(summarize(behind).p50, 1)} ms, max ${round(summarize(behind).max, 1)} ms`);
  } finally {
    await app.close();
    await almanac.close();
  }
}

await main();
