import type { ArithmeticOp, ComparisonOp } from './ast.js';

/**
 * The checked form of expressions: every identifier resolved to a column of the
 * dataset (metrics already inlined), every node typed. This is what the SQL
 * compilers consume; nothing here is user text except literal values.
 */
export type ValueType = 'number' | 'string' | 'boolean' | 'time' | 'null';

export type RowExpr =
  | { k: 'col'; name: string; type: ValueType }
  | { k: 'lit'; value: number | string | boolean | null; type: ValueType }
  | { k: 'time'; ms: number; type: 'time' }
  | { k: 'neg'; arg: RowExpr; type: 'number' }
  | { k: 'arith'; op: ArithmeticOp; left: RowExpr; right: RowExpr; type: 'number' }
  | { k: 'cmp'; op: ComparisonOp; left: RowExpr; right: RowExpr; type: 'boolean' }
  | { k: 'logic'; op: 'and' | 'or'; left: RowExpr; right: RowExpr; type: 'boolean' }
  | { k: 'not'; arg: RowExpr; type: 'boolean' }
  | { k: 'in'; negated: boolean; arg: RowExpr; list: RowExpr[]; type: 'boolean' }
  | { k: 'isnull'; negated: boolean; arg: RowExpr; type: 'boolean' }
  | { k: 'like'; negated: boolean; arg: RowExpr; pattern: RowExpr; type: 'boolean' };

export type AggFn =
  | 'count'
  | 'count_distinct'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'stddev'
  | 'quantile'
  | 'count_if'
  | 'sum_if'
  | 'first'
  | 'last'
  | 'rate';

export type AggExpr =
  | { k: 'agg'; fn: AggFn; arg?: RowExpr; cond?: RowExpr; q?: number }
  | { k: 'num'; value: number }
  | { k: 'neg'; arg: AggExpr }
  | { k: 'arith'; op: ArithmeticOp; left: AggExpr; right: AggExpr };
