/**
 * Contribution analysis (ARCHITECTURE §7): which groups of a dimension explain a metric's change
 * between two periods — exact shares for additive metrics, a rate/mix decomposition for ratios. Pure.
 */
export * from './types.js';
export { explainAdditiveChange } from './explain-additive.js';
export { explainRatioChange } from './explain-ratio.js';
