/**
 * The alert instance state machine: a pure function of (previous state,
 * evaluation result, time, rule timing). No clock, no I/O — the scheduler and
 * the tests supply `now`.
 *
 * States (a closed union, mapped by exhaustive Records where they are rendered):
 * - `normal`  — the condition does not hold;
 * - `pending` — a bad state (firing, nodata or error) has been seen but not yet
 *               for `for`; `pendingTo` says which;
 * - `firing`  — the condition has held for `for`;
 * - `nodata`  — the window had no data for `for` (a `nodata` *condition* fires instead);
 * - `error`   — evaluation failed for `for`.
 *
 * Rules:
 * 1. The result names a target: met → firing, not met → normal, no data → nodata,
 *    failed → error.
 * 2. Reaching `normal` needs no wait — except from `firing`, which is held for
 *    `keepFiringFor` after the condition stops holding (`clearingSince`), so a
 *    metric hovering at the threshold does not resolve and re-fire every interval.
 *    The same hold applies when a firing instance gets no data or an error.
 * 3. Reaching a bad state needs the same target for `for` (measured from the first
 *    evaluation that saw it); with `for: 0` it is immediate. A different bad
 *    target restarts the wait.
 * 4. Flapping: every change into or out of `firing` is counted over the rule's
 *    flap window; at FLAP_START changes the instance is flapping (notifications
 *    hold), and it stops flapping at FLAP_STOP or fewer (hysteresis, as Nagios
 *    does, so the flag itself does not flap).
 */

export type AlertState = 'normal' | 'pending' | 'firing' | 'nodata' | 'error';
export const ALERT_STATES: readonly AlertState[] = ['normal', 'pending', 'firing', 'nodata', 'error'];
export type BadState = 'firing' | 'nodata' | 'error';

/** One evaluation of one instance. */
export type EvalResult =
  | { kind: 'ok'; met: boolean; value: number | null; detail?: string }
  | { kind: 'nodata' }
  | { kind: 'error'; message: string };

export interface InstanceState {
  state: AlertState;
  /** When the instance entered `state`. */
  since: number;
  /** In `pending`: the bad state it is waiting to enter. */
  pendingTo?: BadState;
  /** In `firing`: the start of this firing episode (stable across keepFiringFor holds). */
  firingSince?: number;
  /** In `firing`: since when the condition stopped holding (keepFiringFor is counting). */
  clearingSince?: number;
  flapping: boolean;
  /** Times of recent changes into or out of `firing`, within the flap window. */
  flips: number[];
}

export interface Timing {
  forMs: number;
  keepFiringForMs: number;
  flapWindowMs: number;
}

export interface Transition {
  from: AlertState;
  to: AlertState;
}

export const FLAP_START = 4;
export const FLAP_STOP = 1;

export function initialState(now: number): InstanceState {
  return { state: 'normal', since: now, flapping: false, flips: [] };
}

function targetOf(result: EvalResult): AlertState {
  switch (result.kind) {
    case 'ok': return result.met ? 'firing' : 'normal';
    case 'nodata': return 'nodata';
    case 'error': return 'error';
  }
}

/** Where the instance goes, ignoring flapping bookkeeping. */
function move(prev: InstanceState, target: AlertState, now: number, t: Timing): Omit<InstanceState, 'flapping' | 'flips'> {
  const { state } = prev;
  if (state === target) {
    // Staying: a firing instance whose condition holds again stops clearing.
    return state === 'firing' ? { state, since: prev.since, firingSince: prev.firingSince ?? prev.since } : { state, since: prev.since };
  }
  if (state === 'firing') {
    // Leaving firing (to normal, nodata or error) waits keepFiringFor.
    const clearingSince = prev.clearingSince ?? now;
    if (now - clearingSince < t.keepFiringForMs) return { state, since: prev.since, firingSince: prev.firingSince ?? prev.since, clearingSince };
    if (target === 'normal') return { state: 'normal', since: now };
    return enterBad(target as BadState, now, t, undefined);
  }
  if (target === 'normal') return { state: 'normal', since: now };
  return enterBad(target as BadState, now, t, prev);
}

function enterBad(target: BadState, now: number, t: Timing, prev: InstanceState | undefined): Omit<InstanceState, 'flapping' | 'flips'> {
  const waitingSince = prev?.state === 'pending' && prev.pendingTo === target ? prev.since : now;
  if (now - waitingSince >= t.forMs) {
    return target === 'firing' ? { state: 'firing', since: now, firingSince: now } : { state: target, since: now };
  }
  return { state: 'pending', since: waitingSince, pendingTo: target };
}

/**
 * The next state of an instance after one evaluation.
 *
 * @example
 * next(initialState(0), { kind: 'ok', met: true, value: 912 }, 0, { forMs: 120_000, keepFiringForMs: 0, flapWindowMs: 600_000 })
 * // → { state: { state: 'pending', since: 0, pendingTo: 'firing', … }, transition: { from: 'normal', to: 'pending' } }
 */
export function next(prev: InstanceState | undefined, result: EvalResult, now: number, rule: Timing): { state: InstanceState; transition?: Transition } {
  const before = prev ?? initialState(now);
  const moved = move(before, targetOf(result), now, rule);
  const changed = moved.state !== before.state;
  const flipped = moved.state !== before.state && (moved.state === 'firing' || before.state === 'firing');
  const flips = [...before.flips, ...(flipped ? [now] : [])].filter((x) => now - x < rule.flapWindowMs);
  const flapping = before.flapping ? flips.length > FLAP_STOP : flips.length >= FLAP_START;
  const state: InstanceState = { ...moved, flapping, flips };
  return changed ? { state, transition: { from: before.state, to: moved.state } } : { state };
}
