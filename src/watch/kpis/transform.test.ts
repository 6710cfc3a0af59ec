import { describe, expect, it } from 'vitest';
import { AlmanacError } from '../../core/errors.js';
import { createTransform, parseTransform } from './transform.js';

describe('transform', () => {
  it.each([
    ['1 - value', 0.25, 0.75],
    ['value * 100', 0.25, 25],
    ['(value - 3) / 2', 7, 2],
    ['-value + 1', 2, -1],
    ['2 * (1 + value) * 3', 1, 12],
    ['10 - 2 - 3', 0, 5], // left-associative
    ['8 / 4 / 2', 0, 1],
    ['1 + 2 * value', 3, 7], // * before +
    ['1.5e2 - value', 50, 100],
    ['--value', 4, 4],
  ])('%s at %d = %d', (src, v, expected) => {
    expect(createTransform(src)(v)).toBeCloseTo(expected, 12);
  });
  it('passes null through and divides by zero to null', () => {
    expect(createTransform('1 - value')(null)).toBeNull();
    expect(createTransform('1 / value')(0)).toBeNull();
    expect(createTransform(undefined)(3)).toBe(3);
  });
  it.each([
    ['process.exit(1)', 'unknown name "process"'],
    ['value; 1', 'unexpected ";" at 6'],
    ['(1 - value', 'expected ) at 11'],
    ['1 -', 'expected a number, value or ( at 4'],
    ['value ** 2', 'unexpected "*" at 8'],
    ['('.repeat(60) + 'value' + ')'.repeat(60), 'nested too deeply'],
  ])('refuses %s', (src, message) => {
    let err: unknown;
    try { parseTransform(src); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AlmanacError);
    expect((err as AlmanacError).message).toContain(message);
    expect((err as AlmanacError).issues[0].path).toBe('transform');
  });
});
