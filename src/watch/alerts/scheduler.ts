import type { Almanac } from '../../almanac.js';
import type { Definition } from '../../store/store.js';
import { forgetRule, loadInstances, loadSilenceStates, saveSilenceState } from './instance-store.js';
import { parseRule, type Rule } from './rule-kind.js';
import type { AlertDoc } from './rule-schema.js';
import { currentSilences, runRound, type Enqueue, type RoundOutcome } from './run-rule.js';
import { expiringWithin } from './silences.js';

export interface SchedulerOptions {
  /** The clock (tests inject one). */
  now?: () => number;
  enqueue?: Enqueue;
  /** Announce a silence this long before it expires (default 15 min). */
  silenceLeadMs?: number;
  /** How often silences are checked for expiry (default 15 s). */
  silenceCheckMs?: number;
  /** The first evaluation of a rule waits a spread delay below this (default 5 s), so a thousand rules do not start at once. */
  firstDelayMaxMs?: number;
  /** Called after every round (tests and the benchmark watch rounds finish). */
  onRound?: (workspace: string, outcome: RoundOutcome) => void;
}

export interface AlertScheduler {
  /** Stop every timer and wait for evaluations in flight. */
  stop(): Promise<void>;
  /** Rules scheduled now, as `workspace/name`. */
  scheduled(): string[];
  /** Wait until the rules of a workspace match its definitions (after a change event). */
  synced(workspace: string): Promise<void>;
}

interface Entry {
  workspace: string;
  name: string;
  json: string;
  rule: Rule;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  stopped: boolean;
}

/** Spread first evaluations by a hash of the rule's name (deterministic, so a restart keeps the rhythm). */
function spread(text: string, max: number): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return max <= 0 ? 0 : (h >>> 0) % max;
}

/**
 * Evaluate every alert rule of every workspace on its own interval, independent
 * of HTTP traffic. Each rule has its own timer; a round never overlaps the
 * previous one of the same rule (the next is timed from the end of the last),
 * has a timeout, and a failure in one rule is that rule's `error` state, never
 * the others' problem. Rule changes arrive on `almanac.events` ('definitions');
 * `almanac.onClose` stops it before the store closes.
 */
export function startAlertScheduler(almanac: Almanac, opts: SchedulerOptions = {}): AlertScheduler {
  const now = opts.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const syncs = new Map<string, Promise<void>>();
  let stopped = false;

  const tick = async (e: Entry) => {
    if (e.stopped || stopped) return;
    const started = Date.now();
    e.running = (async () => {
      try {
        const outcome = await runRound(almanac, e.workspace, e.rule, { now: now(), enqueue: opts.enqueue });
        opts.onRound?.(e.workspace, outcome);
      } catch (err) {
        // Only storage failures get here (evaluation errors are states); log and keep the rhythm.
        almanac.log.error({ err, rule: e.name, workspace: e.workspace }, 'alert round failed');
      }
    })();
    await e.running;
    e.running = undefined;
    if (!e.stopped && !stopped) e.timer = setTimeout(() => void tick(e), Math.max(0, e.rule.intervalMs - (Date.now() - started)));
  };

  const halt = async (e: Entry) => {
    e.stopped = true;
    clearTimeout(e.timer);
    await e.running;
  };

  const doSync = async (workspace: string) => {
    const docs: Definition[] = await almanac.store.listDefinitions(workspace, 'alert');
    const seen = new Set<string>();
    for (const doc of docs) {
      const id = `${workspace}/${doc.name}`;
      seen.add(id);
      const json = JSON.stringify(doc);
      const old = entries.get(id);
      if (old?.json === json) continue;
      let rule: Rule;
      try {
        rule = parseRule(doc as unknown as AlertDoc);
      } catch (err) {
        almanac.log.error({ err, rule: doc.name, workspace }, 'alert rule cannot be scheduled');
        continue;
      }
      if (old) await halt(old);
      const e: Entry = { workspace, name: doc.name, json, rule, stopped: false };
      entries.set(id, e);
      if (!stopped) e.timer = setTimeout(() => void tick(e), old ? 0 : spread(id, Math.min(rule.intervalMs, opts.firstDelayMaxMs ?? 5_000)));
    }
    for (const [id, e] of entries) {
      if (e.workspace !== workspace || seen.has(id)) continue;
      entries.delete(id);
      await halt(e);
      await forgetRule(almanac.store.meta, workspace, e.name);
    }
    // Rules deleted while no scheduler ran (a server with watch: false) leave state behind: forget it too.
    const stale = new Set((await loadInstances(almanac.store.meta, workspace)).map((i) => i.rule).filter((r) => !seen.has(`${workspace}/${r}`)));
    for (const r of stale) await forgetRule(almanac.store.meta, workspace, r);
  };

  /** Syncs of one workspace run one after another. */
  const sync = (workspace: string) => {
    const p = (syncs.get(workspace) ?? Promise.resolve()).then(() => (stopped ? undefined : doSync(workspace))).catch((err) => {
      almanac.log.error({ err, workspace }, 'alert rules could not be loaded');
    });
    syncs.set(workspace, p);
    return p;
  };

  const onDefinitions = (ev: { workspace: string; kinds: string[] }) => {
    if (ev.kinds.includes('alert')) void sync(ev.workspace);
  };
  almanac.events.on('definitions', onDefinitions);
  void almanac.store.listWorkspaces().then((ws) => Promise.all(ws.map(sync)));

  // Silences about to expire are announced once (per end time) on the live bus.
  const lead = opts.silenceLeadMs ?? 15 * 60_000;
  let checking: Promise<void> | undefined;
  const checkSilences = async () => {
    for (const workspace of await almanac.store.listWorkspaces()) {
      const t = now();
      const soon = expiringWithin(await currentSilences(almanac, workspace, t), t, lead);
      if (soon.length === 0) continue;
      const states = await loadSilenceStates(almanac.store.meta, workspace);
      for (const s of soon) {
        const st = states.get(s.name) ?? { name: s.name, matchedAt: null, endedAt: null, announcedFor: null };
        if (st.announcedFor === s.endsAt) continue;
        await saveSilenceState(almanac.store.meta, workspace, { ...st, announcedFor: s.endsAt ?? null });
        almanac.events.emit('live', {
          workspace, type: 'silence-expiring',
          data: { name: s.name, endsAt: s.endsAt, expiresInMs: s.endsAtMs! - t, matchers: s.matchers, comment: s.comment, createdBy: s.createdBy },
        });
      }
    }
  };
  const silenceTimer = setInterval(() => {
    if (checking || stopped) return;
    checking = checkSilences().catch((err) => almanac.log.error({ err }, 'silence expiry check failed')).finally(() => { checking = undefined; });
  }, opts.silenceCheckMs ?? 15_000);

  const scheduler: AlertScheduler = {
    async stop() {
      if (stopped) return;
      stopped = true;
      almanac.events.off('definitions', onDefinitions);
      clearInterval(silenceTimer);
      await Promise.all(syncs.values());
      await Promise.all([...entries.values()].map(halt));
      await checking;
    },
    scheduled: () => [...entries.keys()].sort(),
    synced: async (workspace) => { await (syncs.get(workspace) ?? sync(workspace)); },
  };
  almanac.onClose(() => scheduler.stop());
  return scheduler;
}
