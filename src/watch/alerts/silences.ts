import { parseIsoTime } from '../../core/time.js';
import type { SilenceState } from './instance-store.js';
import type { Labels } from './labels.js';
import { matcherRegex } from './rule-kind.js';
import type { Matcher, SilenceDoc } from './rule-schema.js';

/**
 * Silences, pure: which silences are in force at a time, and which instances
 * they match. A silence suppresses notifications only; silenced instances still
 * change state and are recorded (with `silenced: true`).
 */

export type SilenceStatus = 'pending' | 'active' | 'expired';

export interface SilenceView extends SilenceDoc {
  status: SilenceStatus;
  /** Epoch ms; null for an until-resolved silence that has not ended. */
  endsAtMs: number | null;
  startsAtMs: number;
  /** For until-resolved silences: when it first matched a non-normal instance, and when all of those were normal again. */
  matchedAt?: number | null;
  endedAt?: number | null;
}

const regexes = new Map<string, RegExp>();
function regex(value: string): RegExp {
  let r = regexes.get(value);
  if (!r) {
    r = matcherRegex(value);
    if (regexes.size > 10_000) regexes.clear();
    regexes.set(value, r);
  }
  return r;
}

/** A missing label matches as the empty string (as in Alertmanager), so `team!=ops` matches instances without `team`. */
export function matchesLabels(matchers: readonly Matcher[], labels: Labels): boolean {
  return matchers.every((m) => {
    const v = labels[m.label] ?? '';
    switch (m.op) {
      case '=': return v === m.value;
      case '!=': return v !== m.value;
      case '=~': return regex(m.value).test(v);
      case '!~': return !regex(m.value).test(v);
    }
  });
}

export function viewSilence(doc: SilenceDoc, state: SilenceState | undefined, now: number): SilenceView {
  const startsAtMs = parseIsoTime(doc.startsAt) ?? 0;
  const endsAtMs = doc.endsAt !== undefined ? parseIsoTime(doc.endsAt) : state?.endedAt ?? null;
  const status: SilenceStatus = now < startsAtMs ? 'pending' : endsAtMs !== null && now >= endsAtMs ? 'expired' : 'active';
  return { ...doc, status, startsAtMs, endsAtMs, ...(doc.untilResolved ? { matchedAt: state?.matchedAt ?? null, endedAt: state?.endedAt ?? null } : {}) };
}

/** Names of the active silences that match these labels. */
export function silencing(silences: readonly SilenceView[], labels: Labels): string[] {
  return silences.filter((s) => s.status === 'active' && matchesLabels(s.matchers, labels)).map((s) => s.name);
}

/** Silences with a fixed end inside (now, now + within]. */
export function expiringWithin(silences: readonly SilenceView[], now: number, withinMs: number): SilenceView[] {
  return silences.filter((s) => s.status === 'active' && s.endsAtMs !== null && s.endsAtMs > now && s.endsAtMs <= now + withinMs);
}
