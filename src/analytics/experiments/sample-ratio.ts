import type { Issue } from '../../core/errors.js';
import { chiSquareSurvival } from '../distributions.js';
import type { SampleRatioCheck } from './types.js';
import { checkProbability, throwIfIssues } from './validate.js';

/**
 * Sample-ratio-mismatch check: Pearson's chi-square goodness-of-fit test of the observed units per
 * variant against the expected split, χ² = Σ (Oᵢ − Eᵢ)² / Eᵢ with k − 1 degrees of freedom
 * (Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments", KDD 2019).
 * A mismatch means the assignment or logging is broken and the lift estimates cannot be trusted.
 * `weights` are relative (e.g. [1, 1] or [50, 50] or [0.9, 0.1]); default equal.
 */
export function checkSampleRatio(observed: readonly number[], weights?: readonly number[], threshold = 0.001): SampleRatioCheck {
  const issues: Issue[] = [];
  if (observed.length < 2) issues.push({ path: 'observed', message: `expected at least 2 variants, received ${observed.length}` });
  observed.forEach((o, i) => {
    if (!(Number.isInteger(o) && o >= 0)) issues.push({ path: `observed[${i}]`, message: `expected a non-negative integer, received ${String(o)}` });
  });
  if (observed.reduce((s, o) => s + o, 0) === 0) issues.push({ path: 'observed', message: 'expected at least one unit in total' });
  if (weights !== undefined && weights.length !== observed.length) {
    issues.push({ path: 'expectedSplit', message: `expected ${observed.length} weights (one per variant), received ${weights.length}` });
  }
  weights?.forEach((x, i) => {
    if (!(Number.isFinite(x) && x > 0)) issues.push({ path: `expectedSplit[${i}]`, message: `expected a positive weight, received ${String(x)}` });
  });
  checkProbability(issues, 'srmThreshold', threshold);
  throwIfIssues('sample ratio check', issues);
  const w = weights ?? observed.map(() => 1);
  const total = observed.reduce((s, o) => s + o, 0);
  const wTotal = w.reduce((s, x) => s + x, 0);
  const expected = w.map((x) => (total * x) / wTotal);
  let chiSquare = 0;
  for (let i = 0; i < observed.length; i++) chiSquare += (observed[i] - expected[i]) ** 2 / expected[i];
  const degreesOfFreedom = observed.length - 1;
  const pValue = chiSquareSurvival(chiSquare, degreesOfFreedom);
  return { observed: [...observed], expected, chiSquare, degreesOfFreedom, pValue, mismatch: pValue < threshold };
}
