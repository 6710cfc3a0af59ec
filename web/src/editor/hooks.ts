import { useEffect, useState } from 'react';
import { parseStep } from '../../../src/core/time.js';
import { ApiError, runQuery } from '../api.js';
import { checkQueryBody, type PanelQuery, type Problem } from './panel-draft.js';

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** The step problem, checked here because the server check below runs without a step. */
export function stepProblem(q: PanelQuery | undefined): Problem | null {
  if (!q?.step) return null;
  try {
    parseStep(q.step);
    return null;
  } catch (e) {
    return { path: 'step', message: (e as Error).message.replace(/^step:\s*/, '') };
  }
}

export type CheckStatus = 'idle' | 'pending' | 'ok' | 'error';

/** Answers of recent checks by body: typing back to an earlier text needs no new request. */
const verdicts = new Map<string, unknown>();
const VERDICTS_KEPT = 200;

/**
 * Ask the query layer whether a query is valid — dataset, metric, every measure
 * and the filter are checked by the server, which names the part and position
 * of a mistake (see checkQueryBody). The answer carries the key of the body it
 * is about, so a caller never takes an old "ok" for a newer query.
 */
export function useQueryCheck(q: PanelQuery | null): { key: string | null; status: CheckStatus; error: unknown } {
  const key = q ? JSON.stringify(checkQueryBody(q)) : null;
  const [done, setDone] = useState<{ key: string; error: unknown } | null>(null);
  useEffect(() => {
    if (!key) return;
    if (verdicts.has(key)) {
      setDone({ key, error: verdicts.get(key) });
      return;
    }
    const ctl = new AbortController();
    runQuery(JSON.parse(key) as PanelQuery, ctl.signal).then(
      () => {
        remember(key, undefined);
        setDone({ key, error: undefined });
      },
      (error: unknown) => {
        if (ctl.signal.aborted) return;
        // Only the server's verdict on the query is kept; a network failure is tried again next time.
        if (error instanceof ApiError && error.status === 400) remember(key, error);
        setDone({ key, error });
      },
    );
    return () => ctl.abort();
  }, [key]);
  if (!key) return { key, status: 'idle', error: undefined };
  if (done?.key !== key) return { key, status: 'pending', error: undefined };
  return { key, status: done.error ? 'error' : 'ok', error: done.error };
}

function remember(key: string, error: unknown) {
  verdicts.set(key, error);
  if (verdicts.size > VERDICTS_KEPT) verdicts.delete(verdicts.keys().next().value as string);
}

/** The check's status for `q` as it is now: a verdict about another (older) query is "pending". */
export function statusFor(check: { key: string | null; status: CheckStatus }, q: PanelQuery | null): CheckStatus {
  const key = q ? JSON.stringify(checkQueryBody(q)) : null;
  if (!key) return 'idle';
  return check.key === key ? check.status : 'pending';
}
