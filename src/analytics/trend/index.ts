/**
 * Trend and change (ARCHITECTURE §7, issue 3 item 4): the Mann-Kendall test with
 * Sen's slope, period-over-period comparison (Welch), and changepoints (PELT).
 * Pure: no I/O, no clock, no globals.
 */
export type { TrendWarning, TrendWarningCode } from './types.js';
export { mannKendall, mannKendallVariance, tieGroupSizes } from './mann-kendall.js';
export type { MannKendallOptions, MannKendallResult, TrendDirection } from './mann-kendall.js';
export { senSlope } from './sen-slope.js';
export type { SenSlopeOptions, SenSlopeResult } from './sen-slope.js';
export { trend } from './trend-summary.js';
export type { TrendOptions, TrendSummary } from './trend-summary.js';
export { comparePeriods, periodOverPeriod } from './period-over-period.js';
export type { PeriodOverPeriodOptions, PeriodOverPeriodResult, PeriodSummary } from './period-over-period.js';
export { detectChangepoints } from './changepoints.js';
export type { ChangeKind, ChangeType, Changepoint, ChangepointOptions, ChangepointResult, Segment } from './changepoints.js';
export { normalCdf } from '../distributions.js';
