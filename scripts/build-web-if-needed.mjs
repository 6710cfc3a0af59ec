// Build the web UI (dist/web) when it is missing or older than its sources:
// web/ and the parts of src/ the browser bundle imports (charts, the dashboard
// schema, core helpers). `npm start` and `npm run build` run this, so a fresh
// `npm ci && npm start` and an edited checkout both serve a current UI.
// Usage: node scripts/build-web-if-needed.mjs [--force]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const SOURCES = ['web', 'src/charts', 'src/dashboards', 'src/core', 'package-lock.json'];
const OUTPUT = path.join(root, 'dist', 'web', 'index.html');

function newestMtime(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry.name)));
  }
  return newest;
}

/** True when dist/web is missing or older than any web source. */
export function webBuildStale() {
  let built;
  try {
    built = fs.statSync(OUTPUT).mtimeMs;
  } catch {
    return true;
  }
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

export async function buildWeb() {
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.error('almanac: cannot build the web UI: vite is not installed (install dev dependencies: npm ci)');
    return false;
  }
  const t0 = Date.now();
  // A caller's NODE_ENV (vitest sets `test`) would give the development build of
  // React: slower, and it runs every effect twice.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile: path.join(root, 'web', 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (env === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = env;
  }
  console.error(`almanac: web UI built into dist/web in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const force = process.argv.includes('--force');
  if (force || webBuildStale()) {
    if (!force) console.error('almanac: the web UI is missing or older than its sources; building it…');
    const ok = await buildWeb();
    // Without dev dependencies the server still runs (it explains how to build the UI).
    if (!ok && fs.existsSync(OUTPUT)) console.error('almanac: serving the existing (older) build of the web UI');
  }
}
