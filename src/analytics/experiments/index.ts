/**
 * Experiments (A/B/n tests), ARCHITECTURE §7: per-variant values, lifts with intervals,
 * frequentist p-values, Bayesian probability to beat control, sample-ratio-mismatch check
 * and sample-size planning. Pure: no I/O, no clock, no random sampling.
 */
export * from './types.js';
export { analyzeContinuousExperiment, analyzeConversionExperiment, summarizeVariant } from './analyze-experiment.js';
export {
  conversionPosterior,
  probabilityBetaExceedsByIntegration,
  probabilityBetaExceedsBySum,
  probabilityToBeatConversion,
  probabilityToBeatMean,
} from './probability-to-beat.js';
export type { BetaPosterior } from './probability-to-beat.js';
export { checkSampleRatio } from './sample-ratio.js';
export { sampleSize } from './sample-size.js';
export type { EffectScale, MeanSampleSizeInput, ProportionSampleSizeInput, SampleSizeInput, SampleSizeResult } from './sample-size.js';
export * from '../distributions.js';
