/**
 * The model catalogue: one fitter per `ModelName`, with the data requirements,
 * fallbacks and seasonal adjustment that make each safe on any finite series.
 *
 * Non-seasonal methods (naive2, drift, SES, Holt, damped, Theta, robust trend,
 * AutoETS) run on seasonally adjusted data and are reseasonalised — the M3/M4
 * convention (`seasonality.ts`). Seasonal naive, Holt–Winters and MSTL model
 * seasonality themselves. A model whose requirements are not met falls back to a simpler one
 * and says so in `notes`; nothing here throws on finite input.
 */
import { fitAugursEts, fitAugursMstl } from './augurs.js';
import { fitHolt, fitHoltWinters, fitSes } from './exponential-smoothing.js';
import { fitDrift, fitNaive, fitSeasonalNaive } from './naive.js';
import { fitRobustTrend } from './robust-trend.js';
import { seasonalAdjustment } from './seasonality.js';
import { fitTheta } from './theta.js';
import type { FitContext, FittedModel, Fitter, ModelName } from './types.js';

/** Every model name, in the order they are listed to users. */
export const MODEL_NAMES: readonly ModelName[] = [
  'naive', 'seasonal-naive', 'naive2', 'drift', 'ses', 'holt', 'damped',
  'hw-additive', 'hw-multiplicative', 'theta', 'robust-trend', 'ets', 'mstl',
];

export function isModelName(x: unknown): x is ModelName {
  return typeof x === 'string' && (MODEL_NAMES as readonly string[]).includes(x);
}

/** Run a non-seasonal fitter on seasonally adjusted data and reseasonalise its forecasts. */
function adjusted(fit: (y: readonly number[]) => FittedModel): Fitter {
  return (y, { seasons, seasonalPeriods, adjustment }) => {
    const sa = adjustment && adjustment.adjusted.length === y.length ? adjustment : seasonalAdjustment(y, seasons, seasonalPeriods);
    const model = fit(sa.adjusted);
    return {
      notes: [...sa.notes, ...model.notes],
      forecast: (h) => sa.reseasonalise(model.forecast(h)),
    };
  };
}

const seasonalNaive: Fitter = (y, { season }) =>
  season > 1 && y.length >= season
    ? fitSeasonalNaive(y, season)
    : withNote(fitNaive(y), season > 1 ? `seasonal-naive needs ${season} points: naive used` : '');

function holtWinters(kind: 'additive' | 'multiplicative'): Fitter {
  return (y, ctx) => {
    const m = ctx.season;
    if (m <= 1 || y.length < 2 * m + 2) {
      const why = m <= 1 ? 'no seasonal period' : `fewer than ${2 * m + 2} points`;
      return withNote(FITTERS.damped(y, ctx), `hw-${kind}: ${why}, damped trend used`);
    }
    if (kind === 'multiplicative' && !y.every((v) => v > 0)) {
      return withNote(fitHoltWinters(y, m, 'additive'), 'hw-multiplicative needs positive data: additive seasonality used');
    }
    return fitHoltWinters(y, m, kind);
  };
}

const ets: Fitter = adjusted((y) => {
  const fit = y.length >= 8 ? fitAugursEts(y) : null;
  return fit ?? withNote(fitHolt(y, true), 'ets (AutoETS) needs 8 points: damped trend used');
});

const mstl: Fitter = (y, ctx) => {
  const periods = ctx.seasons.filter((p) => p > 1 && y.length >= 2 * p + 1);
  const fit = periods.length > 0 ? fitAugursMstl(y, periods) : null;
  return fit ?? withNote(FITTERS.theta(y, ctx), 'mstl needs at least two cycles of a seasonal period: theta used');
};

/** The raw fitters, before the length guard in `fitModel`. */
const FITTERS: Record<ModelName, Fitter> = {
  naive: (y) => fitNaive(y),
  'seasonal-naive': seasonalNaive,
  naive2: adjusted(fitNaive),
  drift: adjusted(fitDrift),
  ses: adjusted(fitSes),
  holt: adjusted((y) => fitHolt(y, false)),
  damped: adjusted((y) => fitHolt(y, true)),
  'hw-additive': holtWinters('additive'),
  'hw-multiplicative': holtWinters('multiplicative'),
  theta: adjusted(fitTheta),
  'robust-trend': adjusted(fitRobustTrend),
  ets,
  mstl,
};

/** Fewest points each model is fitted on; below it `fitModel` falls back to naive. */
const MIN_POINTS: Record<ModelName, number> = {
  naive: 1, 'seasonal-naive': 1, naive2: 1, drift: 2, ses: 2, holt: 3, damped: 3,
  'hw-additive': 3, 'hw-multiplicative': 3, theta: 3, 'robust-trend': 3, ets: 3, mstl: 3,
};

function withNote(model: FittedModel, note: string): FittedModel {
  return note ? { ...model, notes: [...model.notes, note] } : model;
}

/**
 * Fit `name` to `y` (finite values only). Falls back to naive when the series
 * is too short, and to naive when a model's forecasts are not finite.
 *
 * @example fitModel('theta', [1, 2, 3, 4, 5], { season: 1, seasons: [1] }).forecast(2) // → ≈[5.5, 6]
 */
export function fitModel(name: ModelName, y: readonly number[], context: FitContext): FittedModel {
  if (y.length < MIN_POINTS[name]) {
    return withNote(fitNaive(y), `${name} needs at least ${MIN_POINTS[name]} points: naive used`);
  }
  let model: FittedModel;
  try {
    model = FITTERS[name](y, context);
  } catch {
    return withNote(fitNaive(y), `${name} failed to fit: naive used`);
  }
  return {
    notes: model.notes,
    forecast(h) {
      let f: number[];
      try {
        f = model.forecast(h);
      } catch {
        f = [];
      }
      if (f.length === h && f.every((v) => Number.isFinite(v))) return f;
      model.notes.push(`${name} produced non-finite forecasts: naive used`);
      return fitNaive(y).forecast(h);
    },
  };
}
