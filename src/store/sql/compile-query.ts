import type { AggExpr, RowExpr } from '../../expr/checked.js';
import type { CheckedQuery } from '../../query/checked-query.js';
import type { Dialect } from './dialect.js';

export interface CompiledSql {
  sql: string;
  params: (string | number | boolean)[];
}

/**
 * Compile a checked metric query to one SQL statement. User text reaches the SQL
 * only as bound parameters; identifiers come from the dataset schema.
 *
 * Output columns: __b (bucket ms), __g0… (group values), __m0… (measures), __n (rows aggregated).
 */
export function compileQuery(q: CheckedQuery, table: string, d: Dialect): CompiledSql {
  const params: (string | number | boolean)[] = [];
  const bind = (v: string | number | boolean) => {
    params.push(v);
    return d.param(params.length);
  };
  const time = d.quoteIdent(q.dataset.timeColumn);
  const bucket = q.step ? d.bucketMs(time, q.step) : bind(q.from);
  const rangeSeconds = (q.to - q.from) / 1000;

  const row = (e: RowExpr): string => {
    switch (e.k) {
      case 'col': return d.quoteIdent(e.name);
      case 'lit':
        if (e.value === null) return 'NULL';
        if (typeof e.value === 'boolean') return e.value ? 'TRUE' : 'FALSE';
        return typeof e.value === 'number' ? `CAST(${bind(e.value)} AS DOUBLE)` : `CAST(${bind(e.value)} AS VARCHAR)`;
      case 'time': return d.timeFromMs(bind(e.ms));
      case 'neg': return `(-${row(e.arg)})`;
      case 'arith': return e.op === '/' ? `(${row(e.left)} / NULLIF(${row(e.right)}, 0))` : `(${row(e.left)} ${e.op} ${row(e.right)})`;
      case 'cmp': return `(${row(e.left)} ${e.op === '!=' ? '<>' : e.op} ${row(e.right)})`;
      case 'logic': return `(${row(e.left)} ${e.op.toUpperCase()} ${row(e.right)})`;
      case 'not': return `(NOT ${row(e.arg)})`;
      case 'in': return `(${row(e.arg)} ${e.negated ? 'NOT IN' : 'IN'} (${e.list.map(row).join(', ')}))`;
      case 'isnull': return `(${row(e.arg)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
      case 'like': return `(${row(e.arg)} ${e.negated ? 'NOT LIKE' : 'LIKE'} ${row(e.pattern)})`;
    }
  };

  // Several quantiles of one expression (p50, p95, p99 of duration_ms) share one
  // sort: each becomes an item of one list aggregate, quantile_cont(x, [q1, q2, …]).
  // DuckDB computes identical aggregate expressions once, so repeating the list
  // aggregate in each measure costs nothing, as long as its text is identical: the
  // argument is compiled once per expression and reused (bound parameters included).
  const quantileSets = quantilesByArg(q.measures.map((m) => m.expr));
  const quantileArgs = new Map<string, string>();

  const agg = (e: AggExpr): string => {
    switch (e.k) {
      case 'num': return `CAST(${bind(e.value)} AS DOUBLE)`;
      case 'neg': return `(-${agg(e.arg)})`;
      case 'arith': return e.op === '/' ? `(${agg(e.left)} / NULLIF(${agg(e.right)}, 0))` : `(${agg(e.left)} ${e.op} ${agg(e.right)})`;
      case 'agg': {
        if (e.fn === 'quantile') {
          const key = JSON.stringify(e.arg);
          const qs = quantileSets.get(key)!;
          if (qs.length === 1) return d.quantile(row(e.arg!), e.q!);
          let arg = quantileArgs.get(key);
          if (arg === undefined) quantileArgs.set(key, (arg = row(e.arg!)));
          return d.listItem(d.quantiles(arg, qs), qs.indexOf(e.q!) + 1);
        }
        const a = e.arg ? row(e.arg) : '';
        switch (e.fn) {
          case 'count': return e.arg ? `count(${a})` : 'count(*)';
          case 'count_distinct': return `count(DISTINCT ${a})`;
          case 'sum': case 'avg': case 'min': case 'max': return `${e.fn}(${a})`;
          case 'stddev': return d.stddev(a);
          case 'count_if': return `count(*) FILTER (WHERE ${row(e.cond!)})`;
          case 'sum_if': return `sum(${a}) FILTER (WHERE ${row(e.cond!)})`;
          case 'first': return d.argMin(a, time);
          case 'last': return d.argMax(a, time);
          // min(bucket) is the bucket itself within a group; as an aggregate it is valid
          // in every grouping (the bare bucket expression is not, once wrapped in functions).
          case 'rate': return `(sum(${a}) / ${q.step ? d.bucketSeconds(`min(${bucket})`, q.step) : bind(rangeSeconds)})`;
        }
      }
    }
  };

  const where = [`${time} >= ${d.timeFromMs(bind(q.from))}`, `${time} < ${d.timeFromMs(bind(q.to))}`];
  if (q.filter) where.push(row(q.filter));
  const whereSql = where.join(' AND ');
  const groups = q.groupBy.map((g) => d.quoteIdent(g));
  const measures = q.measures.map((m) => d.toDouble(agg(m.expr)));

  const select = [
    `${d.toDouble(bucket)} AS __b`,
    ...groups.map((g, i) => `${g} AS __g${i}`),
    ...measures.map((m, i) => `${m} AS __m${i}`),
    'CAST(count(*) AS DOUBLE) AS __n',
  ];
  const groupByCols = [...(q.step ? ['__b'] : []), ...groups.map((_, i) => `__g${i}`)];
  const groupClause = groupByCols.length ? ` GROUP BY ${groupByCols.join(', ')}` : '';

  // Top-N groups by the first measure over the whole range.
  if (q.limit !== undefined && groups.length > 0) {
    if (!q.step) {
      return {
        sql: `SELECT ${select.join(', ')} FROM ${table} WHERE ${whereSql}${groupClause} ORDER BY __m0 DESC NULLS LAST, ${groups.map((_, i) => `__g${i}`).join(', ')} LIMIT ${q.limit}`,
        params,
      };
    }
    // The top-N subquery repeats the WHERE clause; numbered placeholders let it reuse the same parameters.
    const topMeasure = measures[0];
    const top = `SELECT ${groups.map((g, i) => `${g} AS __t${i}`).join(', ')}, row_number() OVER (ORDER BY ${topMeasure} DESC NULLS LAST, ${groups.join(', ')}) AS __rank FROM ${table} WHERE ${whereSql} GROUP BY ${groups.join(', ')} ORDER BY __rank LIMIT ${q.limit}`;
    const on = groups.map((g, i) => `${table}.${g} IS NOT DISTINCT FROM __top.__t${i}`).join(' AND ');
    return {
      sql: `SELECT ${select.join(', ')}, min(__top.__rank) AS __rank FROM ${table} JOIN (${top}) AS __top ON ${on} WHERE ${whereSql}${groupClause} ORDER BY __rank, __b`,
      params,
    };
  }
  const order = [...groups.map((_, i) => `__g${i}`), ...(q.step ? ['__b'] : [])];
  return { sql: `SELECT ${select.join(', ')} FROM ${table} WHERE ${whereSql}${groupClause}${order.length ? ` ORDER BY ${order.join(', ')}` : ''}`, params };
}

/** The distinct quantiles asked of each quantile argument (keyed by its checked expression), ascending. */
export function quantilesByArg(exprs: AggExpr[]): Map<string, number[]> {
  const sets = new Map<string, Set<number>>();
  const walk = (e: AggExpr): void => {
    if (e.k === 'agg') {
      if (e.fn !== 'quantile') return;
      const key = JSON.stringify(e.arg);
      let set = sets.get(key);
      if (!set) sets.set(key, (set = new Set()));
      set.add(e.q!);
    } else if (e.k === 'neg') walk(e.arg);
    else if (e.k === 'arith') { walk(e.left); walk(e.right); }
  };
  exprs.forEach(walk);
  return new Map([...sets].map(([k, set]) => [k, [...set].sort((a, b) => a - b)]));
}
