import { describe, expect, it } from 'vitest';
import { COLOR_SCHEMES } from '../dashboards/schema.js';
import { PALETTES, SEQUENTIAL, STATUS, paletteFor, thresholdColor, thresholdStops } from './colors.js';
import { THEMES } from './theme.js';

const HEX = /^#[0-9a-f]{6}$/i;

/** WCAG relative luminance, to check text stays readable on each theme. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};

describe('colour schemes', () => {
  it.each(COLOR_SCHEMES)('%s has at least 8 distinct valid colours, a ramp and status colours', (scheme) => {
    const p = PALETTES[scheme];
    expect(p.every((c) => HEX.test(c))).toBe(true);
    expect(new Set(p.map((c) => c.toLowerCase())).size).toBeGreaterThanOrEqual(8);
    expect(new Set(p.map((c) => c.toLowerCase())).size).toBe(p.length);
    expect(SEQUENTIAL[scheme].length).toBeGreaterThanOrEqual(2);
    const s = STATUS[scheme];
    expect(new Set([s.good, s.warn, s.bad]).size).toBe(3);
  });

  it('okabe-ito is exactly the eight Okabe–Ito colours', () => {
    // Okabe & Ito (2008), Color Universal Design, as RGB: black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.
    const rgb = [[0, 0, 0], [230, 159, 0], [86, 180, 233], [0, 158, 115], [240, 228, 66], [0, 114, 178], [213, 94, 0], [204, 121, 167]];
    const want = rgb.map((c) => '#' + c.map((x) => x.toString(16).padStart(2, '0')).join('')).sort();
    expect(PALETTES['okabe-ito'].map((c) => c.toLowerCase()).sort()).toEqual(want);
  });

  it('swaps black for near-white on dark backgrounds only', () => {
    expect(paletteFor('okabe-ito', 'light')).toContain('#000000');
    expect(paletteFor('okabe-ito', 'dark')).not.toContain('#000000');
    expect(paletteFor('almanac', 'dark')).toEqual([...PALETTES.almanac]);
  });

  it('theme text is readable (WCAG AA, 4.5:1) on its background', () => {
    for (const t of Object.values(THEMES)) {
      expect(contrast(t.text, t.background)).toBeGreaterThan(4.5);
      expect(contrast(t.muted, t.background)).toBeGreaterThan(4.5);
    }
  });
});

describe('thresholds', () => {
  const s = STATUS.almanac;
  it('colours a value by how many thresholds it reached', () => {
    expect(thresholdColor(5, [10, 20], 'almanac', 'x')).toBe(s.good);
    expect(thresholdColor(10, [10, 20], 'almanac', 'x')).toBe(s.warn);
    expect(thresholdColor(25, [10, 20], 'almanac', 'x')).toBe(s.bad);
    expect(thresholdColor(25, [], 'almanac', 'x')).toBe('x');
    expect(thresholdColor(null, [10], 'almanac', 'x')).toBe('x');
  });

  it('gauge stops end at 1 and colour each segment by its start', () => {
    expect(thresholdStops([25, 75], 0, 100, 'almanac', 'x')).toEqual([[0.25, s.good], [0.75, s.warn], [1, s.bad]]);
    // A threshold outside the dial still colours it: values here are already past 50.
    expect(thresholdStops([50], 60, 100, 'almanac', 'x')).toEqual([[1, s.bad]]);
    expect(thresholdStops(undefined, 0, 100, 'almanac', 'x')).toEqual([[1, 'x']]);
  });
});
