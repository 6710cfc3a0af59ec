import { buildServer } from '../server/app.js';
import { openAlmanac } from '../almanac.js';
import { createKey } from '../auth/keys.js';
import { addMissingDemoDefinitions, loadDemo } from '../packs/web-service/load-demo.js';
import type { ApiKeyRecord } from '../store/store.js';

export interface ServeOptions {
  port: number;
  host: string;
  dataDir?: string;
  demo: boolean;
  bodyLimit: number;
  /** Longest a metric query may run; default 60. */
  queryTimeoutSeconds?: number;
}

const WORKSPACE = 'default';

/**
 * Start Almanac: open the data directory, create the default workspace and an
 * admin key on first run, load the demo data if asked and not there yet, serve,
 * and print a sign-in link. SIGINT/SIGTERM stop accepting requests, finish the
 * acknowledged writes, checkpoint and exit.
 */
export async function serve(opts: ServeOptions): Promise<void> {
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error(`invalid port ${opts.port}`);
  if (!Number.isInteger(opts.bodyLimit) || opts.bodyLimit < 1024) throw new Error(`invalid --body-limit ${opts.bodyLimit}: give a size in bytes ≥ 1024`);
  const queryTimeout = opts.queryTimeoutSeconds ?? 60;
  if (!(queryTimeout > 0 && queryTimeout <= 86_400)) throw new Error(`invalid --query-timeout ${opts.queryTimeoutSeconds}: give seconds between 0 and 86400`);
  const started = Date.now();
  const almanac = await openAlmanac({ dataDir: opts.dataDir });
  const say = (s: string) => process.stdout.write(s + '\n');

  await almanac.store.ensureWorkspace(WORKSPACE);
  let admin: ApiKeyRecord | undefined = (await almanac.store.listKeys(WORKSPACE)).find((k) => k.role === 'admin' && k.revokedAt === null);
  if (!admin) {
    const { key, record } = await createKey(almanac.store, WORKSPACE, 'admin', 'created on first start');
    await almanac.audit({ workspace: WORKSPACE, keyId: null, action: 'key.create', target: `key/${record.id}`, outcome: 'ok', detail: 'first start' });
    admin = record;
    say(`Created the admin key for workspace "${WORKSPACE}" (shown only this once):\n  ${key}`);
  }
  if (opts.demo && !(await almanac.store.listDefinitions(WORKSPACE, 'dataset')).some((d) => d.name === 'http_requests')) {
    say('Loading demo data (web service + cloud costs)…');
    const rows = await loadDemo(almanac, WORKSPACE, { end: Date.now() });
    say(`Loaded ${rows} demo rows.`);
  } else if (opts.demo) {
    const added = await addMissingDemoDefinitions(almanac, WORKSPACE);
    if (added.length) say(`Added demo definitions new in this version: ${added.join(', ')}`);
  }

  const { app, sessions } = await buildServer(almanac, { bodyLimit: opts.bodyLimit, queryTimeoutMs: queryTimeout * 1000 });
  await app.listen({ port: opts.port, host: opts.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const host = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  say(`Almanac is ready in ${((Date.now() - started) / 1000).toFixed(1)} s (data in ${almanac.dataDir}):`);
  say(`  http://${host}:${port}/?token=${sessions.issueLoginToken(admin)}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    almanac.log.info({ signal }, 'shutting down: finishing acknowledged work');
    // Keep-alive connections that go idle while closing would hold the server open.
    const idle = setInterval(() => app.server.closeIdleConnections(), 100);
    await app.close();
    clearInterval(idle);
    almanac.log.debug('http closed');
    await almanac.close();
    almanac.log.debug('store closed');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
