/**
 * The live bench's server (bench/server-child.ts plus one message): run as a
 * child process, it sends `{ port, key }` when listening, answers `'clear-answers'`
 * by emptying the answer cache (a cold dashboard load without restarting the
 * process) with `{ cleared: true }`, and shuts down cleanly on `'stop'`.
 */
import pino from 'pino';
import { openAlmanac } from '../../src/almanac.js';
import { createKey } from '../../src/auth/keys.js';
import { buildServer } from '../../src/server/app.js';

const dataDir = process.argv[2];
if (!dataDir || !process.send) {
  console.error('usage: fork bench/live/server-child.ts <dataDir> (with an IPC channel)');
  process.exit(2);
}

const almanac = await openAlmanac({ dataDir, logger: pino({ level: 'silent' }) });
const { key } = await createKey(almanac.store, 'default', 'admin', 'bench');
const { app } = await buildServer(almanac, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
// Older trees (for before/after runs) have no answer cache.
const answers = await import('../../src/query/answer-cache.js').catch(() => null);

process.on('message', async (msg) => {
  if (msg === 'clear-answers') {
    answers?.answerCacheOf(almanac.store)?.clear();
    process.send!({ cleared: !!answers });
    return;
  }
  if (msg !== 'stop') return;
  await app.close();
  await almanac.close();
  process.send!({ stopped: true }, () => process.exit(0));
});
process.send({ port, key });
