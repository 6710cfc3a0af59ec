import { describe, expect, it } from 'vitest';
import { formatChange, formatFullTime, formatKindOf, formatSi, formatTime, formatValue, type FormatSpec } from './format.js';

describe('formatValue', () => {
  const cases: [string, number | null, FormatSpec, string][] = [
    ['plain integer', 42, {}, '42'],
    ['plain fraction', 3.14159, {}, '3.14'],
    ['tens keep one decimal', 12.345, {}, '12.3'],
    ['hundreds are whole', 123.6, {}, '124'],
    ['thousands abbreviated', 12_345, {}, '12.3k'],
    ['millions abbreviated', 4_500_000, {}, '4.5M'],
    ['billions', 7_250_000_000, {}, '7.3G'],
    ['rounding moves up a prefix', 999_960, {}, '1M'],
    ['negative', -12_345, {}, '-12.3k'],
    ['tiny values keep two significant digits', 0.000123, {}, '0.00012'],
    ['zero', 0, {}, '0'],
    ['fixed decimals', 2, { decimals: 2 }, '2.00'],
    ['fixed decimals on SI', 12_345, { decimals: 2 }, '12.35k'],
    ['plain unit is appended', 1234, { unit: 'requests' }, '1.2k requests'],
    ['ratio unit is a percent', 0.0123, { unit: 'ratio' }, '1.23%'],
    ['explicit percent format', 0.5, { format: 'percent' }, '50%'],
    ['% unit is already in percent', 45, { unit: '%' }, '45%'],
    ['percent near 100 keeps the digits that matter', 0.9991, { unit: 'ratio' }, '99.91%'],
    ['percent very near 100', 0.99999, { unit: 'ratio' }, '99.999%'],
    ['percent with decimals', 0.12345, { format: 'percent', decimals: 1 }, '12.3%'],
    ['currency USD cents', 12.5, { unit: 'USD', format: 'currency' }, '$12.50'],
    ['currency USD whole', 12, { unit: 'USD' }, '$12'],
    ['currency USD SI', 12_345, { unit: 'USD' }, '$12.3k'],
    ['currency negative', -1500, { unit: 'USD' }, '-$1.5k'],
    ['currency EUR', 3.5, { unit: 'EUR' }, '€3.50'],
    ['currency other code', 3.5, { format: 'currency', unit: 'CHF' }, '3.50 CHF'],
    ['bytes', 512, { format: 'bytes' }, '512 B'],
    ['kilobytes', 1536, { unit: 'bytes' }, '1.5 kB'],
    ['gigabytes', 5e9, { format: 'bytes' }, '5 GB'],
    ['duration ms', 250, { unit: 'ms' }, '250 ms'],
    ['duration seconds', 1234, { unit: 'ms' }, '1.2 s'],
    ['duration minutes', 150_000, { format: 'duration-ms' }, '2.5 min'],
    ['duration hours', 3 * 3_600_000, { unit: 'ms' }, '3 h'],
    ['duration days', 2.5 * 86_400_000, { unit: 'ms' }, '2.5 d'],
    ['sub-millisecond', 0.45, { unit: 'ms' }, '0.45 ms'],
    ['seconds unit', 90, { unit: 's' }, '1.5 min'],
    ['null', null, { unit: 'ms' }, '–'],
    ['NaN', Number.NaN, {}, '–'],
    ['explicit format beats the unit', 0.5, { unit: 'ms', format: 'number' }, '0.5 ms'],
  ];
  it.each(cases)('%s: %s → %s', (_what, v, spec, want) => {
    expect(formatValue(v, spec)).toBe(want);
  });

  it('leaves a plain unit out on axes', () => {
    expect(formatValue(1234, { unit: 'requests' }, false)).toBe('1.2k');
    expect(formatValue(1234, { unit: 'ms' }, false)).toBe('1.2 s');
  });

  it('infers the kind from the unit', () => {
    expect([formatKindOf({ unit: 'ratio' }), formatKindOf({ unit: 'ms' }), formatKindOf({ unit: 'USD' }), formatKindOf({ unit: 'bytes' }), formatKindOf({ unit: 'rows' })])
      .toEqual(['percent', 'duration-ms', 'currency', 'bytes', 'number']);
  });

  it('SI prefixes agree with powers of 1000 across magnitudes', () => {
    const prefixes = ['', 'k', 'M', 'G', 'T', 'P'];
    for (let e = 0; e < 18; e++) {
      const v = 1.5 * 10 ** e;
      const text = formatSi(v);
      const i = Math.floor(e / 3);
      const scaled = v / 1000 ** i;
      expect(text.endsWith(prefixes[i]) || i === 0).toBe(true);
      expect(Number(text.replace(/[a-zA-Z]$/, ''))).toBeCloseTo(scaled, scaled >= 100 ? -1 : 0);
    }
  });
});

describe('formatChange and times', () => {
  it('signs changes', () => {
    expect(formatChange(0.123)).toBe('+12.3%');
    expect(formatChange(-0.05)).toBe('-5%');
    expect(formatChange(0)).toBe('0%');
    expect(formatChange(null)).toBe('–');
  });

  it('formats bucket times in UTC at the precision of the step', () => {
    const t = Date.UTC(2026, 0, 5, 14, 30, 15);
    expect(formatTime(t, 86_400_000)).toBe('2026-01-05');
    expect(formatTime(t, 300_000)).toBe('01-05 14:30');
    expect(formatTime(t, 10_000)).toBe('01-05 14:30:15');
    expect(formatTime(t)).toBe('2026-01-05 14:30');
    expect(formatFullTime(Date.UTC(2026, 0, 5, 14, 30))).toBe('2026-01-05 14:30 UTC');
    expect(formatFullTime(t)).toBe('2026-01-05 14:30:15 UTC');
  });
});
