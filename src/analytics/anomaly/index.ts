/**
 * Anomaly detection (ARCHITECTURE §7): a streaming detector for live data, batch
 * detectors over a whole series, a multivariate isolation forest, and the NAB scoring
 * rule used to measure them. Pure: no I/O, no clock, no globals.
 */
export * from './types.js';
export * from './score-scale.js';
export { createStreamingDetector } from './streaming-detector.js';
export type { StreamingDetector, StreamingDetectorOptions, StreamingVerdict } from './streaming-detector.js';
export { createAlarmSuppressor } from './alarm-suppressor.js';
export type { AlarmSuppressor, AlarmSuppressorOptions } from './alarm-suppressor.js';
export type { BatchMethod, BatchOptions, BatchResult } from './batch-result.js';
export { detectRobustZScore } from './robust-zscore.js';
export { detectDecompositionResiduals } from './decomposition-residuals.js';
export { detectSeasonalEsd, generalizedEsd, ESD_ALPHA } from './seasonal-esd.js';
export type { EsdStep } from './seasonal-esd.js';
export { decompose } from './decompose.js';
export type { Decomposition } from './decompose.js';
export { calendarPeriods, detectPeriods, estimateStep, seasonalPeriodsFor } from './seasonality.js';
export { createIsolationForest, createSeededRandom, detectMultivariateAnomalies, ISOLATION_THRESHOLDS } from './isolation-forest.js';
export type { IsolationForest, IsolationForestOptions, MetricDeviation, MultivariatePoint } from './isolation-forest.js';
export * from './nab-score.js';
