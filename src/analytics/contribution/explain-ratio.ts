import type { Issue } from '../../core/errors.js';
import { directionOf, summarizeChange } from './summarize.js';
import type { RatioContribution, RatioContributionResult, RatioRow } from './types.js';
import { checkGroups, checkNumber, throwIfIssues } from './validate-rows.js';

/**
 * Which groups explain the change of a ratio metric (error rate = errors / requests) between two
 * periods, split into a rate effect and a mix effect.
 *
 * With wᵍ the group's share of the denominator and rᵍ its rate, the overall rate is R = Σ wᵍ rᵍ and
 *
 *   R₁ − R₀ = Σ (r₁ − r₀)(w₀ + w₁)/2   [rate effect]
 *           + Σ (w₁ − w₀)((r₀ + r₁)/2 − (R₀ + R₁)/2)   [mix effect]
 *
 * exactly: the midpoint (symmetric) decomposition of Kitagawa, "Components of a difference between
 * two rates", JASA 50 (1955). Because Σ (w₁ − w₀) = 0, subtracting the mean overall rate in the mix
 * term leaves the totals unchanged; it makes a group's mix effect positive only when traffic moves
 * toward a group whose rate is above average, which is what "the mix got worse" means.
 * A group absent in one period (zero denominator) takes its rate from the other period, so its
 * whole contribution is mix.
 *
 * @example explainRatioChange([{ group: 'eu', before: { numerator: 10, denominator: 1000 }, after: { numerator: 40, denominator: 1000 } }, …])
 */
export function explainRatioChange(rows: readonly RatioRow[]): RatioContributionResult {
  const issues: Issue[] = [];
  checkGroups(issues, rows);
  rows.forEach((r, i) => {
    for (const period of ['before', 'after'] as const) {
      checkNumber(issues, `rows[${i}].${period}.numerator`, r[period].numerator);
      checkNumber(issues, `rows[${i}].${period}.denominator`, r[period].denominator, true);
    }
  });
  const den0 = rows.reduce((s, r) => s + r.before.denominator, 0);
  const den1 = rows.reduce((s, r) => s + r.after.denominator, 0);
  if (issues.length === 0) {
    if (den0 === 0) issues.push({ path: 'rows', message: 'the total denominator before is 0, so the ratio is undefined' });
    if (den1 === 0) issues.push({ path: 'rows', message: 'the total denominator after is 0, so the ratio is undefined' });
  }
  throwIfIssues('ratio contribution input', issues);

  const R0 = rows.reduce((s, r) => s + r.before.numerator, 0) / den0;
  const R1 = rows.reduce((s, r) => s + r.after.numerator, 0) / den1;
  const Rbar = (R0 + R1) / 2;
  const parts = rows.map((r) => {
    const w0 = r.before.denominator / den0;
    const w1 = r.after.denominator / den1;
    const rate0 = r.before.denominator > 0 ? r.before.numerator / r.before.denominator : null;
    const rate1 = r.after.denominator > 0 ? r.after.numerator / r.after.denominator : null;
    const r0 = rate0 ?? rate1 ?? 0;
    const r1 = rate1 ?? rate0 ?? 0;
    const rateEffect = ((r1 - r0) * (w0 + w1)) / 2;
    const mixEffect = (w1 - w0) * ((r0 + r1) / 2 - Rbar);
    return { group: r.group, rateBefore: rate0, rateAfter: rate1, weightBefore: w0, weightAfter: w1, rateEffect, mixEffect, contribution: rateEffect + mixEffect };
  });
  // The sum of contributions equals R₁ − R₀ up to rounding; use it so shares sum to exactly 1.
  const totalChange = parts.reduce((s, p) => s + p.contribution, 0);
  const flat = Math.abs(R1 - R0) <= 1e-15 * Math.max(Math.abs(R0), Math.abs(R1), 1e-300);
  const contributions: RatioContribution[] = parts
    .map((p) => ({ ...p, share: flat ? null : p.contribution / totalChange }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.group.localeCompare(b.group));
  const change = flat ? 0 : totalChange;
  const byGroup = new Map(contributions.map((c) => [c.group, c]));
  const detail = (group: string) => {
    const c = byGroup.get(group)!;
    return Math.abs(c.rateEffect) >= Math.abs(c.mixEffect) ? 'mostly its own rate changing' : 'mostly its share of the denominator changing';
  };
  return {
    kind: 'ratio',
    rateBefore: R0,
    rateAfter: R1,
    totalChange: change,
    direction: directionOf(change),
    rateEffect: parts.reduce((s, p) => s + p.rateEffect, 0),
    mixEffect: parts.reduce((s, p) => s + p.mixEffect, 0),
    contributions,
    summary: summarizeChange(contributions.map((c) => ({ group: c.group, amount: c.contribution, share: c.share })), change, detail),
  };
}
