import type { DatasetDef, MetricDef } from '../core/dataset.js';
import { parseIsoTime } from '../core/time.js';
import { didYouMean } from '../core/suggest.js';
import type { Expr } from './ast.js';
import type { AggExpr, AggFn, RowExpr, ValueType } from './checked.js';
import { exprError, parseExpr } from './parse.js';

/** What the checker needs to know: the dataset's columns and the workspace's metrics. */
export interface CheckScope {
  dataset: DatasetDef;
  metric(name: string): MetricDef | undefined;
}

const PLAIN_AGGS: Record<string, AggFn> = {
  sum: 'sum', avg: 'avg', min: 'min', max: 'max', stddev: 'stddev', first: 'first', last: 'last', rate: 'rate', count_distinct: 'count_distinct',
};
const AGG_NAMES = ['count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'stddev', 'quantile', 'count_if', 'sum_if', 'first', 'last', 'rate', 'p50', 'p90', 'p95', 'p99'];
const PERCENTILE = /^p(\d{1,2}(?:\.\d+)?)$/;

/** Most syntax nodes a measure may expand to once metrics are inlined (metrics can refer to each other many times). */
const MAX_EXPANDED_NODES = 5000;

class Checker {
  constructor(
    private src: string,
    private context: string,
    private scope: CheckScope,
    private metricStack: string[],
    private budget = { nodes: 0 },
  ) {}

  private err(pos: number, msg: string) {
    return exprError(this.src, pos, msg, this.context);
  }

  private column(name: string, pos: number): RowExpr {
    const col = this.scope.dataset.columns.find((c) => c.name === name);
    if (!col) {
      const names = this.scope.dataset.columns.map((c) => c.name);
      throw this.err(pos, `unknown column "${name}" in dataset "${this.scope.dataset.name}"${didYouMean(name, names)}`);
    }
    return { k: 'col', name, type: col.type };
  }

  /** A per-row expression (filters, aggregate arguments). */
  row(e: Expr): RowExpr {
    switch (e.type) {
      case 'number': return { k: 'lit', value: e.value, type: 'number' };
      case 'string': return { k: 'lit', value: e.value, type: 'string' };
      case 'boolean': return { k: 'lit', value: e.value, type: 'boolean' };
      case 'null': return { k: 'lit', value: null, type: 'null' };
      case 'ident': return this.column(e.name, e.pos);
      case 'call':
        throw this.err(e.pos, AGG_NAMES.includes(e.name) || PERCENTILE.test(e.name)
          ? `aggregate ${e.name}() is not allowed here; filters and aggregate arguments work on single rows`
          : `unknown function ${e.name}()`);
      case 'unary': {
        const arg = this.row(e.arg);
        if (e.op === '-') { this.want(arg, 'number', e.pos, 'operand of -'); return { k: 'neg', arg, type: 'number' }; }
        this.want(arg, 'boolean', e.pos, 'operand of not');
        return { k: 'not', arg, type: 'boolean' };
      }
      case 'binary': {
        const left = this.row(e.left);
        const right = this.row(e.right);
        if (e.op === 'and' || e.op === 'or') {
          this.want(left, 'boolean', e.left.pos, `left side of ${e.op}`);
          this.want(right, 'boolean', e.right.pos, `right side of ${e.op}`);
          return { k: 'logic', op: e.op, left, right, type: 'boolean' };
        }
        if (e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/') {
          this.want(left, 'number', e.left.pos, `left side of ${e.op}`);
          this.want(right, 'number', e.right.pos, `right side of ${e.op}`);
          return { k: 'arith', op: e.op, left, right, type: 'number' };
        }
        if (left.type === 'null' || right.type === 'null') {
          throw this.err(e.pos, `comparison with null is never true; use "is null" or "is not null"`);
        }
        const [l, r] = this.unify(left, right, e.right.pos, e.left.pos);
        if (l.type === 'boolean' && e.op !== '=' && e.op !== '!=') throw this.err(e.pos, `booleans can only be compared with = or !=`);
        return { k: 'cmp', op: e.op, left: l, right: r, type: 'boolean' };
      }
      case 'in': {
        const arg = this.row(e.arg);
        const list = e.list.map((item) => {
          const v = this.row(item);
          if (v.k !== 'lit' || v.type === 'null') throw this.err(item.pos, 'in (…) takes a list of literal values');
          return this.unify(arg, v, item.pos)[1];
        });
        return { k: 'in', negated: e.negated, arg, list, type: 'boolean' };
      }
      case 'isnull':
        return { k: 'isnull', negated: e.negated, arg: this.row(e.arg), type: 'boolean' };
      case 'like': {
        const arg = this.row(e.arg);
        this.want(arg, 'string', e.arg.pos, 'left side of like');
        const pattern = this.row(e.pattern);
        this.want(pattern, 'string', e.pattern.pos, 'pattern of like');
        return { k: 'like', negated: e.negated, arg, pattern, type: 'boolean' };
      }
    }
  }

  /** Make two operands comparable: a string literal compared with time is parsed as a time. */
  private unify(a: RowExpr, b: RowExpr, pos: number, posA = pos): [RowExpr, RowExpr] {
    const asTime = (x: RowExpr, at: number): RowExpr => {
      if (x.k === 'lit' && typeof x.value === 'string') {
        const ms = parseIsoTime(x.value);
        if (ms === null) throw this.err(at, `'${x.value}' is not an ISO 8601 time`);
        return { k: 'time', ms, type: 'time' };
      }
      return x;
    };
    if (a.type === 'time') b = asTime(b, pos);
    if (b.type === 'time') a = asTime(a, posA);
    if (a.type !== b.type) throw this.err(pos, `cannot compare ${a.type} with ${b.type}`);
    return [a, b];
  }

  private want(e: RowExpr, type: ValueType, pos: number, what: string) {
    if (e.type !== type) throw this.err(pos, `${what} must be ${type === 'number' ? 'a number' : `a ${type}`}, not ${e.type === 'null' ? 'null' : `a ${e.type}`}`);
  }

  /** An aggregate-level expression (a measure). */
  agg(e: Expr): AggExpr {
    switch (e.type) {
      case 'number': return { k: 'num', value: e.value };
      case 'unary':
        if (e.op === '-') return { k: 'neg', arg: this.agg(e.arg) };
        throw this.err(e.pos, 'a measure must be a number; conditions belong in the filter or in count_if()');
      case 'binary':
        if (e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/') {
          return { k: 'arith', op: e.op, left: this.agg(e.left), right: this.agg(e.right) };
        }
        throw this.err(e.pos, 'a measure must be a number; conditions belong in the filter or in count_if()');
      case 'ident': return this.metricRef(e.name, e.pos);
      case 'call': return this.aggCall(e);
      case 'string':
      case 'boolean':
      case 'null':
      case 'in':
      case 'isnull':
      case 'like':
        throw this.err(e.pos, 'a measure must be a number made of aggregates, e.g. count() or sum(bytes) / count()');
    }
  }

  private metricRef(name: string, pos: number): AggExpr {
    const metric = this.scope.metric(name);
    if (!metric) {
      if (this.scope.dataset.columns.some((c) => c.name === name)) {
        throw this.err(pos, `column "${name}" must be inside an aggregate, e.g. sum(${name}) or avg(${name})`);
      }
      throw this.err(pos, `unknown metric or column "${name}"${didYouMean(name, this.scope.dataset.columns.map((c) => c.name))}`);
    }
    if (metric.dataset !== this.scope.dataset.name) {
      throw this.err(pos, `metric "${name}" is defined on dataset "${metric.dataset}", not "${this.scope.dataset.name}"`);
    }
    if (this.metricStack.includes(name)) throw this.err(pos, `metric "${name}" refers to itself (${[...this.metricStack, name].join(' → ')})`);
    const parsed = parseExpr(metric.expr, `metric "${name}"`);
    this.budget.nodes += metric.expr.length;
    if (this.budget.nodes > MAX_EXPANDED_NODES) {
      throw this.err(pos, `metric "${name}" expands to an expression too large to run (metrics referring to metrics many times over); simplify the definitions`);
    }
    return new Checker(metric.expr, `metric "${name}"`, this.scope, [...this.metricStack, name], this.budget).agg(parsed);
  }

  private arity(e: Expr & { type: 'call' }, n: number, usage: string) {
    if (e.args.length !== n) throw this.err(e.pos, `${e.name}() takes ${n === 0 ? 'no arguments' : n === 1 ? 'one argument' : `${n} arguments`}: ${usage}`);
  }

  private numericArg(e: Expr, fn: string): RowExpr {
    const arg = this.row(e);
    this.want(arg, 'number', e.pos, `argument of ${fn}`);
    return arg;
  }

  private aggCall(e: Expr & { type: 'call' }): AggExpr {
    const name = e.name;
    if (name === 'count') {
      if (e.args.length === 0) return { k: 'agg', fn: 'count' };
      this.arity(e, 1, 'count() or count(column)');
      return { k: 'agg', fn: 'count', arg: this.row(e.args[0]) };
    }
    if (name === 'count_if') {
      this.arity(e, 1, 'count_if(condition)');
      const cond = this.row(e.args[0]);
      this.want(cond, 'boolean', e.args[0].pos, 'argument of count_if');
      return { k: 'agg', fn: 'count_if', cond };
    }
    if (name === 'sum_if') {
      this.arity(e, 2, 'sum_if(value, condition)');
      const arg = this.numericArg(e.args[0], name);
      const cond = this.row(e.args[1]);
      this.want(cond, 'boolean', e.args[1].pos, 'condition of sum_if');
      return { k: 'agg', fn: 'sum_if', arg, cond };
    }
    if (name === 'quantile') {
      this.arity(e, 2, 'quantile(value, q) with 0 ≤ q ≤ 1');
      const q = e.args[1];
      if (q.type !== 'number' || q.value < 0 || q.value > 1) throw this.err(q.pos, 'the second argument of quantile() must be a number between 0 and 1');
      return { k: 'agg', fn: 'quantile', arg: this.numericArg(e.args[0], name), q: q.value };
    }
    const pct = PERCENTILE.exec(name);
    if (pct) {
      this.arity(e, 1, `${name}(value)`);
      const p = Number(pct[1]);
      if (p <= 0 || p >= 100) throw this.err(e.pos, `${name}() is not a percentile between p1 and p99`);
      // Rounded so p99.9 is exactly 0.999, not 0.9990000000000001.
      return { k: 'agg', fn: 'quantile', arg: this.numericArg(e.args[0], name), q: Math.round(p * 1e6) / 1e8 };
    }
    const fn = PLAIN_AGGS[name];
    if (fn) {
      this.arity(e, 1, `${name}(column)`);
      // Distinct values can be counted for any type; every other aggregate takes numbers.
      return { k: 'agg', fn, arg: fn === 'count_distinct' ? this.row(e.args[0]) : this.numericArg(e.args[0], name) };
    }
    throw this.err(e.pos, `unknown aggregate ${name}()${didYouMean(name, AGG_NAMES)}`);
  }
}

/** Check a measure (aggregate expression or metric name) against a dataset. */
export function checkMeasure(src: string, scope: CheckScope, context = 'measure'): AggExpr {
  return new Checker(src, context, scope, []).agg(parseExpr(src, context));
}

/** Check a filter: a per-row condition. */
export function checkFilter(src: string, scope: CheckScope, context = 'filter'): RowExpr {
  const e = parseExpr(src, context);
  const checked = new Checker(src, context, scope, []).row(e);
  if (checked.type !== 'boolean') throw exprError(src, e.pos, `a filter must be a condition (true or false), not a ${checked.type}`, context);
  return checked;
}
