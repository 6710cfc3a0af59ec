import { describe, expect, it } from 'vitest';
import {
  chiSquareCdf,
  chiSquareQuantile,
  chiSquareSurvival,
  incompleteBeta,
  logGamma,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
  studentTTwoSided,
} from './distributions.js';

const TOL = 1e-9;

describe('normal distribution (published values, e.g. Abramowitz & Stegun table 26.1)', () => {
  it.each([
    ['Φ(0)', 0, 0.5],
    ['Φ(1)', 1, 0.8413447460685429],
    ['Φ(1.96)', 1.96, 0.9750021048517795],
    ['Φ(−3)', -3, 0.0013498980316301],
    ['Φ(−1.644853627)', -1.6448536269514722, 0.05],
  ])('%s', (_d, z, p) => expect(normalCdf(z)).toBeCloseTo(p, 12));

  it.each([
    ['z 0.975', 0.975, 1.959963984540054],
    ['z 0.95', 0.95, 1.6448536269514722],
    ['z 0.8', 0.8, 0.8416212335729143],
    ['z 0.001 (lower tail)', 0.001, -3.090232306167813],
    ['z 1e-10 (far tail)', 1e-10, -6.361340902404056],
  ])('%s', (_d, p, z) => expect(normalQuantile(p)).toBeCloseTo(z, 9));
});

describe('Student t (published critical values)', () => {
  it.each([
    ['t(0.975, 10)', 0.975, 10, 2.228138852],
    ['t(0.975, 1)', 0.975, 1, 12.70620474],
    ['t(0.95, 5)', 0.95, 5, 2.015048373],
    ['t(0.975, 30)', 0.975, 30, 2.042272456],
    ['t(0.995, 2)', 0.995, 2, 9.924843201],
  ])('%s', (_d, p, df, t) => expect(studentTQuantile(p, df)).toBeCloseTo(t, 8));

  it('matches the closed forms for 1 df (Cauchy) and 2 df', () => {
    for (const t of [-7, -1.3, 0, 0.4, 2.5, 30]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
    }
  });

  it('two-sided tail at the critical value is α', () => {
    expect(studentTTwoSided(2.228138851986273, 10)).toBeCloseTo(0.05, 10);
    expect(studentTTwoSided(1.959963984540054, Infinity)).toBeCloseTo(0.05, 12);
  });
});

describe('chi-square (published critical values)', () => {
  it.each([
    ['χ²(0.95, 1)', 0.95, 1, 3.841458821],
    ['χ²(0.95, 2)', 0.95, 2, 5.991464547],
    ['χ²(0.95, 10)', 0.95, 10, 18.30703805],
    ['χ²(0.99, 3)', 0.99, 3, 11.34486673],
  ])('%s', (_d, p, k, x) => expect(chiSquareQuantile(p, k)).toBeCloseTo(x, 8));

  it('matches 1 − e^{−x/2} for 2 df and Φ for 1 df', () => {
    for (const x of [0.1, 1, 4, 20, 60]) {
      expect(chiSquareCdf(x, 2)).toBeCloseTo(1 - Math.exp(-x / 2), 12);
      expect(chiSquareSurvival(x, 1)).toBeCloseTo(2 * normalCdf(-Math.sqrt(x)), 12);
    }
  });
});

describe('incomplete beta and log-gamma', () => {
  it('matches closed forms I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a', () => {
    for (const x of [0.01, 0.3, 0.5, 0.9]) {
      for (const k of [0.5, 2, 7.5, 40]) {
        expect(incompleteBeta(x, 1, k)).toBeCloseTo(1 - Math.pow(1 - x, k), 12);
        expect(incompleteBeta(x, k, 1)).toBeCloseTo(Math.pow(x, k), 12);
      }
    }
  });

  it('ln Γ(n) = ln((n − 1)!) and Γ(½) = √π', () => {
    let f = 1;
    for (let n = 2; n < 30; n++) {
      expect(Math.abs(logGamma(n) - Math.log(f))).toBeLessThan(TOL);
      f *= n;
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
  });
});
