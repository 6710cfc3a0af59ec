import type { Issue } from '../../core/errors.js';
import { directionOf, summarizeChange } from './summarize.js';
import type { AdditiveContribution, AdditiveContributionResult, AdditiveRow } from './types.js';
import { checkGroups, checkNumber, throwIfIssues } from './validate-rows.js';

/**
 * Which groups explain the change of an additive metric (a count or a sum) between two periods.
 * For additive metrics the decomposition is exact: total change = Σ group changes, so each group's
 * share is its change over the total change and the shares sum to 100 % (a group moving against
 * the total has a negative share, and the others then exceed 100 % together). This is the
 * "explanatory" attribution of drill-down tools (e.g. Sarawagi, "Explaining differences in
 * multidimensional aggregates", VLDB 1999).
 *
 * @example explainAdditiveChange([{ group: 'eu', before: 100, after: 171 }, { group: 'us', before: 200, after: 229 }]).summary
 * // 'eu accounts for 71% of the increase.'
 */
export function explainAdditiveChange(rows: readonly AdditiveRow[]): AdditiveContributionResult {
  const issues: Issue[] = [];
  checkGroups(issues, rows);
  rows.forEach((r, i) => {
    checkNumber(issues, `rows[${i}].before`, r.before);
    checkNumber(issues, `rows[${i}].after`, r.after);
  });
  throwIfIssues('contribution input', issues);

  const totalBefore = rows.reduce((s, r) => s + r.before, 0);
  const totalAfter = rows.reduce((s, r) => s + r.after, 0);
  // Σ of the group changes rather than totalAfter − totalBefore so shares sum to exactly 1.
  const totalChange = rows.reduce((s, r) => s + (r.after - r.before), 0);
  const contributions: AdditiveContribution[] = rows
    .map((r) => {
      const change = r.after - r.before;
      return { group: r.group, before: r.before, after: r.after, change, share: totalChange === 0 ? null : change / totalChange };
    })
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.group.localeCompare(b.group));
  return {
    kind: 'additive',
    totalBefore,
    totalAfter,
    totalChange,
    relativeChange: totalBefore === 0 ? null : totalChange / totalBefore,
    direction: directionOf(totalChange),
    contributions,
    summary: summarizeChange(contributions.map((c) => ({ group: c.group, amount: c.change, share: c.share })), totalChange),
  };
}
