import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openAlmanac, type Almanac } from '../../src/almanac.js';
import { createKey } from '../../src/auth/keys.js';
import { loadDemo } from '../../src/packs/web-service/load-demo.js';
import { buildServer } from '../../src/server/app.js';
import type { Sessions } from '../../src/server/auth-hook.js';
import type { Role } from '../../src/store/store.js';
import { tempDir } from './server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Debian's Chromium (`.ci/run` installs it); playwright-core never downloads a browser. */
export const CHROMIUM_PATH = process.env.ALMANAC_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_HINT = 'apt-get install -y chromium';
/** Undefined when Chromium is there; otherwise the one-line reason the browser tests skip. */
export const chromiumMissing: string | undefined = fs.existsSync(CHROMIUM_PATH) ? undefined : `no Chromium at ${CHROMIUM_PATH}: ${CHROMIUM_HINT}`;
if (chromiumMissing) console.warn(`browser tests skipped — ${chromiumMissing}`);

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Build `dist/web` when it is missing or older than its sources (the same rule
 * as `npm start`). A lock directory keeps parallel test files from building at
 * once: the others wait for it.
 */
export async function ensureWebBuild(): Promise<void> {
  const script = path.join(ROOT, 'scripts/build-web-if-needed.mjs');
  const { webBuildStale } = (await import(script)) as { webBuildStale(): boolean };
  if (!webBuildStale()) return;
  const lock = path.join(ROOT, 'dist', '.web-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const until = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // Another process builds; a lock older than 3 minutes is left over from a crash.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > until) throw new Error('waited 3 minutes for another build of the web UI');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    // In a child process: vitest sets NODE_ENV=test, which would make a development build (jsxDEV).
    const r = spawnSync(process.execPath, [script], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0 || webBuildStale()) throw new Error(`cannot build the web UI (npm run build:web):\n${r.stderr}`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export interface UiServer {
  url: string;
  almanac: Almanac;
  sessions: Sessions;
  keys: Record<Role, string>;
  close(): Promise<void>;
}

/**
 * A real Almanac with the demo loaded (a short, sparse span: the dashboards draw
 * the same panels, in a second or two) serving the built UI on 127.0.0.1.
 */
export async function startUiServer(opts: { days?: number; perMinute?: number; end?: number } = {}): Promise<UiServer> {
  const almanac = await openAlmanac({ dataDir: tempDir('almanac-ui-'), logger: pino({ level: 'silent' }) });
  await loadDemo(almanac, 'default', { end: opts.end ?? Date.now(), days: opts.days ?? 8, perMinute: opts.perMinute ?? 2 });
  // A private copy of the build: a rebuild elsewhere (emptyOutDir) cannot pull it away mid-test.
  const web = tempDir('almanac-web-');
  fs.cpSync(path.join(ROOT, 'dist', 'web'), web, { recursive: true });
  const previous = process.env.ALMANAC_WEB_DIR;
  process.env.ALMANAC_WEB_DIR = web;
  const { app, sessions } = await buildServer(almanac, { logger: false }).finally(() => {
    if (previous === undefined) delete process.env.ALMANAC_WEB_DIR;
    else process.env.ALMANAC_WEB_DIR = previous;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const keys = {} as Record<Role, string>;
  for (const role of ['admin', 'editor', 'viewer', 'ingest'] as Role[]) keys[role] = (await createKey(almanac.store, 'default', role, `${role} (test)`)).key;
  return {
    url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    almanac,
    sessions,
    keys,
    async close() {
      await app.close();
      await almanac.close();
    },
  };
}

/**
 * Console errors and uncaught page errors, which fail a test. `allow` lists
 * messages a test expects (the signed-out session check answers 401, and
 * Chromium logs every non-2xx fetch as an error).
 */
export function watchErrors(page: Page) {
  const errors: string[] = [];
  const allowed: RegExp[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = `${m.text()} (${m.location().url})`;
    if (!allowed.some((r) => r.test(text))) errors.push(text);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return {
    errors,
    allow(r: RegExp) { allowed.push(r); },
  };
}

/** Save a screenshot under test-results/ (and optionally a second path, e.g. for the docs). */
export async function screenshot(page: Page, name: string, also?: string): Promise<void> {
  const out = path.join(ROOT, 'test-results', `${name}.png`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  if (also) {
    fs.mkdirSync(path.dirname(also), { recursive: true });
    fs.copyFileSync(out, also);
  }
}

/**
 * Panel ids and states on the page, for waiting and for failure messages.
 * `querying` (the panel's aria-busy) tells a panel still waiting for its data
 * from one that has its data but has not drawn it.
 */
export async function panelStates(page: Page): Promise<{ id: string; type: string; state: string; querying: boolean; draws: number; lastTime: number | null; text: string }[]> {
  return page.$$eval('[data-testid^="panel-"]', (els) => els.map((el) => ({
    id: el.getAttribute('data-testid')!.slice('panel-'.length),
    type: el.getAttribute('data-panel-type') ?? '',
    state: el.getAttribute('data-state') ?? '',
    querying: el.getAttribute('aria-busy') === 'true',
    draws: Number(el.getAttribute('data-draws') ?? 0),
    lastTime: el.getAttribute('data-last-time') ? Number(el.getAttribute('data-last-time')) : null,
    text: (el.textContent ?? '').slice(0, 200),
  })));
}

/** Wait until `count` panels are on the page and none is loading; returns their states. */
export async function settledPanels(page: Page, count: number, timeout = 30_000) {
  await page.waitForFunction((n) => {
    const ps = [...document.querySelectorAll('[data-testid^="panel-"]')];
    return ps.length >= n && ps.every((p) => ['drawn', 'empty', 'error'].includes(p.getAttribute('data-state') ?? ''));
  }, count, { timeout }).catch(async (e) => {
    // With no panels at all, say what the page shows instead (e.g. still "Loading…").
    const states = await panelStates(page);
    const main = states.length ? '' : ` — page: ${await page.locator('main').first().evaluate((m) => m.outerHTML.slice(0, 300), undefined, { timeout: 1_000 }).catch(() => 'no <main>')}`;
    throw new Error(`panels did not settle: ${JSON.stringify(states)}${main}\n${(e as Error).message}`);
  });
  return panelStates(page);
}
