import { AlmanacError, type Issue } from '../../core/errors.js';

/** Throw one bad_request error listing every problem, or return when there is none. */
export function throwIfIssues(what: string, issues: Issue[]): void {
  if (issues.length > 0) throw new AlmanacError('bad_request', `invalid ${what}`, { issues });
}

export function checkProbability(issues: Issue[], path: string, value: number | undefined, open = true): void {
  if (value === undefined) return;
  const ok = Number.isFinite(value) && (open ? value > 0 && value < 1 : value >= 0 && value <= 1);
  if (!ok) issues.push({ path, message: `expected a number strictly between 0 and 1, received ${String(value)}` });
}
