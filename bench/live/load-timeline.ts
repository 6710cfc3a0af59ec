/**
 * Where one dashboard load's time goes, in the browser (a diagnostic):
 * `BENCH_LIVE_DIR=<dir of bench/live/run.ts> node --import tsx bench/live/load-timeline.ts`.
 * Loads the web-service overview BENCH_TIMELINE_LOADS times (answer cache
 * emptied before each but the first two: cold, cold, warm …) and prints, per load,
 * each API request (start → end, ms since navigation) and when each panel was
 * first drawn. With BENCH_TIMELINE_LIVE=N, then N live ingests on the same
 * dashboard in live mode: per ingest, when each query answer arrived and when each
 * panel drew again (ms after the ingest's 2xx).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { WEB_SERVICE_OVERVIEW } from '../../src/packs/web-service/demo-dashboards.js';
import { envInt } from '../lib/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIR = process.env.BENCH_LIVE_DIR;
const LOADS = envInt('BENCH_TIMELINE_LOADS', 3);

const RECORD = `(() => {
  window.__drawnAt = {};
  new MutationObserver(() => {
    for (const p of document.querySelectorAll('[data-testid^="panel-"]')) {
      const id = p.getAttribute('data-testid').slice(6);
      if (p.getAttribute('data-state') === 'drawn' && window.__drawnAt[id] === undefined) window.__drawnAt[id] = Math.round(performance.now());
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
})();`;

async function main() {
  if (!DIR) throw new Error('set BENCH_LIVE_DIR');
  const web = fs.mkdtempSync(path.join(os.tmpdir(), 'almanac-timeline-web-'));
  fs.cpSync(path.join(ROOT, 'dist', 'web'), web, { recursive: true });
  const child = fork(path.join(ROOT, 'bench/live/server-child.ts'), [DIR], { execArgv: ['--import', 'tsx'], env: { ...process.env, ALMANAC_WEB_DIR: web }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<{ port: number; key: string }>((resolve) => child.once('message', (m) => resolve(m as { port: number; key: string })));
  const url = `http://127.0.0.1:${ready.port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.request.post(`${url}/api/v1/session`, { data: { key: ready.key } });
    await context.addInitScript(RECORD);
    for (let i = 0; i < LOADS; i++) {
      if (i !== 2) await new Promise<void>((resolve) => { child.once('message', () => resolve()); child.send('clear-answers'); });
      const page = await context.newPage();
      await page.goto(`${url}/d/${WEB_SERVICE_OVERVIEW.name}`);
      await page.waitForFunction((n) => Object.keys((window as unknown as { __drawnAt: object }).__drawnAt).length >= n, WEB_SERVICE_OVERVIEW.panels.length, { timeout: 60_000 });
      const drawn = await page.evaluate('window.__drawnAt') as Record<string, number>;
      const res = await page.evaluate(`performance.getEntriesByType('resource').map((e) => ({ name: e.name.replace(location.origin, ''), start: Math.round(e.startTime), end: Math.round(e.responseEnd), kb: Math.round(e.transferSize / 1024) }))`) as { name: string; start: number; end: number; kb: number }[];
      const nav = await page.evaluate(`(() => { const n = performance.getEntriesByType('navigation')[0]; return { responseEnd: Math.round(n.responseEnd), domContentLoaded: Math.round(n.domContentLoadedEventEnd) }; })()`);
      console.log(`\n== load ${i + 1} (${i === 2 ? 'warm' : 'cold'}): all drawn ${Math.max(...Object.values(drawn))} ms; navigation ${JSON.stringify(nav)}`);
      for (const r of res.sort((a, b) => a.start - b.start)) console.log(`  ${String(r.start).padStart(5)} → ${String(r.end).padStart(5)}  ${r.kb} KB  ${r.name.slice(0, 90)}`);
      console.log('  drawn: ' + Object.entries(drawn).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${v}`).join(', '));
      await page.close();
    }
    const ingests = Number(process.env.BENCH_TIMELINE_LIVE ?? 0);
    if (ingests > 0) {
      const page = await context.newPage();
      await page.goto(`${url}/d/${WEB_SERVICE_OVERVIEW.name}?live=1`);
      await page.waitForFunction((n) => Object.keys((window as unknown as { __drawnAt: object }).__drawnAt).length >= n, WEB_SERVICE_OVERVIEW.panels.length, { timeout: 60_000 });
      await page.waitForTimeout(1500);
      for (let i = 0; i < ingests; i++) {
        const out = await page.evaluate(`(async (i) => {
          const panels = [...document.querySelectorAll('[data-testid^="panel-"]')];
          const before = new Map(panels.map((p) => [p, Number(p.getAttribute('data-draws'))]));
          const drawn = {};
          const mo = new MutationObserver(() => { for (const p of panels) if (Number(p.getAttribute('data-draws')) > before.get(p) && drawn[p.dataset.testid.slice(6)] === undefined) drawn[p.dataset.testid.slice(6)] = performance.now(); });
          mo.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-draws'] });
          performance.clearResourceTimings();
          const longTasks = [];
          const lt = new PerformanceObserver((l) => { for (const e of l.getEntries()) longTasks.push(e); });
          lt.observe({ type: 'longtask' });
          const row = { time: new Date().toISOString(), service: 'web', endpoint: '/', region: 'eu', status: 200, duration_ms: 20 + i, bytes: 1000 };
          const res = await fetch('/api/v1/datasets/http_requests/rows', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([row]) });
          const acked = performance.now();
          await res.text();
          await new Promise((r) => setTimeout(r, 1200));
          mo.disconnect();
          lt.disconnect();
          const answers = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/') && !e.name.includes('/rows')).map((e) => Math.round(e.startTime - acked) + '→' + Math.round(e.responseEnd - acked));
          return { answers, drawn: Object.entries(drawn).map(([k, v]) => k + ' ' + Math.round(v - acked)).join(', ') + ' | long tasks ' + longTasks.map((e) => Math.round(e.startTime - acked) + '+' + Math.round(e.duration)).join(' ') };
        })(${i})`) as { answers: string[]; drawn: string };
        console.log(`ingest ${i + 1}: answers (start→end ms after 2xx) ${out.answers.join(' ')}
  drawn: ${out.drawn}`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(web, { recursive: true, force: true });
  }
}
await main();
