import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from './helpers/server.js';

/** Run the CLI without blocking this process (the server under test lives here). */
function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: path.resolve(import.meta.dirname, '..') });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => { stdout += d; });
    c.stderr.on('data', (d) => { stderr += d; });
    c.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

const H = 3_600_000;
const DAY0 = Date.UTC(2026, 4, 4); // a Monday

describe('almanac kpis', () => {
  it('prints the API\'s scorecard as JSON against --url, and as a table from the data directory', { timeout: 120_000 }, async () => {
    const s = await startServer();
    let closed = false;
    try {
      // 30 an hour for two days, then the second day's sum is scored against 600.
      const rows = Array.from({ length: 48 }, (_, i) => ({ time: new Date(DAY0 + i * H).toISOString(), n: 30 }));
      expect((await s.call('POST', '/api/v1/datasets/jobs/rows', { body: rows })).status).toBe(200);
      const kpi = { name: 'jobs_done', title: 'Jobs done', query: { dataset: 'jobs', measures: ['sum(n)'] }, period: 'day', target: 600, direction: 'higher' };
      expect((await s.call('PUT', '/api/v1/kpis/jobs_done', { body: kpi })).status).toBe(200);
      const at = new Date(DAY0 + 2 * 24 * H).toISOString();
      const api = (await s.call('GET', `/api/v1/kpis/scorecard?at=${at}`)).body;
      expect(api.kpis[0]).toMatchObject({ value: 720, achievement: 120, category: 'excellent' });

      const remote = await run(['kpis', '--at', at, '--json', '--url', s.url, '--key', s.keys.viewer]);
      expect(remote.status, remote.stderr).toBe(0);
      expect(JSON.parse(remote.stdout)).toEqual(api);

      // Each CLI start costs seconds (tsx), so the table is checked on the data directory once the server is closed.
      await s.close();
      closed = true;
      const table = await run(['kpis', '--at', at, '--data-dir', s.dataDir]);
      expect(table.status, table.stderr).toBe(0);
      const lines = table.stdout.trim().split('\n');
      expect(lines[0]).toBe(`scorecard at ${at}`);
      expect(lines[1]).toMatch(/^kpi\s+period\s+value\s+target\s+achieved\s+category\s+confidence\s+change\s+forecast$/);
      expect(lines[2]).toMatch(/^jobs_done \(Jobs done\)\s+2026-05-05\s+720\s+≥ 600\s+120\.0 %\s+excellent\s+100 %\s+\+0\.0 % \(n\.s\.\)\s+ended at 120 % of target \(excellent\)$/);
      expect(lines[3]).toBe('overall: 120.0 % (excellent)');
    } finally {
      if (!closed) await s.close();
    }
  });
});
