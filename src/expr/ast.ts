/** The expression language's syntax tree. Every node keeps its 1-based position in the source. */
export type Expr =
  | { type: 'number'; value: number; pos: number }
  | { type: 'string'; value: string; pos: number }
  | { type: 'boolean'; value: boolean; pos: number }
  | { type: 'null'; pos: number }
  | { type: 'ident'; name: string; pos: number }
  | { type: 'call'; name: string; args: Expr[]; pos: number }
  | { type: 'unary'; op: '-' | 'not'; arg: Expr; pos: number }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: number }
  | { type: 'in'; negated: boolean; arg: Expr; list: Expr[]; pos: number }
  | { type: 'isnull'; negated: boolean; arg: Expr; pos: number }
  | { type: 'like'; negated: boolean; arg: Expr; pattern: Expr; pos: number };

export type ArithmeticOp = '+' | '-' | '*' | '/';
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type BinaryOp = ArithmeticOp | ComparisonOp | 'and' | 'or';
