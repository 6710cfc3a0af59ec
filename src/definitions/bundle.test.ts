import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlmanacError } from '../core/errors.js';
import { createDuckDBStore } from '../store/duckdb/store.js';
import type { Store } from '../store/store.js';
import { applyBundle, bundleToYaml, exportBundle, parseBundle } from './bundle.js';
import { KINDS } from './kinds.js';

const WS = 'acme';

const http = {
  kind: 'dataset',
  name: 'http',
  timeColumn: 'time',
  columns: [
    { name: 'time', type: 'time' },
    { name: 'service', type: 'string' },
    { name: 'status', type: 'number' },
  ],
};
const errors = { kind: 'metric', name: 'errors', dataset: 'http', expr: 'count_if(status >= 500)', unit: 'count' };
const errorRate = { kind: 'metric', name: 'error_rate', dataset: 'http', expr: 'errors / count()', unit: 'ratio' };

async function rejectionOf(p: Promise<unknown>): Promise<AlmanacError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AlmanacError);
    return e as AlmanacError;
  }
  throw new Error('expected a rejection');
}

describe('parseBundle', () => {
  it.each([
    ['one YAML document', 'kind: metric\nname: a', [{ kind: 'metric', name: 'a' }]],
    ['several YAML documents', 'kind: metric\nname: a\n---\nkind: metric\nname: b\n', [{ kind: 'metric', name: 'a' }, { kind: 'metric', name: 'b' }]],
    ['a leading separator and an empty document are ignored', '---\nkind: metric\nname: a\n---\n---\n', [{ kind: 'metric', name: 'a' }]],
    ['a YAML list in one document', '- kind: metric\n  name: a\n- kind: metric\n  name: b', [{ kind: 'metric', name: 'a' }, { kind: 'metric', name: 'b' }]],
    ['a JSON object', '{"kind": "metric", "name": "a"}', [{ kind: 'metric', name: 'a' }]],
    ['a JSON array', '[{"kind": "metric", "name": "a"}, {"kind": "dataset", "name": "b"}]', [{ kind: 'metric', name: 'a' }, { kind: 'dataset', name: 'b' }]],
    ['a JSON {documents: […]}', '{"documents": [{"kind": "metric", "name": "a"}]}', [{ kind: 'metric', name: 'a' }]],
    ['a YAML documents: key', 'documents:\n  - kind: metric\n    name: a', [{ kind: 'metric', name: 'a' }]],
    ['non-objects are passed on for applyBundle to report', '[1, "x"]', [1, 'x']],
    ['an empty text', '', []],
  ])('%s', (_desc, text, expected) => {
    expect(parseBundle(text)).toEqual(expected);
  });

  it.each([
    ['invalid JSON', '{"kind": "metric"', 'documents[0]'],
    ['invalid YAML in the second document', 'kind: metric\n---\nkind: [a\n', 'documents[1]'],
  ])('refuses %s, naming the document', (_desc, text, where) => {
    let error: AlmanacError | undefined;
    try {
      parseBundle(text);
    } catch (e) {
      error = e as AlmanacError;
    }
    expect(error).toBeInstanceOf(AlmanacError);
    expect(error!.code).toBe('invalid_definition');
    expect(error!.issues).toHaveLength(1);
    expect(error!.issues[0].path).toBe(where);
    expect(error!.message).toMatch(new RegExp(`^document ${Number(where.match(/\d+/)![0]) + 1}: `));
  });
});

describe('applyBundle and exportBundle (DuckDB store)', () => {
  let dir: string;
  let store: Store;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'almanac-bundle-'));
    store = await createDuckDBStore(dir);
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates, then reports unchanged and updated documents', async () => {
    expect(await applyBundle(store, WS, [errorRate, errors, http])).toEqual({
      created: [{ kind: 'dataset', name: 'http' }, { kind: 'metric', name: 'error_rate' }, { kind: 'metric', name: 'errors' }],
      updated: [],
      unchanged: [],
    });
    expect(await applyBundle(store, WS, [http, { ...errors, unit: 'requests' }, errorRate])).toEqual({
      created: [],
      updated: [{ kind: 'metric', name: 'errors' }],
      unchanged: [{ kind: 'dataset', name: 'http' }, { kind: 'metric', name: 'error_rate' }],
    });
    expect((await store.listDefinitions(WS, 'metric')).find((m) => m.name === 'errors')).toMatchObject({ unit: 'requests' });
  });

  it('reports every problem with its document path, and applies nothing', async () => {
    const e = await rejectionOf(applyBundle(store, WS, [
      { kind: 'widget', name: 'x' },
      { kind: 'dataset', name: 'Bad Name', timeColumn: 'time', columns: [], extra: 1 },
      5,
      { kind: 'metric', name: 'm1', dataset: 'http', expr: 'sum(statuss)' },
      { kind: 'metric', name: 'm2', dataset: 'nope', expr: 'count()' },
      http,
      { kind: 'metric', name: 'm3', dataset: 'http', expr: 'count(' },
      { kind: 'dataset', name: 'd2', timeColumn: 't', idColumn: 'zz', columns: [{ name: 'a', type: 'time' }, { name: 'a', type: 'string' }] },
      { kind: 'metric', name: 'm1', dataset: 'http', expr: 'count()' },
      { kind: 'metric', name: 'm4', dataset: 'http' },
    ]));
    expect(e.code).toBe('invalid_definition');
    expect(e.status).toBe(400);
    expect(e.message).toBe(`the bundle has 14 problems; nothing was applied: documents[0].kind: unknown kind "widget"; known kinds: ${Object.keys(KINDS).join(', ')}`);
    expect(e.issues).toEqual([
      { path: 'documents[0].kind', message: `unknown kind "widget"; known kinds: ${Object.keys(KINDS).join(', ')}` },
      { path: 'documents[1]', message: 'must not have additional properties: extra' },
      { path: 'documents[1].name', message: 'must match pattern "^[a-z][a-z0-9_]{0,62}$"' },
      { path: 'documents[1].columns', message: 'must not have fewer than 1 items' },
      { path: 'documents[2]', message: 'must be an object with kind and name' },
      { path: 'documents[8].name', message: 'metric "m1" appears twice in the bundle' },
      { path: 'documents[9]', message: 'must have required properties expr' },
      { path: 'documents[3].expr', message: 'unknown column "statuss" in dataset "http" (did you mean "status"?) at 5 in metric "m1" "sum(statuss)"' },
      { path: 'documents[4].dataset', message: 'dataset "nope" does not exist' },
      { path: 'documents[6].expr', message: 'expected a value but found end of input at 7 in metric "m3" "count("' },
      { path: 'documents[7].columns[1].name', message: 'column "a" is listed twice' },
      { path: 'documents[7].timeColumn', message: '"t" is not one of the columns' },
      { path: 'documents[7].columns[0].type', message: 'only the time column may have type time' },
      { path: 'documents[7].idColumn', message: '"zz" is not one of the columns' },
    ]);
    expect(await store.listDefinitions(WS)).toEqual([]);
    expect(await store.listWorkspaces()).toEqual([]);
  });

  it('applies nothing when one document among good ones is bad', async () => {
    await applyBundle(store, WS, [http]);
    const e = await rejectionOf(applyBundle(store, WS, [
      { ...http, columns: [...http.columns, { name: 'ok', type: 'boolean' }] },
      errors,
      { kind: 'metric', name: 'bad', dataset: 'http', expr: 'p95(service)' },
    ]));
    expect(e.issues).toEqual([{ path: 'documents[2].expr', message: 'argument of p95 must be a number, not a string at 5 in metric "bad" "p95(service)"' }]);
    expect(await store.listDefinitions(WS)).toEqual([http]);
  });

  it.each([
    ['a metric on a dataset in the same bundle', [http, errors], undefined],
    ['a metric referencing a metric later in the bundle', [http, errorRate, errors], undefined],
    ['a metric using a column added in the same bundle', [{ ...http, columns: [...http.columns, { name: 'bytes', type: 'number' }] }, { kind: 'metric', name: 'traffic', dataset: 'http', expr: 'sum(bytes)' }], undefined],
    ['a metric referencing a metric that does not exist', [http, errorRate],
      [{ path: 'documents[1].expr', message: 'unknown metric or column "errors" at 1 in metric "error_rate" "errors / count()"' }]],
    ['a metric cycle across documents', [http, { kind: 'metric', name: 'a', dataset: 'http', expr: 'b + 1' }, { kind: 'metric', name: 'b', dataset: 'http', expr: 'a * 2' }], [
      // Checking a's expression enters b first, so the loop is found (and named) from b.
      { path: 'documents[1].expr', message: 'metric "b" refers to itself (b → a → b) at 1 in metric "a" "b + 1"' },
      { path: 'documents[2].expr', message: 'metric "a" refers to itself (a → b → a) at 1 in metric "b" "a * 2"' },
    ]],
    ['a metric referencing a metric on another dataset', [http, { ...http, name: 'orders' }, { ...errors, dataset: 'orders' }, { ...errorRate }], [
      { path: 'documents[3].expr', message: 'metric "errors" is defined on dataset "orders", not "http" at 1 in metric "error_rate" "errors / count()"' },
    ]],
  ])('cross-document checks: %s', async (_desc, docs, issues) => {
    const p = applyBundle(store, WS, docs);
    if (!issues) {
      await expect(p).resolves.toMatchObject({ updated: [], unchanged: [] });
      return;
    }
    expect((await rejectionOf(p)).issues).toEqual(issues);
    expect(await store.listDefinitions(WS)).toEqual([]);
  });

  it('checks a metric against definitions stored earlier', async () => {
    await applyBundle(store, WS, [http, errors]);
    expect(await applyBundle(store, WS, [errorRate])).toEqual({ created: [{ kind: 'metric', name: 'error_rate' }], updated: [], unchanged: [] });
  });

  it.each([
    ['removing a column', { ...http, columns: http.columns.slice(0, 2) },
      'dataset "http": column "status" cannot be removed; it holds stored data (delete the dataset to start over)'],
    ['retyping a column', { ...http, columns: [http.columns[0], http.columns[1], { name: 'status', type: 'string' }] },
      'dataset "http": column "status" is number and cannot become string'],
    ['changing the time column', { ...http, timeColumn: 'at', columns: [{ name: 'at', type: 'time' }, { name: 'time', type: 'string' }, http.columns[1], http.columns[2]] },
      'dataset "http": the time column cannot change (is "time", got "at")'],
  ])('refuses %s of a stored dataset', async (_desc, doc, message) => {
    await applyBundle(store, WS, [http]);
    const e = await rejectionOf(applyBundle(store, WS, [doc]));
    expect(e.issues).toEqual([{ path: 'documents[0].columns', message }]);
    expect(await store.listDefinitions(WS)).toEqual([http]);
  });

  it('adds a column to a stored dataset', async () => {
    await applyBundle(store, WS, [http]);
    const grown = { ...http, columns: [...http.columns, { name: 'ok', type: 'boolean' }] };
    expect(await applyBundle(store, WS, [grown])).toEqual({ created: [], updated: [{ kind: 'dataset', name: 'http' }], unchanged: [] });
    expect(await exportBundle(store, WS)).toEqual([grown]);
  });

  it('export → apply round-trips: everything unchanged, the same text again', async () => {
    await applyBundle(store, WS, [
      // Keys out of schema order and a description that needs quoting in YAML.
      { expr: 'errors / count()', name: 'error_rate', kind: 'metric', unit: 'ratio', dataset: 'http', description: 'Share of 5xx: "errors"\n— over: all requests #1' },
      errors,
      { ...http, idColumn: 'service', description: 'HTTP requests' },
      { kind: 'dataset', name: 'orders', timeColumn: 'ts', columns: [{ name: 'ts', type: 'time' }, { name: 'amount', type: 'number' }] },
      { kind: 'metric', name: 'revenue', dataset: 'orders', expr: 'sum(amount)', format: '$0,0.00' },
    ]);
    const exported = await exportBundle(store, WS);
    expect(exported.map((d) => `${d.kind}/${d.name}`)).toEqual(['dataset/http', 'dataset/orders', 'metric/error_rate', 'metric/errors', 'metric/revenue']);
    // Canonical key order: the schema's.
    expect(Object.keys(exported[2])).toEqual(['kind', 'name', 'dataset', 'expr', 'unit', 'description']);

    const text = bundleToYaml(exported);
    expect(await applyBundle(store, WS, parseBundle(text))).toEqual({
      created: [],
      updated: [],
      unchanged: exported.map((d) => ({ kind: d.kind, name: d.name })),
    });
    expect(bundleToYaml(await exportBundle(store, WS))).toBe(text);

    // JSON round-trips too.
    expect(await applyBundle(store, WS, parseBundle(JSON.stringify({ documents: exported })))).toMatchObject({ created: [], updated: [] });
  });

  it('round-trips into a fresh workspace: created there, then identical export', async () => {
    await applyBundle(store, WS, [http, errors, errorRate]);
    const text = bundleToYaml(await exportBundle(store, WS));
    expect(await applyBundle(store, 'other', parseBundle(text))).toMatchObject({ updated: [], unchanged: [] });
    expect(bundleToYaml(await exportBundle(store, 'other'))).toBe(text);
  });

  it('pins the export text', async () => {
    await applyBundle(store, WS, [errors, http]);
    await applyBundle(store, WS, [errorRate]);
    expect(bundleToYaml(await exportBundle(store, WS))).toMatchInlineSnapshot(`
      "kind: dataset
      name: http
      timeColumn: time
      columns:
        - name: time
          type: time
        - name: service
          type: string
        - name: status
          type: number
      ---
      kind: metric
      name: error_rate
      dataset: http
      expr: errors / count()
      unit: ratio
      ---
      kind: metric
      name: errors
      dataset: http
      expr: count_if(status >= 500)
      unit: count
      "
    `);
  });
});
