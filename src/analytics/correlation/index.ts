/**
 * Correlation between two metrics (ARCHITECTURE §7): Pearson and Spearman with t-test p-values,
 * and a cross-correlation lag search corrected for multiple lags and autocorrelation. Pure.
 */
export { alignPairs, correlate, correlationPValue, pearson, pearsonR, rank, spearman } from './correlate.js';
export type { CorrelationMethod, CorrelationResult } from './correlate.js';
export { lag1Autocorrelation, lagSearch } from './lag-search.js';
export type { LagCorrelation, LagSearchOptions, LagSearchResult } from './lag-search.js';
