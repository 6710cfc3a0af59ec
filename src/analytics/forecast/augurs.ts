/**
 * Models from `@bsull/augurs` (Rust, compiled to WebAssembly): AutoETS and MSTL.
 *
 * References: AutoETS — Hyndman, Koehler, Snyder & Grose, "A state space
 * framework for automatic forecasting using exponential smoothing methods",
 * IJF 18(3), 2002. MSTL — K. Bandara, R. J. Hyndman, C. Bergmeir, "MSTL: A
 * Seasonal-Trend Decomposition Algorithm for Time Series with Multiple Seasonal
 * Patterns", 2021 (STL per period, the trend + remainder forecast by AutoETS).
 *
 * The WebAssembly is instantiated synchronously on first use from the package's
 * own `.wasm` bytes (augurs' default `init()` tries to `fetch`, which Node cannot
 * do for a file). Reading those bytes once is the only I/O in this module —
 * equivalent to loading code; the models themselves are pure.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as etsWasm from '@bsull/augurs/ets';
import * as mstlWasm from '@bsull/augurs/mstl';
import type { FittedModel } from './types.js';

const require = createRequire(import.meta.url);
let etsReady = false;
let mstlReady = false;

function wasmBytes(entry: string, file: string): Buffer {
  return fs.readFileSync(path.join(path.dirname(require.resolve(entry)), file));
}

function ensureEts(): void {
  if (etsReady) return;
  etsWasm.initSync({ module: wasmBytes('@bsull/augurs/ets', 'ets_bg.wasm') });
  etsReady = true;
}

function ensureMstl(): void {
  if (mstlReady) return;
  mstlWasm.initSync({ module: wasmBytes('@bsull/augurs/mstl', 'mstl_bg.wasm') });
  mstlReady = true;
}

function finite(xs: readonly number[]): boolean {
  return xs.every((v) => Number.isFinite(v));
}

/**
 * Non-seasonal AutoETS (augurs): chooses error and trend type (none, additive,
 * damped) by AICc. Returns null when augurs reports an error (it needs about 8
 * points), so the caller can fall back.
 *
 * Only the non-seasonal spec `ZZN` is used: augurs 0.10 panics with "seasonal
 * component not implemented yet" for seasonal specs, and a Rust panic leaves the
 * WebAssembly instance unusable for the rest of the process. Seasonality is
 * removed beforehand instead (`models.ts`).
 */
export function fitAugursEts(y: readonly number[]): FittedModel | null {
  try {
    ensureEts();
    const model = new etsWasm.AutoETS(1, 'ZZN');
    model.fit(Float64Array.from(y));
    const cache = new Map<number, number[]>();
    return {
      notes: [],
      forecast(h) {
        let f = cache.get(h);
        if (!f) {
          f = model.predict(h).point;
          cache.set(h, f);
        }
        if (!finite(f)) throw new Error('non-finite AutoETS forecast');
        return [...f];
      },
    };
  } catch {
    return null;
  }
}

/** MSTL with an AutoETS trend (augurs) over all given periods. Null on failure. */
export function fitAugursMstl(y: readonly number[], seasons: readonly number[]): FittedModel | null {
  try {
    ensureMstl();
    const model = mstlWasm.MSTL.ets(Uint32Array.from(seasons));
    model.fit(Float64Array.from(y));
    return {
      notes: [],
      forecast(h) {
        const f = model.predict(h).point;
        if (!finite(f)) throw new Error('non-finite MSTL forecast');
        return f;
      },
    };
  } catch {
    return null;
  }
}
