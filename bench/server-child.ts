/**
 * A bare Almanac server for benchmarks, run as a child process so its memory and
 * CPU are its own: `fork('bench/server-child.ts', [dataDir], { execArgv: ['--import', 'tsx'] })`.
 * It sends `{ port, key }` over IPC when listening and shuts down cleanly on `'stop'`.
 */
import pino from 'pino';
import { openAlmanac } from '../src/almanac.js';
import { createKey } from '../src/auth/keys.js';
import { buildServer } from '../src/server/app.js';

const dataDir = process.argv[2];
if (!dataDir || !process.send) {
  console.error('usage: fork bench/server-child.ts <dataDir> (with an IPC channel)');
  process.exit(2);
}

// BENCH_ANSWER_CACHE=off: every query reads the store (the query benchmark times the query work, not a kept answer).
const almanac = await openAlmanac({ dataDir, logger: pino({ level: 'silent' }), answerCache: process.env.BENCH_ANSWER_CACHE !== 'off' });
const { key } = await createKey(almanac.store, 'default', 'admin', 'bench');
const { app } = await buildServer(almanac, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

process.on('message', async (msg) => {
  if (msg !== 'stop') return;
  await app.close();
  await almanac.close();
  process.send!({ stopped: true }, () => process.exit(0));
});
process.send({ port, key });
