import type { OutboundMessage } from '../notification.js';
import type { GroupState, StoredInstance } from './instance-store.js';
import { describeGroup, type Labels } from './labels.js';
import type { Rule } from './rule-kind.js';

/**
 * Which notification a group of instances needs after an evaluation — pure.
 *
 * A group is the rule plus the values of its `groupBy` labels. Its state
 * remembers which instances the receivers were last told are firing. After each
 * evaluation:
 * - an instance that is firing — or has had no data or failed to evaluate for the
 *   rule's `for` (states `nodata`, `error`: a rule that silently stops watching is
 *   a problem too) — and is not yet notified is new → a `firing` message;
 * - a notified instance that is back to normal (or gone) is resolved → listed as
 *   resolved (the message is `resolved` when nothing in the group still fires);
 * - while something fires and nothing changed, the message repeats every
 *   `repeatInterval`.
 * Silenced and flapping instances are frozen: they neither join nor leave the
 * notified set, so nothing about them is sent until the silence ends or the
 * flapping stops — and then exactly what changed meanwhile is sent.
 *
 * The idempotency key names the group, the status, the episode start (the
 * earliest firing start in the group) and the message's number in the episode,
 * all derived from stored state: re-running an evaluation after a crash makes
 * the same key, so the outbox stores the message once.
 */
export interface GroupPlan {
  next: GroupState;
  message?: { status: 'firing' | 'resolved'; firing: StoredInstance[]; resolved: StoredInstance[]; repeat: boolean; key: string };
}

const frozen = (i: StoredInstance) => i.silenced || i.flapping;
const PROBLEM_STATES = new Set<StoredInstance['state']>(['firing', 'nodata', 'error']);

/** FIRING, or NODATA / ERROR when every instance in trouble is in that one state. */
function problemTag(list: readonly StoredInstance[]): string {
  const states = new Set(list.map((i) => i.state));
  return states.size === 1 && !states.has('firing') ? [...states][0].toUpperCase() : 'FIRING';
}

export function planGroup(rule: Rule, groupKeyText: string, members: readonly StoredInstance[], prev: GroupState | undefined, now: number): GroupPlan {
  const notified = prev?.notified ?? [];
  const byKey = new Map(members.map((i) => [i.key, i]));
  const firing = members.filter((i) => PROBLEM_STATES.has(i.state) && !frozen(i));
  const resolvedKeys = notified.filter((k) => {
    const i = byKey.get(k);
    return i === undefined || (i.state === 'normal' && !frozen(i));
  });
  const newly = firing.filter((i) => !notified.includes(i.key));
  const nextNotified = [...notified.filter((k) => !resolvedKeys.includes(k)), ...newly.map((i) => i.key)].sort();
  const repeatDue = firing.length > 0 && newly.length === 0 && prev?.lastSentAt != null && now - prev.lastSentAt >= rule.repeatMs;
  const base: GroupState = { key: groupKeyText, notified: nextNotified, episodeStart: prev?.episodeStart ?? null, sent: prev?.sent ?? 0, lastSentAt: prev?.lastSentAt ?? null };

  if (newly.length === 0 && resolvedKeys.length === 0 && !repeatDue) {
    return { next: nextNotified.length ? base : { ...base, episodeStart: null, sent: 0 } };
  }
  const episodeStart = base.episodeStart ?? Math.min(...firing.map((i) => i.firingSince ?? i.since), ...(firing.length ? [] : [now]));
  const status = firing.length > 0 ? 'firing' : 'resolved';
  const key = `alert:${rule.name}:${groupKeyText}:${status}:${episodeStart}:${base.sent}`;
  const resolved = resolvedKeys.map((k) => byKey.get(k)).filter((i): i is StoredInstance => i !== undefined);
  const sent = { ...base, episodeStart, sent: base.sent + 1, lastSentAt: now };
  return {
    next: nextNotified.length ? sent : { ...sent, episodeStart: null, sent: 0, lastSentAt: null },
    message: { status, firing, resolved, repeat: repeatDue, key },
  };
}

const fmt = (x: number | null) => (x === null ? 'no value' : Number.isInteger(x) ? String(x) : Number(x.toPrecision(6)).toString());

/** `{{rule}}`, `{{value}}`, `{{severity}}`, `{{state}}`, `{{labels.x}}`, `{{annotations.x}}`; unknown names render empty. */
export function renderTemplate(template: string, rule: Rule, i: StoredInstance): string {
  return template.replace(/\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g, (_m, name: string) => {
    if (name === 'rule') return rule.name;
    if (name === 'value') return fmt(i.value);
    if (name === 'severity') return rule.severity;
    if (name === 'state') return i.state;
    if (name.startsWith('labels.')) return i.labels[name.slice(7)] ?? '';
    if (name.startsWith('annotations.')) return rule.doc.annotations?.[name.slice(12)] ?? '';
    return '';
  });
}

/** The labels that are not the same on every instance of a rule: what tells instances apart in a subject line. */
function ownLabels(i: StoredInstance): Labels {
  const { alertname: _a, severity: _s, ...rest } = i.labels;
  return rest;
}

function line(rule: Rule, i: StoredInstance): string {
  const what = i.message ?? (i.state === 'nodata' ? 'no data in the window' : fmt(i.value));
  const summary = rule.doc.summary ? renderTemplate(rule.doc.summary, rule, i) : `${rule.name}${Object.keys(ownLabels(i)).length ? ` (${describeGroup(ownLabels(i))})` : ''}: ${what}`;
  return summary;
}

/** The message handed to the outbox for a planned group notification. */
export function buildMessage(rule: Rule, workspace: string, groupLabels: Labels, plan: NonNullable<GroupPlan['message']>, now: number): OutboundMessage {
  const { status, firing, resolved } = plan;
  const head = status === 'firing' ? `[${problemTag(firing)}${firing.length > 1 ? `:${firing.length}` : ''}]` : '[RESOLVED]';
  const only = firing.length === 1 ? firing[0] : firing.length === 0 && resolved.length === 1 ? resolved[0] : undefined;
  const subject = only ? `${head} ${line(rule, only)}` : `${head} ${rule.name}${Object.keys(groupLabels).length ? ` (${describeGroup(groupLabels)})` : ''}`;
  const text = [
    subject,
    ...(rule.doc.description ? ['', rule.doc.description] : []),
    ...(firing.length ? ['', 'Firing:', ...firing.map((i) => `- ${line(rule, i)} (since ${new Date(i.firingSince ?? i.since).toISOString()})`)] : []),
    ...(resolved.length ? ['', 'Resolved:', ...resolved.map((i) => `- ${line(rule, i)}`)] : []),
  ].join('\n');
  const alert = (i: StoredInstance, s: 'firing' | 'resolved') => ({
    status: s, state: i.state, labels: i.labels, annotations: rule.doc.annotations ?? {}, value: i.value, summary: line(rule, i),
    startsAt: new Date(i.firingSince ?? i.since).toISOString(), ...(s === 'resolved' ? { endsAt: new Date(i.since).toISOString() } : {}),
  });
  return {
    key: plan.key,
    subject,
    text,
    severity: rule.severity,
    payload: {
      version: 1, kind: 'alert', status, workspace, rule: rule.name, severity: rule.severity, groupKey: `${rule.name}{${describeGroup(groupLabels)}}`,
      groupLabels, repeat: plan.repeat, sentAt: new Date(now).toISOString(),
      alerts: [...firing.map((i) => alert(i, 'firing')), ...resolved.map((i) => alert(i, 'resolved'))],
    },
  };
}
