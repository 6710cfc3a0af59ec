import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'server-child.ts');

export interface ServerChild {
  url: string;
  key: string;
  pid: number;
  /** Close the server and the Almanac (checkpointing the DuckDB file), then wait for the process to exit. */
  stop(): Promise<void>;
}

/**
 * Start an Almanac HTTP server over `dataDir` in its own Node process.
 * `answerCache: false` runs it without the metric-query answer cache, so repeated queries read the store.
 */
export async function startServerChild(dataDir: string, opts: { answerCache?: boolean } = {}): Promise<ServerChild> {
  const env = opts.answerCache === false ? { ...process.env, BENCH_ANSWER_CACHE: 'off' } : process.env;
  const { child, ...server } = await forkServer(CHILD, [dataDir], env);
  return server;
}

/**
 * Fork a server script that answers `{port, key}` over IPC once listening and
 * stops on the message 'stop'; the child is returned for scripts that take more messages.
 */
export async function forkServer(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ServerChild & { child: ChildProcess }> {
  const child: ChildProcess = fork(script, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
  const ready = await new Promise<{ port: number; key: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; key: string }));
    child.once('exit', (code) => reject(new Error(`the bench server exited with code ${code} before listening`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    url: `http://127.0.0.1:${ready.port}`,
    key: ready.key,
    pid: child.pid!,
    async stop() {
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** POST a body with keep-alive; resolves with status and parsed JSON answer. */
export function post(url: string, key: string, contentType: string, body: Buffer | string): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    const req = http.request(url, {
      method: 'POST', agent,
      headers: { 'content-type': contentType, 'content-length': buf.length, authorization: `Bearer ${key}` },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = text;
        try { json = JSON.parse(text); } catch { /* keep text */ }
        resolve({ status: res.statusCode ?? 0, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(buf);
  });
}
