import { AlmanacError } from '../../core/errors.js';

/**
 * The `transform` of a KPI: arithmetic on the metric's value (`1 - value`,
 * `value * 100`, `(value - 3) / 2`). A tiny recursive-descent parser over
 * numbers, `value`, + - * / and parentheses — never `eval`. Division by zero
 * gives null, like the query layer.
 */
export type TransformAst =
  | { k: 'num'; value: number }
  | { k: 'value' }
  | { k: 'neg'; arg: TransformAst }
  | { k: 'bin'; op: '+' | '-' | '*' | '/'; left: TransformAst; right: TransformAst };

const MAX_LENGTH = 500;
const MAX_DEPTH = 50;

/** Positions are 1-based, like the expression language's. */
function fail(index: number, message: string): never {
  const pos = index + 1;
  throw new AlmanacError('invalid_definition', `transform: ${message} at ${pos}`, { issues: [{ path: 'transform', message: `${message} at ${pos}` }] });
}

/** Parse a transform; throws `invalid_definition` naming the position of the problem. */
export function parseTransform(src: string): TransformAst {
  if (src.length > MAX_LENGTH) fail(0, `longer than ${MAX_LENGTH} characters`);
  let i = 0;
  let depth = 0;
  const skip = () => { while (i < src.length && /\s/.test(src[i])) i++; };
  const primary = (): TransformAst => {
    skip();
    if (++depth > MAX_DEPTH) fail(i, 'nested too deeply');
    try {
      const c = src[i];
      if (c === undefined) fail(i, 'expected a number, value or (');
      if (c === '(') {
        i++;
        const e = sum();
        skip();
        if (src[i] !== ')') fail(i, 'expected )');
        i++;
        return e;
      }
      if (c === '-' || c === '+') { i++; const arg = primary(); return c === '-' ? { k: 'neg', arg } : arg; }
      const num = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
      if (num) { i += num[0].length; return { k: 'num', value: Number(num[0]) }; }
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      if (word) {
        if (word[0] !== 'value') fail(i, `unknown name "${word[0]}"; a transform may only use value, numbers, + - * / and parentheses`);
        i += word[0].length;
        return { k: 'value' };
      }
      return fail(i, `unexpected ${JSON.stringify(c)}`);
    } finally {
      depth--;
    }
  };
  const product = (): TransformAst => {
    let left = primary();
    for (;;) {
      skip();
      const op = src[i];
      if (op !== '*' && op !== '/') return left;
      i++;
      left = { k: 'bin', op, left, right: primary() };
    }
  };
  const sum = (): TransformAst => {
    let left = product();
    for (;;) {
      skip();
      const op = src[i];
      if (op !== '+' && op !== '-') return left;
      i++;
      left = { k: 'bin', op, left, right: product() };
    }
  };
  const ast = sum();
  skip();
  if (i < src.length) fail(i, `unexpected ${JSON.stringify(src[i])}`);
  return ast;
}

/** Evaluate a parsed transform; null in, null out; division by zero → null. */
export function evalTransform(ast: TransformAst, value: number | null): number | null {
  if (value === null) return null;
  const ev = (e: TransformAst): number | null => {
    switch (e.k) {
      case 'num': return e.value;
      case 'value': return value;
      case 'neg': { const a = ev(e.arg); return a === null ? null : -a; }
      case 'bin': {
        const a = ev(e.left);
        const b = ev(e.right);
        if (a === null || b === null) return null;
        if (e.op === '/') return b === 0 ? null : a / b;
        return e.op === '+' ? a + b : e.op === '-' ? a - b : a * b;
      }
    }
  };
  const out = ev(ast);
  return out === null || !Number.isFinite(out) ? null : out;
}

/** A function applying the KPI's transform (identity without one). */
export function createTransform(src: string | undefined): (v: number | null) => number | null {
  if (src === undefined || src.trim() === '') return (v) => v;
  const ast = parseTransform(src);
  return (v) => evalTransform(ast, v);
}
