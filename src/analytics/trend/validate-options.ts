/**
 * Option checks for the trend functions. Bad options are the caller's mistake, not
 * the data's: every problem is collected (with its path, the value received and
 * what was expected) and thrown once as a `bad_request` AlmanacError. Awkward data
 * (short, constant, zeros) never throws; it gives warnings in the result.
 */
import { AlmanacError, type Issue } from '../../core/errors.js';

export function checkOpenUnit(issues: Issue[], path: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!(Number.isFinite(value) && value > 0 && value < 1)) {
    issues.push({ path, message: `expected a number strictly between 0 and 1, received ${String(value)}` });
  }
}

export function checkTimes(issues: Issue[], path: string, times: readonly number[] | undefined, n: number): void {
  if (times !== undefined && times.length !== n) {
    issues.push({ path, message: `expected ${n} times (one per value), received ${times.length}` });
  }
}

export function checkPositive(issues: Issue[], path: string, value: number | undefined, allowZero = false): void {
  if (value === undefined) return;
  if (!(Number.isFinite(value) && (allowZero ? value >= 0 : value > 0))) {
    issues.push({ path, message: `expected a finite number ${allowZero ? '≥ 0' : '> 0'}, received ${String(value)}` });
  }
}

export function throwIfInvalid(what: string, issues: Issue[]): void {
  if (issues.length) throw new AlmanacError('bad_request', `invalid ${what}`, { issues });
}
