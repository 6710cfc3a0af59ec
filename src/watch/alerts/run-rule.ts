import type { Almanac } from '../../almanac.js';
import { AlmanacError } from '../../core/errors.js';
import type { OutboundMessage } from '../notification.js';
import { enqueue as outboxEnqueue } from '../notify/outbox.js';
import { evaluateRule, type InstanceResult } from './evaluate.js';
import {
  loadGroups, loadInstances, loadSilenceStates, saveEvaluation, saveGroups, saveSilenceState,
  type StoredInstance, type TransitionRecord,
} from './instance-store.js';
import { describeGroup, instanceLabels, notificationGroup } from './labels.js';
import { buildMessage, planGroup } from './notify-plan.js';
import type { Rule } from './rule-kind.js';
import type { SilenceDoc } from './rule-schema.js';
import { matchesLabels, silencing, viewSilence, type SilenceView } from './silences.js';
import { next, type AlertState, type EvalResult } from './state-machine.js';

/** Hands a message to delivery (the outbox's `enqueue`). */
export type Enqueue = (almanac: Almanac, workspace: string, channels: string[], message: OutboundMessage) => Promise<unknown>;

export interface RoundOptions {
  now: number;
  /** Evaluate and answer what would happen, changing nothing (the /test route). */
  dryRun?: boolean;
  /** Default: the outbox (src/watch/notify/outbox.ts). */
  enqueue?: Enqueue;
}

/** What one evaluation did to one instance. */
export interface InstanceOutcome {
  key: string;
  labels: Record<string, string>;
  result: EvalResult;
  from: AlertState;
  to: AlertState;
  transition: boolean;
  silenced: boolean;
  flapping: boolean;
}

export interface RoundOutcome {
  rule: string;
  evaluatedAt: number;
  instances: InstanceOutcome[];
  notifications: { key: string; status: 'firing' | 'resolved'; channels: string[] }[];
}

const TIMEOUT = Symbol('timeout');

/**
 * Evaluate with a deadline: at the timeout the rule's queries are stopped in
 * DuckDB (the signal) and the round moves on without waiting for them.
 */
async function evaluateWithTimeout(almanac: Almanac, workspace: string, rule: Rule, now: number): Promise<InstanceResult[] | { error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const stop = new AbortController();
  try {
    const r = await Promise.race([
      evaluateRule(almanac.store, workspace, rule, now, stop.signal),
      new Promise<typeof TIMEOUT>((resolve) => {
        timer = setTimeout(() => {
          stop.abort(new DOMException('the rule ran past its timeout', 'TimeoutError'));
          resolve(TIMEOUT);
        }, rule.timeoutMs);
      }),
    ]);
    if (r === TIMEOUT) return { error: `evaluation timed out after ${rule.doc.timeout ?? '10s'}` };
    return r;
  } catch (e) {
    // A broken rule (its dataset deleted, a metric changed) is an `error` result, never a crash of the scheduler.
    return { error: e instanceof AlmanacError ? e.message : `evaluation failed: ${(e as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

/** "no data in the last 5m" (a kpi rule has no window of its own: its KPI's period). */
const noData = (rule: Rule) => (rule.doc.window ? `no data in the last ${rule.doc.window}` : 'no data in the KPI\'s period');

function reasonOf(result: EvalResult, to: AlertState, rule: Rule): string {
  const why = result.kind === 'ok' ? result.detail ?? String(result.value) : result.kind === 'nodata' ? noData(rule) : result.message;
  const wait = to === 'pending' && rule.forMs > 0 ? ` (waiting ${rule.doc.for} before acting)` : '';
  return `${why}${wait}`;
}

/** The silences of a workspace as they stand at `now`. */
export async function currentSilences(almanac: Almanac, workspace: string, now: number): Promise<SilenceView[]> {
  const docs = (await almanac.store.listDefinitions(workspace, 'silence')) as unknown as SilenceDoc[];
  if (docs.length === 0) return [];
  const states = await loadSilenceStates(almanac.store.meta, workspace);
  return docs.map((d) => viewSilence(d, states.get(d.name), now));
}

/**
 * One evaluation round of one rule: evaluate, step every instance's state
 * machine, persist state and transitions together, announce transitions on the
 * live bus, then plan and enqueue the group notifications.
 */
export async function runRound(almanac: Almanac, workspace: string, rule: Rule, opts: RoundOptions): Promise<RoundOutcome> {
  const { now } = opts;
  const db = almanac.store.meta;
  const [evaluated, stored, silences] = await Promise.all([
    evaluateWithTimeout(almanac, workspace, rule, now),
    loadInstances(db, workspace, rule.name),
    currentSilences(almanac, workspace, now),
  ]);
  const known = new Map(stored.map((i) => [i.key, i]));

  // Results per instance: what the query answered, plus what to make of known instances it did not.
  const results = new Map<string, { group: Record<string, unknown>; result: EvalResult; labels?: Record<string, string> }>();
  if ('error' in evaluated) {
    const keys = known.size ? [...known.keys()] : [''];
    for (const k of keys) results.set(k, { group: {}, labels: known.get(k)?.labels, result: { kind: 'error', message: evaluated.error } });
  } else {
    for (const r of evaluated) results.set(r.key, { group: r.group, result: r.result });
    for (const [k, i] of known) {
      if (results.has(k)) continue;
      // A group the query no longer answers: for a nodata rule that is the point; a firing
      // instance must not vanish silently (it goes through keepFiringFor and nodata);
      // anything else is dropped (a group that came and went, or an old error).
      if (rule.doc.condition.type === 'nodata') results.set(k, { group: {}, labels: i.labels, result: { kind: 'ok', met: true, value: 0, detail: noData(rule) } });
      else if (i.state === 'firing' || i.state === 'nodata' || (i.state === 'pending' && i.pendingTo !== 'error')) results.set(k, { group: {}, labels: i.labels, result: { kind: 'nodata' } });
    }
  }

  const timing = { forMs: rule.forMs, keepFiringForMs: rule.keepFiringForMs, flapWindowMs: rule.flapWindowMs };
  const instances: StoredInstance[] = [];
  const transitions: TransitionRecord[] = [];
  const outcomes: InstanceOutcome[] = [];
  for (const [key, r] of results) {
    const prev = known.get(key);
    // Labels follow the rule (its severity and labels may have changed); a group seen only in storage keeps its own.
    const labels = r.labels ? { ...r.labels, alertname: rule.name, severity: rule.severity, ...(rule.doc.labels ?? {}) } : instanceLabels(rule, r.group as never);
    const { state, transition } = next(prev, r.result, now, timing);
    const silenced = silencing(silences, labels).length > 0;
    const value = r.result.kind === 'ok' ? r.result.value : null;
    const message = r.result.kind === 'error' ? r.result.message : r.result.kind === 'ok' ? r.result.detail : noData(rule);
    instances.push({ ...state, rule: rule.name, key, labels, severity: rule.severity, value, ...(message ? { message } : {}), silenced, lastEvaluatedAt: now });
    if (transition) transitions.push({ time: now, rule: rule.name, key, labels, from: transition.from, to: transition.to, value, reason: reasonOf(r.result, transition.to, rule), silenced });
    outcomes.push({ key, labels, result: r.result, from: prev?.state ?? 'normal', to: state.state, transition: Boolean(transition), silenced, flapping: state.flapping });
  }
  const outcome: RoundOutcome = { rule: rule.name, evaluatedAt: now, instances: outcomes, notifications: [] };
  if (opts.dryRun) return outcome;

  await saveEvaluation(db, workspace, rule.name, instances, transitions);
  for (const t of transitions) {
    almanac.events.emit('live', { workspace, type: 'alert', data: { ...t, severity: rule.severity, summary: `${rule.name}${Object.keys(t.labels).length ? ` (${describeGroup(t.labels)})` : ''}: ${t.from} → ${t.to}: ${t.reason}` } });
  }

  outcome.notifications = await notifyGroups(almanac, workspace, rule, instances, now, opts.enqueue ?? outboxEnqueue);
  if (silences.some((s) => s.untilResolved)) await trackUntilResolved(almanac, workspace, silences, instances, now);
  return outcome;
}

/** Plan every group of the rule; enqueue what is due; remember what was sent. */
async function notifyGroups(almanac: Almanac, workspace: string, rule: Rule, instances: StoredInstance[], now: number, enqueue: Enqueue) {
  const db = almanac.store.meta;
  const groups = await loadGroups(db, workspace, rule.name);
  const members = new Map<string, { labels: Record<string, string>; list: StoredInstance[] }>();
  for (const i of instances) {
    const g = notificationGroup(rule, i.labels);
    const m = members.get(g.key) ?? { labels: g.labels, list: [] };
    m.list.push(i);
    members.set(g.key, m);
  }
  // Groups that lost every instance still need their resolved message.
  for (const k of groups.keys()) if (!members.has(k)) members.set(k, { labels: {}, list: [] });

  // Enqueued together, so the outbox commits them in one transaction rather than one per group.
  const planned = [...members].map(([key, m]) => {
    const prev = groups.get(key);
    return { m, prev, plan: planGroup(rule, key, m.list, prev, now) };
  });
  const enqueued = await Promise.all(planned.map(async ({ m, plan }) => {
    if (!plan.message || rule.channels.length === 0) return true;
    try {
      await enqueue(almanac, workspace, rule.channels, buildMessage(rule, workspace, m.labels, plan.message, now));
      return true;
    } catch (e) {
      // Not remembered as sent: the next round plans (and keys) the same message again.
      almanac.log.warn({ err: e, rule: rule.name, workspace }, 'alert notification could not be enqueued');
      return false;
    }
  }));
  const sent: RoundOutcome['notifications'] = [];
  const changed = [];
  for (const [i, { prev, plan }] of planned.entries()) {
    if (!enqueued[i]) continue;
    if (plan.message && rule.channels.length > 0) sent.push({ key: plan.message.key, status: plan.message.status, channels: rule.channels });
    if (JSON.stringify(plan.next) !== JSON.stringify(prev)) changed.push(plan.next);
  }
  if (changed.length) await saveGroups(db, workspace, rule.name, changed);
  return sent;
}

/**
 * An until-resolved silence holds from its start until every instance it has
 * matched in a non-normal state is normal again (across all rules). It starts
 * counting at the first such match, so one created ahead of an incident waits.
 */
async function trackUntilResolved(almanac: Almanac, workspace: string, silences: SilenceView[], instances: StoredInstance[], now: number) {
  const db = almanac.store.meta;
  for (const s of silences) {
    if (!s.untilResolved || s.status !== 'active') continue;
    const mine = instances.filter((i) => matchesLabels(s.matchers, i.labels));
    if (mine.length === 0) continue;
    const states = await loadSilenceStates(db, workspace);
    const st = states.get(s.name) ?? { name: s.name, matchedAt: null, endedAt: null, announcedFor: null };
    if (mine.some((i) => i.state !== 'normal')) {
      if (st.matchedAt === null) await saveSilenceState(db, workspace, { ...st, matchedAt: now });
      continue;
    }
    if (st.matchedAt === null) continue;
    const all = await loadInstances(db, workspace);
    if (all.some((i) => i.state !== 'normal' && matchesLabels(s.matchers, i.labels))) continue;
    await saveSilenceState(db, workspace, { ...st, endedAt: now });
    almanac.events.emit('live', { workspace, type: 'silence-ended', data: { name: s.name, endedAt: now, reason: 'every instance it matched is resolved' } });
  }
}
