import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../../store/duckdb/database.js';
import type { Labels } from './labels.js';
import type { AlertState, InstanceState } from './state-machine.js';

/**
 * Alert state in the meta database: the current state of every instance, the
 * transition history, the notification state of each group and the state of
 * silences (until-resolved ends, expiry announcements). All of it survives a
 * restart; the tables belong to this module.
 */
const TABLES = `
CREATE SCHEMA IF NOT EXISTS meta;
CREATE TABLE IF NOT EXISTS meta.alert_instances (
  workspace VARCHAR NOT NULL, rule VARCHAR NOT NULL, key VARCHAR NOT NULL, labels VARCHAR NOT NULL, state VARCHAR NOT NULL,
  since DOUBLE NOT NULL, severity VARCHAR NOT NULL, value DOUBLE, message VARCHAR, silenced BOOLEAN NOT NULL,
  last_evaluated_at DOUBLE NOT NULL, machine VARCHAR NOT NULL);
CREATE SEQUENCE IF NOT EXISTS meta.alert_transitions_seq;
CREATE TABLE IF NOT EXISTS meta.alert_transitions (
  seq BIGINT DEFAULT nextval('meta.alert_transitions_seq'), workspace VARCHAR NOT NULL, rule VARCHAR NOT NULL, key VARCHAR NOT NULL,
  labels VARCHAR NOT NULL, time DOUBLE NOT NULL, from_state VARCHAR NOT NULL, to_state VARCHAR NOT NULL, value DOUBLE,
  reason VARCHAR NOT NULL, silenced BOOLEAN NOT NULL);
CREATE TABLE IF NOT EXISTS meta.alert_groups (
  workspace VARCHAR NOT NULL, rule VARCHAR NOT NULL, group_key VARCHAR NOT NULL, notified VARCHAR NOT NULL,
  episode_start DOUBLE, sent INTEGER NOT NULL, last_sent_at DOUBLE);
CREATE TABLE IF NOT EXISTS meta.alert_silences (
  workspace VARCHAR NOT NULL, name VARCHAR NOT NULL, matched_at DOUBLE, ended_at DOUBLE, announced_for VARCHAR);
`;

export function ensureAlertTables(db: Database): Promise<void> {
  return db.ensure(TABLES);
}

/** An instance as stored and as `GET /alerts/instances` shows it. */
export interface StoredInstance extends InstanceState {
  rule: string;
  key: string;
  labels: Labels;
  severity: string;
  value: number | null;
  message?: string;
  silenced: boolean;
  lastEvaluatedAt: number;
}

export interface TransitionRecord {
  time: number;
  rule: string;
  key: string;
  labels: Labels;
  from: AlertState;
  to: AlertState;
  value: number | null;
  reason: string;
  silenced: boolean;
}

export interface GroupState {
  key: string;
  /** Instance keys the receivers were last told are firing. */
  notified: string[];
  /** Start of the group's current notification episode (the first firing instance), null when none is notified. */
  episodeStart: number | null;
  /** Messages sent in this episode: part of each message's idempotency key. */
  sent: number;
  lastSentAt: number | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function instanceOf(r: Record<string, unknown>): StoredInstance {
  const machine = JSON.parse(String(r.machine)) as Omit<InstanceState, 'state' | 'since'>;
  return {
    ...machine, state: r.state as AlertState, since: Number(r.since),
    rule: String(r.rule), key: String(r.key), labels: JSON.parse(String(r.labels)) as Labels, severity: String(r.severity),
    value: num(r.value), ...(r.message === null ? {} : { message: String(r.message) }), silenced: Boolean(r.silenced),
    lastEvaluatedAt: Number(r.last_evaluated_at),
  };
}

/**
 * This process owns the database file, so the state is cached in memory and
 * written through: a round reads nothing, and writes only what changed. The
 * value and evaluation time of an instance whose state did not change are kept
 * in memory only (a row rewrite per instance per round cost ~5 ms each in
 * DuckDB): after a restart they show the last state change until the next round.
 */
interface Cache {
  instances: Map<string, Map<string, StoredInstance[]>>;
  groups: Map<string, Map<string, GroupState>>;
  silences: Map<string, Map<string, SilenceState>>;
}
const caches = new WeakMap<Database, Cache>();
function cacheOf(db: Database): Cache {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = { instances: new Map(), groups: new Map(), silences: new Map() }));
  return c;
}

async function workspaceInstances(db: Database, workspace: string): Promise<Map<string, StoredInstance[]>> {
  const cache = cacheOf(db);
  let byRule = cache.instances.get(workspace);
  if (byRule) return byRule;
  await ensureAlertTables(db);
  const rows = await db.read(async (c) => (await c.runAndReadAll('SELECT * FROM meta.alert_instances WHERE workspace = $1 ORDER BY rule, key', [workspace])).getRowObjectsJS().map(instanceOf));
  byRule = cache.instances.get(workspace); // another caller may have loaded it meanwhile
  if (byRule) return byRule;
  byRule = new Map();
  for (const i of rows) byRule.set(i.rule, [...(byRule.get(i.rule) ?? []), i]);
  cache.instances.set(workspace, byRule);
  return byRule;
}

export async function loadInstances(db: Database, workspace: string, rule?: string): Promise<StoredInstance[]> {
  const byRule = await workspaceInstances(db, workspace);
  const list = rule === undefined ? [...byRule.keys()].sort().flatMap((r) => byRule.get(r)!) : byRule.get(rule) ?? [];
  return list.map((i) => ({ ...i, flips: [...i.flips], labels: { ...i.labels } }));
}

export async function loadGroups(db: Database, workspace: string, rule: string): Promise<Map<string, GroupState>> {
  const cache = cacheOf(db);
  const id = `${workspace}\u0000${rule}`;
  let groups = cache.groups.get(id);
  if (!groups) {
    await ensureAlertTables(db);
    const rows = await db.read(async (c) => (await c.runAndReadAll('SELECT * FROM meta.alert_groups WHERE workspace = $1 AND rule = $2', [workspace, rule])).getRowObjectsJS());
    groups = new Map(rows.map((r) => [String(r.group_key), {
      key: String(r.group_key), notified: JSON.parse(String(r.notified)) as string[], episodeStart: num(r.episode_start), sent: Number(r.sent), lastSentAt: num(r.last_sent_at),
    }]));
    cache.groups.set(id, groups);
  }
  return new Map([...groups].map(([k, g]) => [k, { ...g, notified: [...g.notified] }]));
}

/** The fields that must survive a restart (all but value, message and evaluation time). */
function durable(i: StoredInstance): string {
  const { value: _v, message: _m, lastEvaluatedAt: _l, ...rest } = i;
  return JSON.stringify(rest);
}

function instanceRow(workspace: string, i: StoredInstance): unknown[] {
  const { state, since, rule, key, labels, severity, value, message, silenced, lastEvaluatedAt, ...machine } = i;
  return [workspace, rule, key, JSON.stringify(labels), state, since, severity, value, message ?? null, silenced, lastEvaluatedAt, JSON.stringify(machine)];
}

/** `($1, …, $n), ($n+1, …)`: one statement for many rows (DuckDB's cost is per statement). */
function valuesList(rows: unknown[][]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql = rows.map((r) => `(${r.map((v) => { params.push(v); return `$${params.length}`; }).join(', ')})`).join(', ');
  return { sql, params };
}

/**
 * Replace a rule's instances and append its transitions, in one transaction
 * (after a crash the state and the history agree). Rows whose durable part did
 * not change are not rewritten.
 */
export async function saveEvaluation(db: Database, workspace: string, rule: string, instances: StoredInstance[], transitions: TransitionRecord[]): Promise<void> {
  const byRule = await workspaceInstances(db, workspace);
  const before = new Map((byRule.get(rule) ?? []).map((i) => [i.key, durable(i)]));
  const changed = instances.filter((i) => before.get(i.key) !== durable(i));
  const keep = new Set(instances.map((i) => i.key));
  const gone = [...before.keys()].filter((k) => !keep.has(k));
  if (changed.length || gone.length || transitions.length) {
    await db.write(async (c) => {
      const drop = [...gone, ...changed.map((i) => i.key)];
      if (drop.length) {
        await c.run(`DELETE FROM meta.alert_instances WHERE workspace = $1 AND rule = $2 AND key IN (${drop.map((_, k) => `$${k + 3}`).join(', ')})`, [workspace, rule, ...drop] as never);
      }
      if (changed.length) {
        const v = valuesList(changed.map((i) => instanceRow(workspace, i)));
        await c.run(`INSERT INTO meta.alert_instances VALUES ${v.sql}`, v.params as never);
      }
      if (transitions.length) {
        const v = valuesList(transitions.map((t) => [workspace, t.rule, t.key, JSON.stringify(t.labels), t.time, t.from, t.to, t.value, t.reason, t.silenced]));
        await c.run(`INSERT INTO meta.alert_transitions (workspace, rule, key, labels, time, from_state, to_state, value, reason, silenced) VALUES ${v.sql}`, v.params as never);
      }
    });
  }
  byRule.set(rule, instances.map((i) => ({ ...i })));
}

export async function saveGroups(db: Database, workspace: string, rule: string, groups: GroupState[]): Promise<void> {
  await ensureAlertTables(db);
  await db.write(async (c) => {
    await c.run(`DELETE FROM meta.alert_groups WHERE workspace = $1 AND rule = $2 AND group_key IN (${groups.map((_, k) => `$${k + 3}`).join(', ')})`, [workspace, rule, ...groups.map((g) => g.key)]);
    const v = valuesList(groups.map((g) => [workspace, rule, g.key, JSON.stringify(g.notified), g.episodeStart, g.sent, g.lastSentAt]));
    await c.run(`INSERT INTO meta.alert_groups VALUES ${v.sql}`, v.params as never);
  });
  const cached = cacheOf(db).groups.get(`${workspace}\u0000${rule}`);
  if (cached) for (const g of groups) cached.set(g.key, { ...g, notified: [...g.notified] });
}

/** Forget a deleted rule's instances and groups (its history stays). */
export async function forgetRule(db: Database, workspace: string, rule: string): Promise<void> {
  await ensureAlertTables(db);
  await db.write(async (c) => {
    await c.run('DELETE FROM meta.alert_instances WHERE workspace = $1 AND rule = $2', [workspace, rule]);
    await c.run('DELETE FROM meta.alert_groups WHERE workspace = $1 AND rule = $2', [workspace, rule]);
  });
  cacheOf(db).instances.get(workspace)?.delete(rule);
  cacheOf(db).groups.delete(`${workspace}\u0000${rule}`);
}

export async function loadTransitions(db: Database, workspace: string, opts: { rule?: string; before?: number; limit: number }): Promise<TransitionRecord[]> {
  await ensureAlertTables(db);
  const where = ['workspace = $1'];
  const params: (string | number)[] = [workspace];
  if (opts.rule !== undefined) { params.push(opts.rule); where.push(`rule = $${params.length}`); }
  if (opts.before !== undefined) { params.push(opts.before); where.push(`time < $${params.length}`); }
  const limit = Math.max(1, Math.min(Math.trunc(opts.limit), 10_000));
  return db.read(async (c) => (await c.runAndReadAll(
    `SELECT * FROM meta.alert_transitions WHERE ${where.join(' AND ')} ORDER BY time DESC, seq DESC LIMIT ${limit}`, params)).getRowObjectsJS().map((r) => ({
    time: Number(r.time), rule: String(r.rule), key: String(r.key), labels: JSON.parse(String(r.labels)) as Labels,
    from: r.from_state as AlertState, to: r.to_state as AlertState, value: num(r.value), reason: String(r.reason), silenced: Boolean(r.silenced),
  })));
}

export interface SilenceState { name: string; matchedAt: number | null; endedAt: number | null; announcedFor: string | null }

export async function loadSilenceStates(db: Database, workspace: string): Promise<Map<string, SilenceState>> {
  const cache = cacheOf(db);
  let states = cache.silences.get(workspace);
  if (!states) {
    await ensureAlertTables(db);
    states = await db.read(async (c) => new Map((await c.runAndReadAll('SELECT * FROM meta.alert_silences WHERE workspace = $1', [workspace])).getRowObjectsJS().map((r) => [String(r.name), {
      name: String(r.name), matchedAt: num(r.matched_at), endedAt: num(r.ended_at), announcedFor: (r.announced_for as string | null) ?? null,
    }])));
    cache.silences.set(workspace, states);
  }
  return new Map([...states].map(([k, v]) => [k, { ...v }]));
}

export async function saveSilenceState(db: Database, workspace: string, s: SilenceState): Promise<void> {
  await loadSilenceStates(db, workspace);
  await db.write(async (c) => {
    await c.run('DELETE FROM meta.alert_silences WHERE workspace = $1 AND name = $2', [workspace, s.name]);
    await c.run('INSERT INTO meta.alert_silences VALUES ($1, $2, $3, $4, $5)', [workspace, s.name, s.matchedAt, s.endedAt, s.announcedFor]);
  });
  cacheOf(db).silences.get(workspace)!.set(s.name, { ...s });
}
