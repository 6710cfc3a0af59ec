import { describe, expect, it } from 'vitest';
import type { Expr } from './ast.js';
import { parseExpr } from './parse.js';
import { errorOf } from '../testing/fixtures.js';

/** A compact, fully parenthesised rendering of the tree, so precedence is visible at a glance. */
function show(e: Expr): string {
  switch (e.type) {
    case 'number': return String(e.value);
    case 'string': return JSON.stringify(e.value);
    case 'boolean': return String(e.value);
    case 'null': return 'null';
    case 'ident': return e.name;
    case 'call': return `${e.name}(${e.args.map(show).join(', ')})`;
    case 'unary': return `(${e.op} ${show(e.arg)})`;
    case 'binary': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'in': return `(${show(e.arg)} ${e.negated ? 'not in' : 'in'} [${e.list.map(show).join(', ')}])`;
    case 'isnull': return `(${show(e.arg)} ${e.negated ? 'is not null' : 'is null'})`;
    case 'like': return `(${show(e.arg)} ${e.negated ? 'not like' : 'like'} ${show(e.pattern)})`;
  }
}

const parse = (src: string) => show(parseExpr(src));


describe('parseExpr: precedence', () => {
  it.each([
    ['or binds looser than and', 'a or b and c', '(a or (b and c))'],
    ['and binds looser than comparison', 'a = 1 and b = 2', '((a = 1) and (b = 2))'],
    ['and is left-associative', 'a and b and c', '((a and b) and c)'],
    ['or is left-associative', 'a or b or c', '((a or b) or c)'],
    ['not binds tighter than and', 'not a and b', '((not a) and b)'],
    ['not binds looser than comparison', 'not a = 1', '(not (a = 1))'],
    ['not not', 'not not a', '(not (not a))'],
    ['parentheses override and/or', '(a or b) and c', '((a or b) and c)'],
    ['* binds tighter than +', '1 + 2 * 3', '(1 + (2 * 3))'],
    ['/ binds tighter than -', 'a - b / c', '(a - (b / c))'],
    ['- is left-associative', 'a - b - c', '((a - b) - c)'],
    ['/ is left-associative', 'a / b / c', '((a / b) / c)'],
    ['parentheses override arithmetic', '(1 + 2) * 3', '((1 + 2) * 3)'],
    ['arithmetic binds tighter than comparison', 'a + 1 >= b * 2', '((a + 1) >= (b * 2))'],
    ['unary minus binds tighter than *', '-a * b', '((- a) * b)'],
    ['unary minus on a parenthesised expression', '-(a + b)', '(- (a + b))'],
    ['aggregate arithmetic', 'count_if(status >= 500) / count()', '(count_if((status >= 500)) / count())'],
    ['call with several arguments', 'sum_if(bytes, ok = true)', 'sum_if(bytes, (ok = true))'],
    ['function names are lower-cased', 'COUNT()', 'count()'],
    ['keywords are case-insensitive', 'a AND NOT b OR c', '((a and (not b)) or c)'],
    ['in binds tighter than and', "a in ('x', 'y') and b", '((a in ["x", "y"]) and b)'],
    ['like binds tighter than or', "a like 'x%' or b", '((a like "x%") or b)'],
    ['is null binds tighter than and', 'a is null and b is not null', '((a is null) and (b is not null))'],
    ['not in front of in negates the whole condition', 'not a in (1)', '(not (a in [1]))'],
  ])('%s: %s', (_desc, src, expected) => {
    expect(parse(src)).toBe(expected);
  });
});

describe('parseExpr: operators and literals', () => {
  it.each([
    ['= ', 'a = 1', '(a = 1)'],
    ['== is =', 'a == 1', '(a = 1)'],
    ['!=', 'a != 1', '(a != 1)'],
    ['<> is !=', 'a <> 1', '(a != 1)'],
    ['<', 'a < 1', '(a < 1)'],
    ['<=', 'a <= 1', '(a <= 1)'],
    ['>', 'a > 1', '(a > 1)'],
    ['>=', 'a >= 1', '(a >= 1)'],
    ['in with one item', "a in ('x')", '(a in ["x"])'],
    ['in with numbers', 'a in (1, 2, 3)', '(a in [1, 2, 3])'],
    ['in with negative numbers', 'a in (-1, 2)', '(a in [-1, 2])'],
    ['not in', "a not in ('x', 'y')", '(a not in ["x", "y"])'],
    ['like', "a like '%x'", '(a like "%x")'],
    ['not like', "a not like '%x'", '(a not like "%x")'],
    ['is null', 'a is null', '(a is null)'],
    ['is not null', 'a is not null', '(a is not null)'],
    ['IS NOT NULL upper case', 'a IS NOT NULL', '(a is not null)'],
    ['true and false', 'true or false', '(true or false)'],
    ['null literal', 'null', 'null'],
    ['integer', '1', '1'],
    ['decimal', '1.5', '1.5'],
    ['leading dot', '.5', '0.5'],
    ['trailing dot', '1.', '1'],
    ['exponent', '1e3', '1000'],
    ['negative exponent', '2.5E-2', '0.025'],
    ['negative number folds into the literal', '-3', '-3'],
    ['double negation folds', '--3', '3'],
    ['subtracting a negative number', '1 - -2', '(1 - -2)'],
    ['empty string', "''", '""'],
    ['doubled quote is an escaped quote', "'it''s'", '"it\'s"'],
    ['only an escaped quote', "''''", '"\'"'],
    ['string keeps spaces and symbols', "'a # b; --'", '"a # b; --"'],
    ['identifier with dot and digits', 'http.status_2xx', 'http.status_2xx'],
    ['identifier keeps its case', 'Region', 'Region'],
    ['whitespace is free', '  a\t=\n1  ', '(a = 1)'],
  ])('%s: %s', (_desc, src, expected) => {
    expect(parse(src)).toBe(expected);
  });

  it('keeps literal values exactly', () => {
    expect(parseExpr("'it''s'")).toEqual({ type: 'string', value: "it's", pos: 1 });
    expect(parseExpr('-1.5')).toEqual({ type: 'number', value: -1.5, pos: 1 });
    expect(parseExpr('.5')).toEqual({ type: 'number', value: 0.5, pos: 1 });
    expect(parseExpr('FALSE')).toEqual({ type: 'boolean', value: false, pos: 1 });
  });

  it('records 1-based positions on every node', () => {
    // 1234567890123456789
    // a >= 5 and b in ('x')
    const e = parseExpr("a >= 5 and b in ('x')");
    expect(e).toMatchObject({
      type: 'binary', op: 'and', pos: 8,
      left: { type: 'binary', op: '>=', pos: 3, left: { pos: 1 }, right: { pos: 6 } },
      right: { type: 'in', pos: 14, arg: { pos: 12 }, list: [{ pos: 18 }] },
    });
    expect(parseExpr('  sum(x)')).toMatchObject({ type: 'call', pos: 3, args: [{ type: 'ident', pos: 7 }] });
  });
});

describe('parseExpr: errors', () => {
  it.each([
    ['unterminated string', "a = 'abc", 'unterminated string at 5'],
    ['unterminated string ending in an escaped quote', "a = 'it''", 'unterminated string at 5'],
    ['unexpected character', 'a # b', 'unexpected character "#" at 3'],
    ['semicolon', 'a = 1; drop', 'unexpected character ";" at 6'],
    ['double-quoted string', 'a = "x"', 'unexpected character """ at 5'],
    ['letters glued to a number', 'a = 12ab', 'unexpected "a" after number at 7'],
    ['trailing identifier', 'a b', 'expected an operator or the end but found "b" at 3'],
    ['trailing string', "a = 1 'x'", "expected an operator or the end but found 'x' at 7"],
    ['trailing close paren', 'a = 1)', 'expected an operator or the end but found ")" at 6'],
    ['chained comparison', 'a = 1 = 2', 'expected an operator or the end but found "=" at 7'],
    ['missing close paren', '(a = 1', 'expected ")" but found end of input at 7'],
    ['missing right operand', 'a =', 'expected a value but found end of input at 4'],
    ['missing operand of and', 'a and', 'expected a value but found end of input at 6'],
    ['bare not', 'not', 'expected a value but found end of input at 4'],
    ['keyword as a value', 'a = and', 'expected a value but found "and" at 5'],
    ['empty in list', 'a in ()', 'expected a value but found ")" at 7'],
    ['in without parentheses', "a in 'x'", `expected "(" but found 'x' at 6`],
    ['expression inside in list', 'a in (1 + 2)', 'expected ")" but found "+" at 9'],
    ['is without null', 'a is 5', 'expected "null" but found "5" at 6'],
    ['is not without null', 'a is not true', 'expected "null" but found "true" at 10'],
    ['unclosed call', 'count(', 'expected a value but found end of input at 7'],
    ['not followed by something other than in/like', 'a not b', 'expected an operator or the end but found "not" at 3'],
  ])('%s: %s', (_desc, src, expected) => {
    const e = errorOf(() => parseExpr(src));
    expect(e.code).toBe('invalid_expression');
    expect(e.status).toBe(400);
    expect(e.message).toBe(`${expected} in expression ${JSON.stringify(src)}`);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
  ])('refuses an %s expression', (_desc, src) => {
    const e = errorOf(() => parseExpr(src, 'measures[0]'));
    expect(e.code).toBe('invalid_expression');
    expect(e.message).toBe('measures[0] is empty');
  });

  it('names the context in the message', () => {
    expect(() => parseExpr('a #', 'filter')).toThrow('unexpected character "#" at 3 in filter "a #"');
  });

  it('pins the messages users read', () => {
    expect(() => parseExpr("service = 'web", 'filter')).toThrowErrorMatchingInlineSnapshot(`[AlmanacError: unterminated string at 11 in filter "service = 'web"]`);
    expect(() => parseExpr('p95(duration_ms) @ 2', 'measures[1]')).toThrowErrorMatchingInlineSnapshot(`[AlmanacError: unexpected character "@" at 18 in measures[1] "p95(duration_ms) @ 2"]`);
    expect(() => parseExpr('count() count()')).toThrowErrorMatchingInlineSnapshot(`[AlmanacError: expected an operator or the end but found "count" at 9 in expression "count() count()"]`);
    expect(() => parseExpr("status in (500, 503")).toThrowErrorMatchingInlineSnapshot(`[AlmanacError: expected ")" but found end of input at 20 in expression "status in (500, 503"]`);
  });
});
