import pino from 'pino';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { openAlmanac } from '../src/almanac.js';
import { fetchOutbox, formatChannelTest, testChannel } from '../src/cli/notify.js';
import { applyBundle } from '../src/definitions/bundle.js';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/notify-receivers.js';
import { tempDir } from './helpers/server.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Run the CLI without blocking this process: the webhook receiver lives here and must answer meanwhile. */
function almanac(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let hook: WebhookReceiver;
let dataDir: string;

beforeAll(async () => {
  hook = await startWebhookReceiver();
  dataDir = tempDir('almanac-notify-cli-');
});
afterAll(async () => { await hook.stop(); });

describe('almanac channels test / almanac outbox (data directory)', () => {
  it('tests a channel and lists the deliveries; a failed test says so and stays pending', async () => {
    // A port that was just in use and is now closed: connections are refused.
    const gone = await startWebhookReceiver();
    const closedUrl = gone.url;
    await gone.stop();
    // Defined in-process (apply has its own CLI tests); the file lock is released on close.
    const a = await openAlmanac({ dataDir, logger: pino({ level: 'silent' }) });
    await applyBundle(a.store, 'default', [
      { kind: 'channel', name: 'hook', type: 'webhook', url: `${hook.url}/cli`, secret: 's' },
      { kind: 'channel', name: 'down', type: 'webhook', url: `${closedUrl}/nothing-listens` },
    ]);
    const local = { kind: 'local' as const, almanac: a, workspace: 'default' };
    await expect(fetchOutbox(local, { status: 'lost' })).rejects.toThrow('--status must be one of pending, delivered, failed');
    // The same function `almanac channels test down` runs (in-process here: each CLI start costs seconds).
    const bad = await testChannel(local, 'down');
    expect(bad.delivered).toBe(false);
    expect(formatChannelTest('down', bad)).toMatch(/^channel down: NOT delivered: fetch failed \(ECONNREFUSED\); will retry \(next attempt \d{4}-/);
    await a.close();

    const ok = await almanac(['channels', 'test', 'hook', '--data-dir', dataDir]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^channel hook: delivered \(receiver answered 200\); idempotency key test:hook:/);
    expect(hook.received).toHaveLength(1);
    expect(JSON.parse(hook.received[0].body).payload).toMatchObject({ type: 'test', channel: 'hook' });

    const list = await almanac(['outbox', '--json', '--data-dir', dataDir]);
    const rows = JSON.parse(list.stdout) as { channel: string; status: string; attempts: number }[];
    expect(rows.map((r) => [r.channel, r.status, r.attempts]).sort()).toEqual([['down', 'pending', 1], ['hook', 'delivered', 1]]);

  }, 60_000);
});
