import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { almanac, exited, startServe } from './helpers/cli.js';
import { tempDir } from './helpers/server.js';

const adminKeyFrom = (output: string) => /\n\s+(alm_\S+)/.exec(output)?.[1];

async function countRows(url: string, key: string, dataset: string): Promise<number> {
  const r = await fetch(`${url}/api/v1/query`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ dataset, measures: ['count()'], from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }),
  });
  return (await r.json()).series[0].points[0][1];
}

function batch(n: number, offset: number) {
  return Array.from({ length: n }, (_, i) => JSON.stringify({ time: new Date(Date.UTC(2026, 0, 1) + (offset + i) * 1000).toISOString(), v: offset + i })).join('\n');
}

describe('the server process', () => {
  it('first start creates a key and prints a sign-in link; the link signs a browser in once', async () => {
    const dir = tempDir();
    const s = await startServe(dir);
    try {
      const key = adminKeyFrom(s.output());
      expect(key).toMatch(/^alm_/);
      const health = await fetch(`${s.url}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const login = await fetch(`${s.url}/?token=${s.token}`, { redirect: 'manual' });
      expect(login.status).toBe(302);
      const cookie = login.headers.get('set-cookie')!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const sid = cookie.split(';')[0];
      const api = await fetch(`${s.url}/api/v1/datasets`, { headers: { cookie: sid } });
      expect(api.status).toBe(200);
      const again = await fetch(`${s.url}/?token=${s.token}`, { redirect: 'manual' });
      expect(again.status).toBe(401);
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      expect(metrics).toMatch(/almanac_write_queue_rows 0/);
      expect(metrics).toMatch(/almanac_http_request_duration_seconds_bucket/);
    } finally {
      s.child.kill('SIGTERM');
      expect(await exited(s.child)).toBe(0);
    }
    // A later start keeps the key and prints no new one.
    const second = await startServe(dir);
    try {
      expect(adminKeyFrom(second.output())).toBeUndefined();
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  });

  it('kill -9 right after a 2xx loses nothing that was acknowledged', async () => {
    const dir = tempDir();
    const s = await startServe(dir);
    const key = adminKeyFrom(s.output())!;
    let acknowledged = 0;
    for (let i = 0; i < 10; i++) {
      const r = await fetch(`${s.url}/api/v1/datasets/durable/rows`, {
        method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' }, body: batch(5000, i * 5000),
      });
      expect(r.status).toBe(200);
      acknowledged += (await r.json()).accepted;
    }
    s.child.kill('SIGKILL');
    await exited(s.child);
    const again = await startServe(dir);
    try {
      expect(await countRows(again.url, key, 'durable')).toBe(acknowledged);
    } finally {
      again.child.kill('SIGTERM');
      await exited(again.child);
    }
  });

  it('SIGTERM finishes acknowledged work and exits 0', async () => {
    const dir = tempDir();
    const s = await startServe(dir);
    const key = adminKeyFrom(s.output())!;
    const sends = Array.from({ length: 8 }, (_, i) => fetch(`${s.url}/api/v1/datasets/graceful/rows`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' }, body: batch(5000, i * 5000),
    }).then(async (r) => (r.status === 200 ? (await r.json()).accepted as number : 0)).catch(() => 0));
    await new Promise((r) => setTimeout(r, 30));
    s.child.kill('SIGTERM');
    const accepted = (await Promise.all(sends)).reduce((a, b) => a + b, 0);
    expect(await exited(s.child)).toBe(0);
    const again = await startServe(dir);
    try {
      const stored = accepted === 0 ? 0 : await countRows(again.url, key, 'graceful');
      expect(stored).toBe(accepted);
    } finally {
      again.child.kill('SIGTERM');
      await exited(again.child);
    }
  });
});

describe('the CLI', () => {
  it('keys, ingest, query, apply and export on a data directory', () => {
    const dir = tempDir();
    const created = almanac(['keys', 'create', '--data-dir', dir, '--workspace', 'team_a', '--role', 'viewer']);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout.trim().split('\n').at(-1)).toMatch(/^alm_k[0-9a-f]{12}_/);
    const listed = almanac(['keys', 'list', '--data-dir', dir, '--workspace', 'team_a']);
    expect(listed.stdout).toMatch(/viewer\tactive/);

    const csv = path.join(dir, 'sales.csv');
    fs.writeFileSync(csv, 'time,city,tickets\n2026-03-01T19:00:00Z,Oslo,120\n2026-03-02T19:00:00Z,Bergen,80\n2026-03-02T20:00:00Z,Oslo,45\n');
    const ing = almanac(['ingest', csv, '--dataset', 'sales', '--data-dir', dir, '--json']);
    expect(ing.status, ing.stderr).toBe(0);
    expect(JSON.parse(ing.stdout)).toEqual({ accepted: 3, rejected: 0, deduplicated: 0, errors: [] });

    const bad = path.join(dir, 'bad.ndjson');
    fs.writeFileSync(bad, '{"time":"2026-03-03T19:00:00Z","city":"Oslo","tickets":5}\n{"time":"2026-03-03T19:00:00Z","city":"Oslo","tickets":"many"}\n');
    const rejected = almanac(['ingest', bad, '--dataset', 'sales', '--data-dir', dir]);
    expect(rejected.status).toBe(1);
    expect(rejected.stdout).toMatch(/row 2 \(tickets\): column "tickets": "many" is not a number/);

    const q = almanac(['query', '--data-dir', dir, '--dataset', 'sales', '--measure', 'sum(tickets)', '--group-by', 'city', '--from', '2026-03-01', '--to', '2026-03-05', '--json']);
    expect(q.status, q.stderr).toBe(0);
    const ans = JSON.parse(q.stdout);
    expect(Object.fromEntries(ans.series.map((x: { group: { city: string }; points: number[][] }) => [x.group.city, x.points[0][1]]))).toEqual({ Oslo: 165, Bergen: 80 });
    const table = almanac(['query', '--data-dir', dir, '--dataset', 'sales', '--measure', 'count()', '--from', '2026-03-01', '--to', '2026-03-03', '--step', '1d']);
    expect(table.stdout).toMatch(/2026-03-02T00:00:00.000Z\s+2/);

    const bundle = path.join(dir, 'defs.yaml');
    fs.writeFileSync(bundle, 'kind: metric\nname: tickets_sold\ndataset: sales\nexpr: sum(tickets)\nunit: tickets\n');
    expect(almanac(['apply', '-f', bundle, '--data-dir', dir]).stdout).toMatch(/created 1, updated 0, unchanged 0/);
    const exported = almanac(['export', '--data-dir', dir]);
    expect(exported.stdout).toMatch(/kind: dataset/);
    fs.writeFileSync(bundle, exported.stdout);
    expect(almanac(['apply', '-f', bundle, '--data-dir', dir]).stdout).toMatch(/created 0, updated 0, unchanged 2/);
    expect(almanac(['export', '--data-dir', dir]).stdout).toBe(exported.stdout);

    const wrong = almanac(['apply', '-f', bundle, '--data-dir', dir], {});
    expect(wrong.status).toBe(0);
    fs.writeFileSync(bundle, 'kind: metric\nname: x\ndataset: sales\nexpr: sum(tikets)\n---\nkind: nope\nname: y\n');
    const broken = almanac(['apply', '-f', bundle, '--data-dir', dir]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/documents\[0\]\.expr: .*did you mean "tickets"/);
    expect(broken.stderr).toMatch(/documents\[1\]\.kind: unknown kind "nope"/);
  }, 240_000);

  it('validates a whole large file before storing any of it', () => {
    const dir = tempDir();
    const csv = path.join(dir, 'big.csv');
    const lines = ['time,x'];
    for (let i = 0; i < 60_000; i++) lines.push(`${new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString()},${i}`);
    // The dataset exists with x as a number (a new one would take x as text, since one value is text).
    fs.writeFileSync(csv, 'time,x\n2025-12-31T00:00:00Z,1\n');
    expect(almanac(['ingest', csv, '--dataset', 'big', '--data-dir', dir]).status).toBe(0);
    fs.writeFileSync(csv, [...lines, '2026-02-01T00:00:00Z,n/a'].join('\n'));
    const refused = almanac(['ingest', csv, '--dataset', 'big', '--data-dir', dir, '--json']);
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ accepted: 0, rejected: 1, errors: [{ row: 60_002, column: 'x' }] });
    const count = () => JSON.parse(almanac(['query', '--data-dir', dir, '--dataset', 'big', '--from', '2025-01-01', '--to', '2027-01-01', '--json']).stdout).series[0].points[0][1];
    expect(count()).toBe(1);
    fs.writeFileSync(csv, lines.join('\n'));
    const ok = almanac(['ingest', csv, '--dataset', 'big', '--data-dir', dir, '--json']);
    expect(JSON.parse(ok.stdout)).toMatchObject({ accepted: 60_000, rejected: 0 });
    expect(count()).toBe(60_001);
  }, 120_000);

  it('ingests Parquet with the same validation', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'costs.parquet');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`COPY (SELECT TIMESTAMP '2026-02-01 00:00:00' + INTERVAL (i) DAY AS date, 'team' || (i % 3) AS team, CAST(i AS INTEGER) * 1.5 AS cost_usd FROM range(10) t(i)) TO '${file}' (FORMAT parquet)`);
    c.closeSync();
    db.closeSync();
    const ing = almanac(['ingest', file, '--dataset', 'costs', '--data-dir', dir, '--json']);
    expect(ing.status, ing.stderr).toBe(0);
    expect(JSON.parse(ing.stdout).accepted).toBe(10);
    const q = almanac(['query', '--data-dir', dir, '--dataset', 'costs', '--measure', 'sum(cost_usd)', '--from', '2026-01-01', '--to', '2026-03-01', '--json']);
    expect(JSON.parse(q.stdout).series[0].points[0][1]).toBe(1.5 * 45);
  });

  it('talks to a running server with --url and --key', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const s = await startServe(dir);
    const key = adminKeyFrom(s.output())!;
    try {
      const file = path.join(tempDir(), 'rows.ndjson');
      fs.writeFileSync(file, batch(100, 0));
      const { spawn } = await import('node:child_process');
      const run = (args: string[]) => new Promise<{ status: number | null; stdout: string }>((resolve) => {
        const c = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: path.resolve(import.meta.dirname, '..') });
        let stdout = '';
        c.stdout.on('data', (d) => { stdout += d; });
        c.on('exit', (status) => resolve({ status, stdout }));
      });
      const ing = await run(['ingest', file, '--dataset', 'remote', '--url', s.url, '--key', key, '--json']);
      expect(ing.status).toBe(0);
      expect(JSON.parse(ing.stdout).accepted).toBe(100);
      const csv = path.join(tempDir(), 'sales.csv');
      fs.writeFileSync(csv, 'time,city,tickets\n2026-03-01T19:00:00Z,Oslo,120\n2026-03-02T19:00:00Z,Bergen,80\n');
      expect(JSON.parse((await run(['ingest', csv, '--dataset', 'sales', '--url', s.url, '--key', key, '--json'])).stdout).accepted).toBe(2);
      const described = await (await fetch(`${s.url}/api/v1/datasets/sales`, { headers: { authorization: `Bearer ${key}` } })).json();
      expect(described.columns.find((c: { name: string }) => c.name === 'tickets').type).toBe('number');
      const bad = path.join(tempDir(), 'bad.ndjson');
      fs.writeFileSync(bad, '{"time":"2026-03-03T19:00:00Z","v":1}\nnot json\n');
      const refused = await run(['ingest', bad, '--dataset', 'remote', '--url', s.url, '--key', key, '--json']);
      expect(refused.status).toBe(1);
      expect(JSON.parse(refused.stdout)).toMatchObject({ accepted: 0, rejected: 1, errors: [{ row: 2 }] });
      const q = await run(['query', '{"dataset":"remote","measures":["sum(v)"],"from":"2025-01-01","to":"2027-01-01"}', '--url', s.url, '--key', key, '--json']);
      expect(JSON.parse(q.stdout).series[0].points[0][1]).toBe((99 * 100) / 2);
      const k = await run(['keys', 'create', '--role', 'ingest', '--url', s.url, '--key', key]);
      expect(k.stdout.trim().split('\n').at(-1)).toMatch(/^alm_/);
    } finally {
      s.child.kill('SIGTERM');
      await exited(s.child);
    }
  });
});
