import { BOOLEAN, DOUBLE, DuckDBDataChunk, DuckDBTimestampValue, TIMESTAMP, VARCHAR, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import path from 'node:path';
import type { ColumnType, DatasetDef } from '../../core/dataset.js';
import { datasetColumnsToAdd } from '../../core/dataset-change.js';
import { AlmanacError } from '../../core/errors.js';
import type { CheckedQuery, QueryRow } from '../../query/checked-query.js';
import { compileQuery } from '../sql/compile-query.js';
import type {
  ApiKeyRecord, AuditEntry, DatasetStats, Definition, DefinitionChange, IngestResult, RejectRecord, Role, Store, WriteJob, WriteOutcome,
} from '../store.js';
import { FastPathDeclined } from '../store.js';
import { badTimeCountSql, csvSelectSql } from './csv-select.js';
import { Database } from './database.js';
import { duckdbDialect as d } from './dialect.js';
import { preparedStatements } from './prepared-cache.js';

const q = d.quoteIdent;
const SQL_TYPE: Record<ColumnType, string> = { time: 'TIMESTAMP', string: 'VARCHAR', number: 'DOUBLE', boolean: 'BOOLEAN' };
// Staging columns: time travels as epoch ms (DOUBLE) and becomes a TIMESTAMP in SQL.
const STAGE_TYPE: Record<ColumnType, DuckDBType> = { time: DOUBLE, string: VARCHAR, number: DOUBLE, boolean: BOOLEAN };
const CHUNK = 2048;

const MIGRATIONS = `
CREATE SCHEMA IF NOT EXISTS meta;
CREATE TABLE IF NOT EXISTS meta.workspaces (name VARCHAR NOT NULL, created_at DOUBLE NOT NULL);
CREATE TABLE IF NOT EXISTS meta.definitions (workspace VARCHAR NOT NULL, kind VARCHAR NOT NULL, name VARCHAR NOT NULL, doc VARCHAR NOT NULL, updated_at DOUBLE NOT NULL);
CREATE TABLE IF NOT EXISTS meta.api_keys (id VARCHAR NOT NULL, hash VARCHAR NOT NULL, workspace VARCHAR NOT NULL, role VARCHAR NOT NULL, name VARCHAR, created_at DOUBLE NOT NULL, revoked_at DOUBLE);
CREATE SEQUENCE IF NOT EXISTS meta.audit_seq;
CREATE TABLE IF NOT EXISTS meta.audit (seq BIGINT DEFAULT nextval('meta.audit_seq'), time DOUBLE NOT NULL, workspace VARCHAR NOT NULL, key_id VARCHAR, action VARCHAR NOT NULL, target VARCHAR NOT NULL, outcome VARCHAR NOT NULL, detail VARCHAR);
CREATE TABLE IF NOT EXISTS meta.rejects (workspace VARCHAR NOT NULL, dataset VARCHAR NOT NULL, request_id VARCHAR NOT NULL, received_at DOUBLE NOT NULL, row_number INTEGER NOT NULL, column_name VARCHAR, message VARCHAR NOT NULL, raw VARCHAR);
CREATE TABLE IF NOT EXISTS meta.idempotency (workspace VARCHAR NOT NULL, dataset VARCHAR NOT NULL, key VARCHAR NOT NULL, answer VARCHAR NOT NULL, created_at DOUBLE NOT NULL);
`;

const schemaOf = (workspace: string) => q(`ws_${workspace}`);
const tableOf = (workspace: string, dataset: string) => `${schemaOf(workspace)}.${q(dataset)}`;

/**
 * The embedded store: Almanac's own state in the `meta` schema and each
 * workspace's datasets in schema `ws_<workspace>`, all in one DuckDB file.
 * Definitions and keys are cached in memory (this process owns the file), so
 * the hot paths (auth, query checking) do no I/O.
 */
export async function createDuckDBStore(dataDir: string): Promise<Store> {
  const db = await Database.open(path.join(dataDir, 'almanac.duckdb'));
  await db.write(async (c) => { await c.run(MIGRATIONS); });

  const defs = new Map<string, Map<string, Definition>>(); // workspace → "kind/name" → doc
  const keys = new Map<string, ApiKeyRecord & { hash: string }>(); // hash → key
  const workspaces = new Set<string>();
  await db.read(async (c) => {
    for (const r of (await c.runAndReadAll('SELECT name FROM meta.workspaces')).getRowObjectsJS()) workspaces.add(String(r.name));
    for (const r of (await c.runAndReadAll('SELECT workspace, doc FROM meta.definitions')).getRowObjectsJS()) {
      const doc = JSON.parse(String(r.doc)) as Definition;
      defsOf(String(r.workspace)).set(`${doc.kind}/${doc.name}`, doc);
    }
    for (const r of (await c.runAndReadAll('SELECT * FROM meta.api_keys')).getRowObjectsJS()) {
      keys.set(String(r.hash), {
        id: String(r.id), hash: String(r.hash), workspace: String(r.workspace), role: r.role as Role, name: (r.name as string) ?? null,
        createdAt: Number(r.created_at), revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
      });
    }
  });

  function defsOf(workspace: string) {
    let m = defs.get(workspace);
    if (!m) defs.set(workspace, (m = new Map()));
    return m;
  }

  async function ensureWorkspaceIn(c: DuckDBConnection, workspace: string) {
    if (workspaces.has(workspace)) return;
    await c.run(`CREATE SCHEMA IF NOT EXISTS ${schemaOf(workspace)}`);
    await c.run('INSERT INTO meta.workspaces VALUES ($1, $2)', [workspace, Date.now()]);
  }

  async function reconcileTable(c: DuckDBConnection, workspace: string, before: DatasetDef | undefined, after: DatasetDef) {
    const add = datasetColumnsToAdd(before, after);
    if (!before) {
      const cols = after.columns.map((col) => `${q(col.name)} ${SQL_TYPE[col.type]}`).join(', ');
      await c.run(`CREATE TABLE ${tableOf(workspace, after.name)} (${cols})`);
      return;
    }
    for (const col of add) await c.run(`ALTER TABLE ${tableOf(workspace, after.name)} ADD COLUMN ${q(col.name)} ${SQL_TYPE[col.type]}`);
  }

  async function stage(c: DuckDBConnection, job: WriteJob): Promise<string> {
    const { batch } = job;
    const name = `stage_${Math.random().toString(36).slice(2, 10)}`;
    const cols = batch.columns.map((col) => `${q(col.name)} ${col.type === 'time' ? 'DOUBLE' : SQL_TYPE[col.type]}`);
    await c.run(`CREATE TEMP TABLE ${name} (__rn INTEGER, ${cols.join(', ')})`);
    const appender = await c.createAppender(name, 'main', 'temp');
    const types = [DOUBLE, ...batch.columns.map((col) => STAGE_TYPE[col.type])];
    for (let off = 0; off < batch.length; off += CHUNK) {
      const n = Math.min(CHUNK, batch.length - off);
      const chunk = DuckDBDataChunk.create(types, n);
      chunk.setColumnValues(0, Array.from({ length: n }, (_, i) => off + i));
      batch.values.forEach((vals, j) => chunk.setColumnValues(j + 1, vals.slice(off, off + n)));
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    return name;
  }

  /**
   * Append a batch straight into its table, in the table's column order (the
   * latest definition: another request may have added columns since this batch
   * was validated). Time values become TIMESTAMPs here rather than in SQL.
   */
  async function appendDirect(c: DuckDBConnection, job: WriteJob): Promise<number> {
    const { batch } = job;
    const table = defsOf(job.workspace).get(`dataset/${job.dataset.name}`) as unknown as DatasetDef;
    const source = new Map(batch.columns.map((col, i) => [col.name, i]));
    const types = table.columns.map((col) => (col.type === 'time' ? TIMESTAMP : STAGE_TYPE[col.type]));
    const appender = await c.createAppender(job.dataset.name, `ws_${job.workspace}`);
    for (let off = 0; off < batch.length; off += CHUNK) {
      const n = Math.min(CHUNK, batch.length - off);
      const chunk = DuckDBDataChunk.create(types, n);
      table.columns.forEach((col, j) => {
        const i = source.get(col.name);
        let vals: DuckDBValue[];
        if (i === undefined) vals = new Array(n).fill(null);
        else if (col.type === 'time') {
          vals = new Array(n);
          const src = batch.values[i];
          for (let k = 0; k < n; k++) vals[k] = new DuckDBTimestampValue(BigInt(Math.round((src[off + k] as number) * 1000)));
        } else vals = batch.values[i].slice(off, off + n) as DuckDBValue[];
        chunk.setColumnValues(j, vals);
      });
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    return batch.length;
  }

  async function writeRows(c: DuckDBConnection, job: WriteJob): Promise<number> {
    if (job.batch.length === 0) return 0;
    const id = job.dataset.idColumn;
    if (!id || !job.batch.columns.some((col) => col.name === id)) return appendDirect(c, job);
    const stageName = await stage(c, job);
    const exprs = job.batch.columns.map((col) =>
      col.type === 'time' ? `make_timestamp(CAST(round(s.${q(col.name)} * 1000) AS BIGINT))` : `s.${q(col.name)}`);
    const inserted = await insertNewIds(c, job, stageName, job.batch.columns.map((col) => col.name), exprs, '__rn');
    await c.run(`DROP TABLE ${stageName}`);
    return inserted;
  }

  /** Insert staged rows, keeping the first row per id within the batch (by `order`) and none whose id is stored already. */
  async function insertNewIds(c: DuckDBConnection, job: WriteJob, stageName: string, names: string[], exprs: string[], order: string): Promise<number> {
    const id = q(job.dataset.idColumn!);
    const target = tableOf(job.workspace, job.dataset.name);
    const res = await c.run(`INSERT INTO ${target} (${names.map(q).join(', ')})
      SELECT ${exprs.join(', ')} FROM (
        SELECT *, row_number() OVER (PARTITION BY ${id} ORDER BY ${order}) AS __dup FROM ${stageName}
      ) s
      WHERE (s.${id} IS NULL OR s.__dup = 1)
        AND (s.${id} IS NULL OR NOT EXISTS (SELECT 1 FROM ${target} t WHERE t.${id} = s.${id}))`);
    return res.rowsChanged;
  }

  /**
   * The CSV fast path: DuckDB reads and checks the file into a temporary table
   * (`csv-select.ts`); anything it cannot vouch for declines the job, and the
   * caller takes the JS path. Then the rows go in like a staged batch.
   */
  async function writeCsv(c: DuckDBConnection, job: WriteJob): Promise<{ inserted: number; rows: number; minTime: number | null; maxTime: number | null }> {
    const file = job.csv!;
    const stageName = `stage_${Math.random().toString(36).slice(2, 10)}`;
    try {
      await c.run(`CREATE TEMP TABLE ${stageName} AS ${csvSelectSql(job.dataset, file)}`);
    } catch (e) {
      throw new FastPathDeclined((e as Error).message.split('\n')[0]);
    }
    try {
      const bad = Number((await c.runAndReadAll(badTimeCountSql(stageName, job.dataset.timeColumn))).getRows()[0][0]);
      if (bad > 0) throw new FastPathDeclined(`${bad} times are outside what the general path accepts`);
      const t = q(job.dataset.timeColumn);
      const [n, lo, hi] = (await c.runAndReadAll(
        `SELECT CAST(count(*) AS DOUBLE), CAST(epoch_ms(min(${t})) AS DOUBLE), CAST(epoch_ms(max(${t})) AS DOUBLE) FROM ${stageName}`)).getRows()[0];
      const rows = Number(n);
      const names = file.header;
      const inserted = job.dataset.idColumn && names.includes(job.dataset.idColumn)
        ? await insertNewIds(c, job, stageName, names, names.map((x) => `s.${q(x)}`), 'rowid')
        : (await c.run(`INSERT INTO ${tableOf(job.workspace, job.dataset.name)} (${names.map(q).join(', ')}) SELECT ${names.map(q).join(', ')} FROM ${stageName}`)).rowsChanged;
      return { inserted, rows, minTime: lo === null ? null : Number(lo), maxTime: hi === null ? null : Number(hi) };
    } finally {
      await c.run(`DROP TABLE IF EXISTS ${stageName}`).catch(() => undefined);
    }
  }

  /** Time range of a batch's rows (epoch ms), for the rows event. */
  function batchTimeRange(job: WriteJob): { minTime: number | null; maxTime: number | null } {
    const i = job.batch.columns.findIndex((col) => col.name === job.dataset.timeColumn);
    let minTime: number | null = null;
    let maxTime: number | null = null;
    if (i >= 0) {
      for (const v of job.batch.values[i]) {
        if (typeof v !== 'number') continue;
        if (minTime === null || v < minTime) minTime = v;
        if (maxTime === null || v > maxTime) maxTime = v;
      }
    }
    return { minTime, maxTime };
  }

  const store: Store = {
    async ensureWorkspace(workspace) {
      if (workspaces.has(workspace)) return;
      await db.write((c) => ensureWorkspaceIn(c, workspace), () => workspaces.add(workspace));
    },

    async listWorkspaces() {
      return [...workspaces].sort();
    },

    async listDefinitions(workspace, kind) {
      const all = [...(defs.get(workspace)?.values() ?? [])];
      return (kind ? all.filter((x) => x.kind === kind) : all).sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
    },

    async changeDefinitions(workspace, change: DefinitionChange) {
      const current = defsOf(workspace);
      await db.write(async (c) => {
        await ensureWorkspaceIn(c, workspace);
        const now = Date.now();
        for (const r of change.remove ?? []) {
          await c.run('DELETE FROM meta.definitions WHERE workspace = $1 AND kind = $2 AND name = $3', [workspace, r.kind, r.name]);
          if (r.kind === 'dataset') {
            await c.run(`DROP TABLE IF EXISTS ${tableOf(workspace, r.name)}`);
            await c.run('DELETE FROM meta.rejects WHERE workspace = $1 AND dataset = $2', [workspace, r.name]);
            await c.run('DELETE FROM meta.idempotency WHERE workspace = $1 AND dataset = $2', [workspace, r.name]);
          }
        }
        for (const doc of change.put ?? []) {
          if (doc.kind === 'dataset') {
            await reconcileTable(c, workspace, current.get(`dataset/${doc.name}`) as DatasetDef | undefined, doc as unknown as DatasetDef);
          }
          await c.run('DELETE FROM meta.definitions WHERE workspace = $1 AND kind = $2 AND name = $3', [workspace, doc.kind, doc.name]);
          await c.run('INSERT INTO meta.definitions VALUES ($1, $2, $3, $4, $5)', [workspace, doc.kind, doc.name, JSON.stringify(doc), now]);
        }
      }, () => {
        workspaces.add(workspace);
        for (const r of change.remove ?? []) current.delete(`${r.kind}/${r.name}`);
        for (const doc of change.put ?? []) current.set(`${doc.kind}/${doc.name}`, structuredClone(doc));
      });
    },

    async createKey(rec) {
      const createdAt = Date.now();
      await db.write(async (c) => {
        await ensureWorkspaceIn(c, rec.workspace);
        await c.run('INSERT INTO meta.api_keys VALUES ($1, $2, $3, $4, $5, $6, NULL)', [rec.id, rec.hash, rec.workspace, rec.role, rec.name, createdAt]);
      }, () => {
        workspaces.add(rec.workspace);
        keys.set(rec.hash, { ...rec, createdAt, revokedAt: null });
      });
    },

    async findKeyByHash(hash) {
      const k = keys.get(hash);
      if (!k) return undefined;
      const { hash: _hash, ...rec } = k;
      return rec;
    },

    async listKeys(workspace) {
      return [...keys.values()].filter((k) => k.workspace === workspace).map(({ hash: _hash, ...rec }) => rec).sort((a, b) => a.createdAt - b.createdAt);
    },

    async revokeKey(workspace, id) {
      const k = [...keys.values()].find((x) => x.workspace === workspace && x.id === id);
      if (!k || k.revokedAt !== null) return false;
      const at = Date.now();
      await db.write((c) => c.run('UPDATE meta.api_keys SET revoked_at = $1 WHERE id = $2', [at, id]), () => { k.revokedAt = at; });
      return true;
    },

    async appendAudit(e: AuditEntry) {
      await db.write((c) =>
        c.run('INSERT INTO meta.audit (time, workspace, key_id, action, target, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [e.time, e.workspace, e.keyId, e.action, e.target, e.outcome, e.detail ?? null]));
    },

    async listAudit(workspace, { limit, before }) {
      return db.read(async (c) => {
        const r = await c.runAndReadAll(
          `SELECT time, workspace, key_id, action, target, outcome, detail FROM meta.audit WHERE workspace = $1 AND time < $2 ORDER BY seq DESC LIMIT ${limit}`,
          [workspace, before ?? 8.64e15], [VARCHAR, DOUBLE]);
        return r.getRowObjectsJS().map((x) => ({
          time: Number(x.time), workspace: String(x.workspace), keyId: (x.key_id as string) ?? null, action: String(x.action),
          target: String(x.target), outcome: x.outcome as 'ok' | 'error', ...(x.detail ? { detail: String(x.detail) } : {}),
        }));
      });
    },

    async listRejects(workspace, dataset, { limit }) {
      return db.read(async (c) => {
        const r = await c.runAndReadAll(
          `SELECT * FROM meta.rejects WHERE workspace = $1 AND dataset = $2 ORDER BY received_at DESC, row_number LIMIT ${limit}`, [workspace, dataset]);
        return r.getRowObjectsJS().map((x): RejectRecord => ({
          row: Number(x.row_number), ...(x.column_name ? { column: String(x.column_name) } : {}), message: String(x.message),
          raw: String(x.raw ?? ''), receivedAt: Number(x.received_at), requestId: String(x.request_id),
        }));
      });
    },

    async findIdempotent(workspace, dataset, key, since) {
      return db.read(async (c) => {
        const r = await c.runAndReadAll('SELECT answer FROM meta.idempotency WHERE workspace = $1 AND dataset = $2 AND key = $3 AND created_at >= $4 LIMIT 1',
          [workspace, dataset, key, since]);
        const rows = r.getRowObjectsJS();
        return rows.length ? (JSON.parse(String(rows[0].answer)) as IngestResult) : undefined;
      });
    },

    async write(jobs: WriteJob[]) {
      return db.write(async (c) => {
        const outcomes: WriteOutcome[] = [];
        const now = Date.now();
        for (const job of jobs) {
          if (!defsOf(job.workspace).has(`dataset/${job.dataset.name}`)) {
            throw new AlmanacError('not_found', `dataset "${job.dataset.name}" was deleted while these rows waited to be written; nothing was stored`);
          }
          if (job.idempotencyKey) {
            // Checked again inside the transaction: two retries racing each other store once.
            const seen = (await c.runAndReadAll('SELECT answer FROM meta.idempotency WHERE workspace = $1 AND dataset = $2 AND key = $3 AND created_at >= $4 LIMIT 1',
              [job.workspace, job.dataset.name, job.idempotencyKey, now - 86_400_000])).getRowObjectsJS();
            if (seen.length) { outcomes.push({ answer: JSON.parse(String(seen[0].answer)), minTime: null, maxTime: null }); continue; }
          }
          const written = job.csv
            ? await writeCsv(c, job)
            : { inserted: await writeRows(c, job), rows: job.batch.length, ...batchTimeRange(job) };
          const answer = job.answer(written.rows - written.inserted, written.rows);
          for (const r of job.rejects) {
            await c.run('INSERT INTO meta.rejects VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
              [job.workspace, job.dataset.name, job.requestId, now, r.row, r.column ?? null, r.message, r.raw]);
          }
          if (job.idempotencyKey) {
            await c.run('DELETE FROM meta.idempotency WHERE created_at < $1', [now - 86_400_000]);
            await c.run('INSERT INTO meta.idempotency VALUES ($1, $2, $3, $4, $5)', [job.workspace, job.dataset.name, job.idempotencyKey, JSON.stringify(answer), now]);
          }
          outcomes.push({ answer, minTime: written.minTime, maxTime: written.maxTime });
        }
        return outcomes;
      });
    },

    async query(workspace, cq: CheckedQuery, signal?: AbortSignal) {
      const { sql, params } = compileQuery(cq, tableOf(workspace, cq.dataset.name), d);
      // Bind numbers as DOUBLE: the client would bind integral ones as BIGINT and fail past 2^63.
      const types = params.map((p) => (typeof p === 'number' ? DOUBLE : typeof p === 'boolean' ? BOOLEAN : VARCHAR));
      return db.read(async (c) => {
        // The SQL text depends only on the query's shape: repeated queries reuse the plan.
        const cols = await preparedStatements.runAndReadColumnsJS(c, sql, params, types);
        const n = cols[0].length;
        const g = cq.groupBy.length;
        const m = cq.measures.length;
        const [buckets, ...rest] = cols;
        const groupCols = rest.slice(0, g) as (string | number | boolean | null)[][];
        const valueCols = rest.slice(g, g + m);
        const counts = rest[g + m];
        const rows: QueryRow[] = new Array(n);
        let scanned = 0;
        for (let i = 0; i < n; i++) {
          const groups = new Array(g);
          for (let j = 0; j < g; j++) groups[j] = groupCols[j][i];
          const values = new Array<number | null>(m);
          for (let j = 0; j < m; j++) values[j] = valueCols[j][i] === null ? null : Number(valueCols[j][i]);
          rows[i] = { bucket: Number(buckets[i]), groups, values };
          scanned += Number(counts[i]);
        }
        return { rows, rowsScanned: scanned };
      }, signal);
    },

    async stats(workspace, ds: DatasetDef): Promise<DatasetStats> {
      return db.read(async (c) => {
        const t = q(ds.timeColumn);
        const r = (await c.runAndReadAll(
          `SELECT CAST(count(*) AS DOUBLE) AS n, CAST(epoch_ms(min(${t})) AS DOUBLE) AS lo, CAST(epoch_ms(max(${t})) AS DOUBLE) AS hi FROM ${tableOf(workspace, ds.name)}`)).getRowObjectsJS()[0];
        const rj = (await c.runAndReadAll('SELECT CAST(count(*) AS DOUBLE) AS n FROM meta.rejects WHERE workspace = $1 AND dataset = $2', [workspace, ds.name])).getRowObjectsJS()[0];
        return { rows: Number(r.n), minTime: r.lo === null ? null : Number(r.lo), maxTime: r.hi === null ? null : Number(r.hi), rejects: Number(rj.n) };
      });
    },

    meta: db,
    close: () => db.close(),
  };
  return store;
}

