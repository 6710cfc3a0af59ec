import type { Column, DatasetDef } from '../core/dataset.js';
import type { CheckedQuery, QueryRow } from '../query/checked-query.js';
import type { Database } from './duckdb/database.js';

export type Role = 'admin' | 'editor' | 'viewer' | 'ingest';

/** A definition document as stored: `kind`, `name` and the rest of the document. */
export interface Definition {
  kind: string;
  name: string;
  [field: string]: unknown;
}

export interface DefinitionChange {
  put?: Definition[];
  remove?: { kind: string; name: string }[];
}

export interface ApiKeyRecord {
  id: string;
  workspace: string;
  role: Role;
  name: string | null;
  createdAt: number;
  revokedAt: number | null;
}

export interface AuditEntry {
  time: number;
  workspace: string;
  keyId: string | null;
  action: string;
  target: string;
  outcome: 'ok' | 'error';
  detail?: string;
}

export interface Reject {
  row: number;
  column?: string;
  message: string;
  raw: string;
}

export interface RejectRecord extends Reject {
  receivedAt: number;
  requestId: string;
}

/** Validated rows in columns; time values are epoch ms (fractional for µs). */
export interface RowBatch {
  columns: Column[];
  values: (string | number | boolean | null)[][];
  length: number;
}

export interface IngestResult {
  accepted: number;
  rejected: number;
  deduplicated: number;
  errors: { row: number; column?: string; message: string }[];
}

/**
 * A CSV body for the store to read and check itself (the fast path of
 * `ingest/ingest-body.ts`): no quote characters, a header of known columns.
 */
export interface CsvFile {
  path: string;
  /** Column names in file order (trimmed). */
  header: string[];
  /** Milliseconds per unit of an epoch number in the time column (the request's `precision`). */
  msPerUnit: number;
  /** Data lines, an upper bound of the rows (for the write queue's accounting). */
  lines: number;
}

/**
 * Thrown by `Store.write` for a `csv` job holding a value it cannot vouch for:
 * the caller takes the general path, which names every problem.
 */
export class FastPathDeclined extends Error {
  constructor(reason: string) {
    super(`fast path declined: ${reason}`);
    this.name = 'FastPathDeclined';
  }
}

/** Everything one ingest request writes, committed in one transaction. */
export interface WriteJob {
  workspace: string;
  dataset: DatasetDef;
  /** The checked rows; empty when `csv` holds them. */
  batch: RowBatch;
  /** Instead of `batch`: a CSV file the store reads and checks (throws FastPathDeclined when it cannot). */
  csv?: CsvFile;
  rejects: Reject[];
  requestId: string;
  idempotencyKey?: string;
  /** Builds the answer stored for the idempotency key, once the counts are known (`rows` read, `deduplicated` of them not stored). */
  answer(deduplicated: number, rows: number): IngestResult;
}

/** Rows a job holds, for queue accounting: the batch, or the CSV file's line count. */
export function jobRows(job: WriteJob): number {
  return job.csv ? job.csv.lines : job.batch.length;
}

/** What `Store.write` did with one job: its answer, and the time range of the rows it read (epoch ms; null without rows). */
export interface WriteOutcome {
  answer: IngestResult;
  minTime: number | null;
  maxTime: number | null;
}

export type Store = MetaStore & DataStore & { close(): Promise<void> };

export interface DatasetStats {
  rows: number;
  minTime: number | null;
  maxTime: number | null;
  rejects: number;
}

/**
 * Almanac's own state: workspaces, definitions, keys, audit, dead letters,
 * idempotency records. Always an embedded DuckDB file, whatever holds the data.
 */
export interface MetaStore {
  ensureWorkspace(workspace: string): Promise<void>;
  listWorkspaces(): Promise<string[]>;
  listDefinitions(workspace: string, kind?: string): Promise<Definition[]>;
  /**
   * Upsert and delete definitions in one transaction. Dataset definitions are the
   * truth about tables: putting one creates its table or adds its new columns,
   * removing one drops the table, in the same transaction.
   */
  changeDefinitions(workspace: string, change: DefinitionChange): Promise<void>;
  createKey(rec: { id: string; hash: string; workspace: string; role: Role; name: string | null }): Promise<void>;
  findKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  listKeys(workspace: string): Promise<ApiKeyRecord[]>;
  revokeKey(workspace: string, id: string): Promise<boolean>;
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(workspace: string, opts: { limit: number; before?: number }): Promise<AuditEntry[]>;
  listRejects(workspace: string, dataset: string, opts: { limit: number }): Promise<RejectRecord[]>;
  findIdempotent(workspace: string, dataset: string, key: string, since: number): Promise<IngestResult | undefined>;
  /**
   * The meta database itself, for capabilities that keep their own state tables
   * (alert instances, the notification outbox): each such module owns its tables
   * in the `meta` schema and creates them with CREATE TABLE IF NOT EXISTS.
   */
  meta: Database;
}

/** Where dataset rows live and are queried. */
export interface DataStore {
  /**
   * Commit ingests in one transaction (one fsync for the group): for each, its rows
   * (deduplicated by the id column), rejects and idempotency record. All or none.
   */
  write(jobs: WriteJob[]): Promise<WriteOutcome[]>;
  /** `signal` stops the query when it aborts (a closed request, a deadline): see `Database.read`. */
  query(workspace: string, q: CheckedQuery, signal?: AbortSignal): Promise<{ rows: QueryRow[]; rowsScanned: number }>;
  stats(workspace: string, ds: DatasetDef): Promise<DatasetStats>;
}
