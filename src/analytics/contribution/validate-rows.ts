import { AlmanacError, type Issue } from '../../core/errors.js';

export function checkGroups(issues: Issue[], rows: readonly { group: string }[]): void {
  if (rows.length === 0) issues.push({ path: 'rows', message: 'expected at least one group' });
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (seen.has(r.group)) issues.push({ path: `rows[${i}].group`, message: `duplicate group '${r.group}'` });
    seen.add(r.group);
  });
}

export function checkNumber(issues: Issue[], path: string, value: number, nonNegative = false): void {
  if (!Number.isFinite(value) || (nonNegative && value < 0)) {
    issues.push({ path, message: `expected a finite${nonNegative ? ' non-negative' : ''} number, received ${String(value)}` });
  }
}

export function throwIfIssues(what: string, issues: Issue[]): void {
  if (issues.length) throw new AlmanacError('bad_request', `invalid ${what}`, { issues });
}
