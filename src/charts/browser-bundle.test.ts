import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The chart module is shared by the browser bundle and server-side reports: it
 * must bundle for the browser with no Node built-ins and no Node globals.
 */
describe('browser bundle', () => {
  it('src/charts bundles for the browser without Node', async () => {
    const r = await build({
      entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      bundle: true, write: false, platform: 'browser', format: 'esm', logLevel: 'silent',
      // ECharts is the web app's own import; typebox comes with the dashboard schema.
      external: ['echarts', 'echarts/*'],
    });
    expect(r.errors).toEqual([]);
    const code = r.outputFiles[0].text;
    expect(code).not.toMatch(/\bprocess\.(env|cwd|platform)|\brequire\(|from ["']node:|\bBuffer\./);
  });
});
