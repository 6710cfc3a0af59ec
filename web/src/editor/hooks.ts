import { useEffect, useState } from 'react';
import { parseStep } from '../../../src/core/time.js';
import { runQuery, useAsync, type AsyncState, type QueryAnswer } from '../api.js';
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

/**
 * Ask the query layer whether a query is valid — dataset, metric, every measure
 * and the filter are checked by the server, which names the part and position
 * of a mistake (see checkQueryBody).
 */
export function useQueryCheck(q: PanelQuery | null): AsyncState<QueryAnswer> {
  const body = q ? checkQueryBody(q) : null;
  return useAsync<QueryAnswer>(body ? JSON.stringify(body) : null, (signal) => runQuery(body!, signal));
}
