import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openAlmanac, type Almanac } from '../../src/almanac.js';
import { createKey } from '../../src/auth/keys.js';
import { buildServer } from '../../src/server/app.js';
import type { Role } from '../../src/store/store.js';

export interface TestServer {
  url: string;
  dataDir: string;
  almanac: Almanac;
  keys: Record<Role, string>;
  /** fetch with a key (default admin) and JSON handling. */
  call(method: string, path: string, opts?: { key?: string | null; body?: unknown; type?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** A fresh directory under the test run's temporary root (removed after the run). */
export function tempDir(prefix = 'almanac-test-'): string {
  return fs.mkdtempSync(path.join(process.env.ALMANAC_TEST_TMP ?? os.tmpdir(), prefix));
}

/** A real Almanac on a real DuckDB file, serving HTTP on 127.0.0.1 with one key per role. */
export async function startServer(opts: { workspace?: string; bodyLimit?: number; maxQueuedRows?: number; dataDir?: string; queryTimeoutMs?: number } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const almanac = await openAlmanac({ dataDir, logger: pino({ level: 'silent' }), maxQueuedRows: opts.maxQueuedRows });
  const { app } = await buildServer(almanac, { logger: false, bodyLimit: opts.bodyLimit, queryTimeoutMs: opts.queryTimeoutMs });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${addr.port}`;
  const ws = opts.workspace ?? 'default';
  const keys = {} as Record<Role, string>;
  for (const role of ['admin', 'editor', 'viewer', 'ingest'] as Role[]) keys[role] = (await createKey(almanac.store, ws, role)).key;
  return {
    url,
    dataDir,
    almanac,
    keys,
    async call(method, p, o = {}) {
      const key = o.key === undefined ? keys.admin : o.key;
      const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(o.headers ?? {}) };
      let body: string | Buffer | undefined;
      if (o.body !== undefined) {
        if (typeof o.body === 'string' || Buffer.isBuffer(o.body)) body = o.body as string | Buffer;
        else body = JSON.stringify(o.body);
        headers['content-type'] = o.type ?? 'application/json';
      }
      const res = await fetch(url + p, { method, headers, body: body as BodyInit | undefined });
      const text = await res.text();
      let parsed: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await app.close();
      await almanac.close();
    },
  };
}
