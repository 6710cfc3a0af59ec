/**
 * Bounded Nelder–Mead simplex minimisation.
 *
 * Reference: J. A. Nelder and R. Mead, "A simplex method for function
 * minimization", The Computer Journal 7(4), 1965; coefficients and the order of
 * operations as in J. C. Lagarias et al., "Convergence properties of the
 * Nelder–Mead simplex method in low dimensions", SIAM J. Optim. 9(1), 1998
 * (reflection 1, expansion 2, contraction ½, shrink ½).
 *
 * Bounds are handled by projecting every trial point onto the box, which keeps
 * the objective's domain simple (smoothing parameters live in [0, 1]) and is
 * what the small problems here need: 1–4 parameters, a smooth objective.
 */

export interface NelderMeadOptions {
  lower: readonly number[];
  upper: readonly number[];
  /** Initial step per coordinate as a fraction of the box width (default 0.1). */
  step?: number;
  /** Stop when the spread of objective values is below this, relative to |best| + tiny (default 1e-8). */
  tolerance?: number;
  /** …and when every vertex is within this fraction of the box width of the best one (default 1e-4). */
  xTolerance?: number;
  /** Maximum objective evaluations (default 200 · dimension). */
  maxEvaluations?: number;
}

export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
}

/**
 * Minimise `f` over the box [lower, upper] starting from `x0`.
 *
 * @example
 * nelderMead(([a, b]) => (a - 1) ** 2 + (b - 2) ** 2, [0, 0], { lower: [-5, -5], upper: [5, 5] })
 * // → { x: ≈[1, 2], value: ≈0, … }
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions,
): NelderMeadResult {
  const d = x0.length;
  const { lower, upper } = options;
  const tolerance = options.tolerance ?? 1e-8;
  const maxEvaluations = options.maxEvaluations ?? 200 * d;
  const stepFraction = options.step ?? 0.1;
  const xTolerance = options.xTolerance ?? 1e-4;
  const widths = lower.map((lo, i) => (Number.isFinite(upper[i] - lo) && upper[i] > lo ? upper[i] - lo : 1));
  let evaluations = 0;

  const project = (x: number[]): number[] => x.map((v, i) => Math.min(upper[i], Math.max(lower[i], v)));
  const evaluate = (x: number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };

  // Initial simplex: x0 plus one step along each axis (stepping inwards at an upper bound).
  const start = project([...x0]);
  const points: number[][] = [start];
  for (let i = 0; i < d; i++) {
    const p = [...start];
    const width = upper[i] - lower[i];
    const step = (Number.isFinite(width) && width > 0 ? width : Math.max(1, Math.abs(p[i]))) * stepFraction;
    p[i] = p[i] + step <= upper[i] ? p[i] + step : p[i] - step;
    points.push(project(p));
  }
  const values = points.map(evaluate);

  const order = (): void => {
    const idx = points.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const p = idx.map((i) => points[i]);
    const v = idx.map((i) => values[i]);
    for (let i = 0; i <= d; i++) {
      points[i] = p[i];
      values[i] = v[i];
    }
  };

  while (evaluations < maxEvaluations) {
    order();
    const best = values[0];
    const worst = values[d];
    // Stop when the values agree and the simplex is small (equal values alone can be a coincidence).
    if (Math.abs(worst - best) <= tolerance * (Math.abs(best) + 1e-12)) {
      let small = true;
      for (let i = 1; i <= d && small; i++) {
        for (let j = 0; j < d; j++) if (Math.abs(points[i][j] - points[0][j]) > xTolerance * widths[j]) { small = false; break; }
      }
      if (small) break;
    }

    // Centroid of all points but the worst.
    const c = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) c[j] += points[i][j] / d;
    const along = (t: number): number[] => project(c.map((cj, j) => cj + t * (points[d][j] - cj)));

    const xr = along(-1);
    const fr = evaluate(xr);
    if (fr < values[0]) {
      const xe = along(-2);
      const fe = evaluate(xe);
      if (fe < fr) {
        points[d] = xe;
        values[d] = fe;
      } else {
        points[d] = xr;
        values[d] = fr;
      }
      continue;
    }
    if (fr < values[d - 1]) {
      points[d] = xr;
      values[d] = fr;
      continue;
    }
    // Contraction: outside if the reflected point beats the worst, inside otherwise.
    const outside = fr < values[d];
    const xc = along(outside ? -0.5 : 0.5);
    const fc = evaluate(xc);
    if (fc < (outside ? fr : values[d])) {
      points[d] = xc;
      values[d] = fc;
      continue;
    }
    // Shrink towards the best point.
    for (let i = 1; i <= d; i++) {
      points[i] = project(points[i].map((v, j) => points[0][j] + 0.5 * (v - points[0][j])));
      values[i] = evaluate(points[i]);
    }
  }
  order();
  return { x: points[0], value: values[0], evaluations };
}
