/**
 * Forecasting (ARCHITECTURE §7): pure functions, arrays in, plain objects out.
 * See docs/analytics-forecast.md for the methods, `auto` and the benchmark.
 */
export { forecast, type ForecastOptions, type ForecastResult } from './forecast.js';
export { whenCrosses, type Crossing, type CrossingDirection } from './capacity.js';
export { detectPeriods, type DetectedPeriod, type DetectPeriodsOptions } from './period-detection.js';
export { fitModel, isModelName, MODEL_NAMES } from './models.js';
export { selectModels, defaultCandidates, combinationWeights, type Selection, type CombinationMember } from './auto.js';
export { backtest, planOrigins, type Backtest, type Origin } from './backtest.js';
export { predictionIntervals, type Interval, type IntervalResult } from './intervals.js';
export { smape, mase, maseScale, owa } from './accuracy.js';
export { isSeasonal, classicalDecomposition, seasonalAdjustment, autocorrelation } from './seasonality.js';
export { prepareSeries, type PreparedSeries, type SeriesInput } from './prepare-series.js';
export type { AccuracyScores, FitContext, FittedModel, Fitter, ModelName } from './types.js';
