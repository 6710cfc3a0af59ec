import { describe, expect, it } from 'vitest';
import { ALERT_STATES, FLAP_START, initialState, next, type AlertState, type EvalResult, type InstanceState, type Timing } from './state-machine.js';

const MET: EvalResult = { kind: 'ok', met: true, value: 10 };
const CLEAR: EvalResult = { kind: 'ok', met: false, value: 1 };
const NODATA: EvalResult = { kind: 'nodata' };
const ERROR: EvalResult = { kind: 'error', message: 'boom' };
const R = { MET, CLEAR, NODATA, ERROR } as const;
type Step = keyof typeof R;

const MIN = 60_000;
const timing = (o: Partial<Timing> = {}): Timing => ({ forMs: 0, keepFiringForMs: 0, flapWindowMs: 10 * MIN, ...o });

/** Feed results one interval apart (an injected clock) and return the state after each. */
function run(steps: Step[], t: Timing, every = MIN, start?: InstanceState) {
  let s: InstanceState | undefined = start;
  const out: { state: AlertState; transition?: string; at: number; s: InstanceState }[] = [];
  steps.forEach((k, i) => {
    const at = i * every;
    const r = next(s, R[k], at, t);
    s = r.state;
    out.push({ state: r.state.state, transition: r.transition ? `${r.transition.from}→${r.transition.to}` : undefined, at, s: r.state });
  });
  return out;
}
const states = (steps: Step[], t: Timing, every?: number) => run(steps, t, every).map((x) => x.state);

describe('next: without for / keepFiringFor (every target is immediate)', () => {
  it.each([
    ['normal stays normal', ['CLEAR', 'CLEAR'], ['normal', 'normal']],
    ['normal → firing', ['CLEAR', 'MET'], ['normal', 'firing']],
    ['firing → normal (resolved)', ['MET', 'CLEAR'], ['firing', 'normal']],
    ['normal → nodata → normal', ['CLEAR', 'NODATA', 'CLEAR'], ['normal', 'nodata', 'normal']],
    ['normal → error → normal', ['CLEAR', 'ERROR', 'CLEAR'], ['normal', 'error', 'normal']],
    ['nodata → firing', ['NODATA', 'MET'], ['nodata', 'firing']],
    ['error → firing', ['ERROR', 'MET'], ['error', 'firing']],
    ['nodata → error → nodata', ['NODATA', 'ERROR', 'NODATA'], ['nodata', 'error', 'nodata']],
    ['firing → nodata', ['MET', 'NODATA'], ['firing', 'nodata']],
    ['firing → error', ['MET', 'ERROR'], ['firing', 'error']],
  ] as [string, Step[], AlertState[]][])('%s', (_d, steps, expected) => {
    expect(states(steps, timing())).toEqual(expected);
  });

  it('the first evaluation of a new instance starts from normal', () => {
    expect(next(undefined, MET, 5, timing()).transition).toEqual({ from: 'normal', to: 'firing' });
    expect(next(undefined, CLEAR, 5, timing()).transition).toBeUndefined();
  });
});

describe('next: for', () => {
  const t = timing({ forMs: 2 * MIN });
  it('firing needs the condition for the whole `for`: pending at 0 and 1 min, firing at 2 min', () => {
    const r = run(['MET', 'MET', 'MET', 'MET'], t);
    expect(r.map((x) => x.state)).toEqual(['pending', 'pending', 'firing', 'firing']);
    expect(r[0].s.pendingTo).toBe('firing');
    expect(r[2].transition).toBe('pending→firing');
    expect(r[2].s.firingSince).toBe(2 * MIN);
  });
  it('pending → normal when the condition stops holding; the wait restarts', () => {
    expect(states(['MET', 'CLEAR', 'MET', 'MET', 'MET'], t)).toEqual(['pending', 'normal', 'pending', 'pending', 'firing']);
  });
  it('applies to nodata: pending(nodata) for 2 min, then nodata', () => {
    const r = run(['NODATA', 'NODATA', 'NODATA'], t);
    expect(r.map((x) => x.state)).toEqual(['pending', 'pending', 'nodata']);
    expect(r[0].s.pendingTo).toBe('nodata');
  });
  it('applies to error: pending(error) for 2 min, then error', () => {
    const r = run(['ERROR', 'ERROR', 'ERROR'], t);
    expect(r.map((x) => x.state)).toEqual(['pending', 'pending', 'error']);
    expect(r[1].s.pendingTo).toBe('error');
  });
  it('a different bad target restarts the wait (error then nodata)', () => {
    const r = run(['ERROR', 'NODATA', 'NODATA', 'NODATA'], t);
    expect(r.map((x) => x.state)).toEqual(['pending', 'pending', 'pending', 'nodata']);
    expect(r.map((x) => x.s.pendingTo)).toEqual(['error', 'nodata', 'nodata', undefined]);
  });
  it('a single good evaluation ends a pending error', () => {
    expect(states(['ERROR', 'CLEAR', 'ERROR'], t)).toEqual(['pending', 'normal', 'pending']);
  });
  it('nodata → pending(firing) → firing when data returns above the threshold', () => {
    expect(states(['NODATA', 'NODATA', 'NODATA', 'MET', 'MET', 'MET'], t)).toEqual(['pending', 'pending', 'nodata', 'pending', 'pending', 'firing']);
  });
  it('nodata and error go straight to normal (no wait to recover)', () => {
    expect(states(['NODATA', 'NODATA', 'NODATA', 'CLEAR'], t).at(-1)).toBe('normal');
    expect(states(['ERROR', 'ERROR', 'ERROR', 'CLEAR'], t).at(-1)).toBe('normal');
  });
  it('firing → nodata and firing → error wait `for` in pending', () => {
    expect(states(['MET', 'MET', 'MET', 'NODATA', 'NODATA', 'NODATA'], t)).toEqual(['pending', 'pending', 'firing', 'pending', 'pending', 'nodata']);
    expect(states(['MET', 'MET', 'MET', 'ERROR', 'ERROR', 'ERROR'], t)).toEqual(['pending', 'pending', 'firing', 'pending', 'pending', 'error']);
  });
  it('uses the clock, not the number of evaluations: one late evaluation after `for` fires', () => {
    const a = next(undefined, MET, 0, t);
    expect(a.state.state).toBe('pending');
    expect(next(a.state, MET, 2 * MIN - 1, t).state.state).toBe('pending');
    expect(next(a.state, MET, 2 * MIN, t).state.state).toBe('firing');
  });
});

describe('next: keepFiringFor', () => {
  const t = timing({ keepFiringForMs: 3 * MIN });
  it('holds firing for keepFiringFor after the condition stops, then resolves', () => {
    const r = run(['MET', 'CLEAR', 'CLEAR', 'CLEAR', 'CLEAR'], t);
    expect(r.map((x) => x.state)).toEqual(['firing', 'firing', 'firing', 'firing', 'normal']);
    expect(r[1].s.clearingSince).toBe(MIN);
    expect(r[4].transition).toBe('firing→normal');
  });
  it('the condition holding again during the hold keeps the same episode and stops clearing', () => {
    const r = run(['MET', 'CLEAR', 'MET', 'CLEAR', 'CLEAR', 'CLEAR', 'CLEAR'], t);
    expect(r.map((x) => x.state)).toEqual(['firing', 'firing', 'firing', 'firing', 'firing', 'firing', 'normal']);
    expect(r[2].s.clearingSince).toBeUndefined();
    expect(new Set(r.slice(0, 6).map((x) => x.s.firingSince))).toEqual(new Set([0]));
  });
  it('also holds firing through nodata and error', () => {
    expect(states(['MET', 'NODATA', 'NODATA', 'NODATA', 'NODATA'], t)).toEqual(['firing', 'firing', 'firing', 'firing', 'nodata']);
    expect(states(['MET', 'ERROR', 'ERROR', 'ERROR', 'ERROR'], t)).toEqual(['firing', 'firing', 'firing', 'firing', 'error']);
  });
  it('with for and keepFiringFor together, nodata after firing waits both', () => {
    const both = timing({ forMs: 2 * MIN, keepFiringForMs: 2 * MIN });
    // fires at 2 min; no data from 3 min; held until 5 min; pending(nodata) from 5 min; nodata at 7 min.
    expect(states(['MET', 'MET', 'MET', 'NODATA', 'NODATA', 'NODATA', 'NODATA', 'NODATA'], both))
      .toEqual(['pending', 'pending', 'firing', 'firing', 'firing', 'pending', 'pending', 'nodata']);
  });
});

describe('next: flapping', () => {
  it(`a metric crossing the threshold every interval is flapping after ${FLAP_START} flips, and stops when it settles`, () => {
    const t = timing({ flapWindowMs: 10 * MIN });
    const r = run(['MET', 'CLEAR', 'MET', 'CLEAR', 'MET', 'MET', 'MET', 'MET', 'MET', 'MET', 'MET', 'MET', 'MET', 'MET', 'MET'], t);
    // Flips at 0–4 min; in the window (10 min) at i min: those after i − 10. Flapping from 4 flips, until ≤ 1 is left.
    const flipTimes = [0, 1, 2, 3, 4].map((m) => m * MIN);
    let flapping = false;
    const expected = r.map((x) => {
      const n = flipTimes.filter((f) => f <= x.at && x.at - f < 10 * MIN).length;
      flapping = flapping ? n > 1 : n >= 4;
      return flapping;
    });
    expect(expected.slice(0, 5)).toEqual([false, false, false, true, true]);
    expect(r.map((x) => x.s.flapping)).toEqual(expected);
    expect(r.at(-1)!.s.flapping).toBe(false);
    // The state itself still follows every change: flapping only holds notifications.
    expect(r.slice(0, 5).map((x) => x.state)).toEqual(['firing', 'normal', 'firing', 'normal', 'firing']);
    expect(r[13].s.flips).toEqual([4 * MIN]);
  });
  it('keepFiringFor damps the same input: no flips after the first', () => {
    const r = run(['MET', 'CLEAR', 'MET', 'CLEAR', 'MET', 'CLEAR'], timing({ keepFiringForMs: 5 * MIN }));
    expect(r.map((x) => x.state)).toEqual(['firing', 'firing', 'firing', 'firing', 'firing', 'firing']);
    expect(r.at(-1)!.s.flapping).toBe(false);
  });
  it('for damps it too: the instance never gets past pending', () => {
    const r = run(['MET', 'CLEAR', 'MET', 'CLEAR', 'MET', 'CLEAR'], timing({ forMs: 2 * MIN }));
    expect(r.map((x) => x.state)).toEqual(['pending', 'normal', 'pending', 'normal', 'pending', 'normal']);
    expect(r.some((x) => x.s.flapping)).toBe(false);
  });
  it('pending ↔ normal changes are not flips', () => {
    const r = run(['MET', 'CLEAR', 'MET', 'CLEAR', 'MET', 'CLEAR', 'MET', 'CLEAR'], timing({ forMs: 5 * MIN }));
    expect(r.at(-1)!.s.flips).toEqual([]);
  });
});

describe('next: every (state, result) pair', () => {
  // From each state (reached with for = 1 min), each result, with for = 1 min and no hold.
  const t = timing({ forMs: MIN });
  const reach: Record<AlertState, InstanceState> = {
    normal: initialState(0),
    pending: { state: 'pending', since: 0, pendingTo: 'firing', flapping: false, flips: [] },
    firing: { state: 'firing', since: 0, firingSince: 0, flapping: false, flips: [] },
    nodata: { state: 'nodata', since: 0, flapping: false, flips: [] },
    error: { state: 'error', since: 0, flapping: false, flips: [] },
  };
  // Expected state at now = 30 s (inside `for`) — computed by the rules in the module comment.
  const expected: Record<AlertState, Record<Step, AlertState>> = {
    normal: { MET: 'pending', CLEAR: 'normal', NODATA: 'pending', ERROR: 'pending' },
    pending: { MET: 'pending', CLEAR: 'normal', NODATA: 'pending', ERROR: 'pending' },
    firing: { MET: 'firing', CLEAR: 'normal', NODATA: 'pending', ERROR: 'pending' },
    nodata: { MET: 'pending', CLEAR: 'normal', NODATA: 'nodata', ERROR: 'pending' },
    error: { MET: 'pending', CLEAR: 'normal', NODATA: 'pending', ERROR: 'error' },
  };
  const cases = ALERT_STATES.flatMap((s) => (Object.keys(R) as Step[]).map((k) => [s, k] as const));
  it.each(cases)('%s + %s', (s, k) => {
    const r = next(reach[s], R[k], 30_000, t);
    expect(r.state.state).toBe(expected[s][k]);
    expect(r.transition === undefined).toBe(expected[s][k] === s);
  });
  it('pending(firing) that has waited `for` fires', () => {
    expect(next(reach.pending, MET, MIN, t).state.state).toBe('firing');
  });
});
