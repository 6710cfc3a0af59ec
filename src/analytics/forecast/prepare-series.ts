/**
 * Turning user input into a gap-free finite series, saying what was done.
 *
 * Missing values (null, undefined, NaN, ±Infinity) inside the series are filled
 * by linear interpolation between their neighbours (Hyndman & Athanasopoulos,
 * FPP3 §13.9 — adequate for the short gaps of metric data; a long gap is
 * reported so the user can judge). Missing values before the first observation
 * are dropped. Missing values after the last observation are not filled: the
 * forecast starts from the last observation and covers them too (`trailing`).
 */

export interface PreparedSeries {
  /** Finite values from the first to the last observation, gaps interpolated. */
  values: number[];
  /** Missing values dropped at the start. */
  leading: number;
  /** Missing values at the end; the forecast must run `trailing` extra steps. */
  trailing: number;
  /** Missing values filled inside the series. */
  filled: number;
  /** The longest run of filled values. */
  longestGap: number;
  warnings: string[];
}

export type SeriesInput = readonly (number | null | undefined)[];

const isObserved = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function prepareSeries(input: SeriesInput): PreparedSeries {
  const first = input.findIndex(isObserved);
  if (first < 0) {
    return { values: [], leading: input.length, trailing: 0, filled: 0, longestGap: 0, warnings: input.length ? ['no finite values in the series'] : ['empty series'] };
  }
  let last = input.length - 1;
  while (!isObserved(input[last])) last--;
  const values: number[] = [];
  let filled = 0;
  let longestGap = 0;
  let t = first;
  while (t <= last) {
    const v = input[t];
    if (isObserved(v)) {
      values.push(v);
      t++;
      continue;
    }
    // A gap from t to end − 1, with observed values at t − 1 and end.
    let end = t;
    while (!isObserved(input[end])) end++;
    const a = values[values.length - 1];
    const b = input[end] as number;
    const len = end - t;
    for (let i = 1; i <= len; i++) values.push(a + ((b - a) * i) / (len + 1));
    filled += len;
    longestGap = Math.max(longestGap, len);
    t = end;
  }
  const warnings: string[] = [];
  if (filled > 0) warnings.push(`${filled} missing value${filled > 1 ? 's' : ''} inside the series filled by linear interpolation (longest gap ${longestGap})`);
  if (first > 0) warnings.push(`${first} missing value${first > 1 ? 's' : ''} before the first observation ignored`);
  const trailing = input.length - 1 - last;
  if (trailing > 0) warnings.push(`${trailing} missing value${trailing > 1 ? 's' : ''} at the end: the forecast starts after the last observation and covers them`);
  return { values, leading: first, trailing, filled, longestGap, warnings };
}
