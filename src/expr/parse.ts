import { AlmanacError } from '../core/errors.js';
import type { BinaryOp, Expr } from './ast.js';

/**
 * A hand-written lexer and precedence-climbing parser for the expression language
 * (ARCHITECTURE §5). Positions are 1-based character offsets, reported in every error.
 */
type Token =
  | { t: 'num'; v: number; pos: number }
  | { t: 'str'; v: string; pos: number }
  | { t: 'id'; v: string; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'eof'; pos: number };

const MAX_NESTING = 64;
const MAX_DEPTH = 256;

/** Depth of a syntax tree, without recursion (long operator chains are deep). */
export function depthOf(root: Expr): number {
  let max = 0;
  const stack: [Expr, number][] = [[root, 1]];
  while (stack.length) {
    const [e, d] = stack.pop()!;
    if (d > max) max = d;
    for (const child of childrenOf(e)) stack.push([child, d + 1]);
  }
  return max;
}

function childrenOf(e: Expr): Expr[] {
  switch (e.type) {
    case 'call': return e.args;
    case 'unary': case 'isnull': return [e.arg];
    case 'binary': return [e.left, e.right];
    case 'in': return [e.arg, ...e.list];
    case 'like': return [e.arg, e.pattern];
    default: return [];
  }
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'like', 'is', 'null', 'true', 'false']);

export function exprError(source: string, pos: number, message: string, context = 'expression'): AlmanacError {
  return new AlmanacError('invalid_expression', `${message} at ${pos} in ${context} ${JSON.stringify(source)}`);
}

function lex(src: string, context: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const pos = i + 1;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]), pos });
      i += m[0].length;
      if (/[A-Za-z_]/.test(src[i] ?? '')) throw exprError(src, i + 1, `unexpected "${src[i]}" after number`, context);
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0], pos });
      i += m[0].length;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= src.length) throw exprError(src, pos, 'unterminated string', context);
        if (src[j] === "'") {
          if (src[j + 1] === "'") { s += "'"; j += 2; continue; }
          break;
        }
        s += src[j++];
      }
      out.push({ t: 'str', v: s, pos });
      i = j + 1;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['<=', '>=', '!=', '<>', '=='].includes(two)) {
      out.push({ t: 'op', v: two === '<>' ? '!=' : two === '==' ? '=' : two, pos });
      i += 2;
      continue;
    }
    if ('+-*/(),<>='.includes(c)) {
      out.push({ t: 'op', v: c, pos });
      i++;
      continue;
    }
    throw exprError(src, pos, `unexpected character "${c}"`, context);
  }
  out.push({ t: 'eof', pos: src.length + 1 });
  return out;
}

/** Parse an expression; `context` names it in errors (e.g. `measures[1]`). */
export function parseExpr(src: string, context = 'expression'): Expr {
  if (typeof src !== 'string' || src.trim() === '') throw new AlmanacError('invalid_expression', `${context} is empty`);
  const toks = lex(src, context);
  let k = 0;
  // Nesting is bounded so a hostile input cannot overflow the stack here, in
  // the checker, or in the database (DuckDB refuses expressions deeper than 1000).
  let nesting = 0;
  const nest = <T>(tok: Token, fn: () => T): T => {
    if (++nesting > MAX_NESTING) throw exprError(src, tok.pos, `the expression is nested more than ${MAX_NESTING} levels deep`, context);
    try { return fn(); } finally { nesting--; }
  };
  const peek = () => toks[k];
  const isKw = (tok: Token, kw: string) => tok.t === 'id' && tok.v.toLowerCase() === kw;
  const isOp = (tok: Token, op: string) => tok.t === 'op' && tok.v === op;
  const fail = (tok: Token, what: string): never => {
    const seen = tok.t === 'eof' ? 'end of input' : tok.t === 'str' ? `'${tok.v}'` : `"${String(tok.v)}"`;
    throw exprError(src, tok.pos, `expected ${what} but found ${seen}`, context);
  };
  const expectOp = (op: string) => { if (!isOp(peek(), op)) fail(peek(), `"${op}"`); k++; };

  function orExpr(): Expr {
    let left = andExpr();
    while (isKw(peek(), 'or')) { const pos = peek().pos; k++; left = { type: 'binary', op: 'or', left, right: andExpr(), pos }; }
    return left;
  }
  function andExpr(): Expr {
    let left = notExpr();
    while (isKw(peek(), 'and')) { const pos = peek().pos; k++; left = { type: 'binary', op: 'and', left, right: notExpr(), pos }; }
    return left;
  }
  function notExpr(): Expr {
    if (isKw(peek(), 'not')) { const tok = peek(); k++; return { type: 'unary', op: 'not', arg: nest(tok, notExpr), pos: tok.pos }; }
    return comparison();
  }
  function comparison(): Expr {
    const left = additive();
    const tok = peek();
    if (tok.t === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(tok.v)) {
      k++;
      return { type: 'binary', op: tok.v as BinaryOp, left, right: additive(), pos: tok.pos };
    }
    let negated = false;
    if (isKw(tok, 'not') && (isKw(toks[k + 1], 'in') || isKw(toks[k + 1], 'like'))) { negated = true; k++; }
    if (isKw(peek(), 'in')) {
      const pos = peek().pos; k++;
      expectOp('(');
      const list: Expr[] = [primary()];
      while (isOp(peek(), ',')) { k++; list.push(primary()); }
      expectOp(')');
      return { type: 'in', negated, arg: left, list, pos };
    }
    if (isKw(peek(), 'like')) {
      const pos = peek().pos; k++;
      return { type: 'like', negated, arg: left, pattern: additive(), pos };
    }
    if (isKw(peek(), 'is')) {
      const pos = peek().pos; k++;
      let neg = false;
      if (isKw(peek(), 'not')) { neg = true; k++; }
      if (!isKw(peek(), 'null')) fail(peek(), '"null"');
      k++;
      return { type: 'isnull', negated: neg, arg: left, pos };
    }
    return left;
  }
  function additive(): Expr {
    let left = multiplicative();
    while (isOp(peek(), '+') || isOp(peek(), '-')) {
      const tok = peek() as { v: '+' | '-'; pos: number }; k++;
      left = { type: 'binary', op: tok.v, left, right: multiplicative(), pos: tok.pos };
    }
    return left;
  }
  function multiplicative(): Expr {
    let left = unary();
    while (isOp(peek(), '*') || isOp(peek(), '/')) {
      const tok = peek() as { v: '*' | '/'; pos: number }; k++;
      left = { type: 'binary', op: tok.v, left, right: unary(), pos: tok.pos };
    }
    return left;
  }
  function unary(): Expr {
    if (isOp(peek(), '-')) {
      const tok = peek(); k++;
      const pos = tok.pos;
      const arg = nest(tok, unary);
      if (arg.type === 'number') return { type: 'number', value: -arg.value, pos };
      return { type: 'unary', op: '-', arg, pos };
    }
    return primary();
  }
  function primary(): Expr {
    const tok = peek();
    if (tok.t === 'num') { k++; return { type: 'number', value: tok.v, pos: tok.pos }; }
    if (tok.t === 'str') { k++; return { type: 'string', value: tok.v, pos: tok.pos }; }
    if (isOp(tok, '(')) { k++; const e = nest(tok, orExpr); expectOp(')'); return e; }
    if (isOp(tok, '-')) return unary();
    if (tok.t === 'id') {
      const lower = tok.v.toLowerCase();
      if (lower === 'true' || lower === 'false') { k++; return { type: 'boolean', value: lower === 'true', pos: tok.pos }; }
      if (lower === 'null') { k++; return { type: 'null', pos: tok.pos }; }
      if (KEYWORDS.has(lower)) fail(tok, 'a value');
      k++;
      if (isOp(peek(), '(')) {
        k++;
        const args: Expr[] = [];
        if (!isOp(peek(), ')')) {
          args.push(nest(tok, orExpr));
          while (isOp(peek(), ',')) { k++; args.push(nest(tok, orExpr)); }
        }
        expectOp(')');
        return { type: 'call', name: lower, args, pos: tok.pos };
      }
      return { type: 'ident', name: tok.v, pos: tok.pos };
    }
    return fail(tok, 'a value');
  }

  const e = orExpr();
  if (peek().t !== 'eof') fail(peek(), 'an operator or the end');
  if (depthOf(e) > MAX_DEPTH) throw exprError(src, 1, `the expression is more than ${MAX_DEPTH} operations deep; split it into metrics`, context);
  return e;
}
