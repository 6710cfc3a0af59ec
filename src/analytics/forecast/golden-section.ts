/**
 * Golden-section search for a minimum on an interval.
 *
 * Reference: J. Kiefer, "Sequential minimax search for a maximum", Proc. AMS
 * 4(3), 1953; Press et al., Numerical Recipes (3rd ed.) §10.2. Each step keeps
 * 0.618 of the bracket, so ~15 evaluations take a bracket of 0.5 to 1e-4 — a
 * third of what Nelder–Mead needs in one dimension (SES's α).
 */

const INV_PHI = (Math.sqrt(5) - 1) / 2;

/** The x in [lo, hi] minimising f (assumed unimodal there), to within `tolerance`. */
export function goldenSection(f: (x: number) => number, lo: number, hi: number, tolerance = 1e-4): { x: number; value: number } {
  let a = lo;
  let b = hi;
  let c = b - INV_PHI * (b - a);
  let d = a + INV_PHI * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tolerance) {
    if (fc <= fd) {
      b = d; d = c; fd = fc;
      c = b - INV_PHI * (b - a);
      fc = f(c);
    } else {
      a = c; c = d; fc = fd;
      d = a + INV_PHI * (b - a);
      fd = f(d);
    }
  }
  return fc <= fd ? { x: c, value: fc } : { x: d, value: fd };
}
