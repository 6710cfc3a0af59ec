import { describe, expect, it } from 'vitest';
import type { DatasetDef, MetricDef } from '../core/dataset.js';
import { AlmanacError } from '../core/errors.js';
import { checkFilter, checkMeasure, type CheckScope } from './check.js';
import { httpDataset } from '../testing/fixtures.js';

const http: DatasetDef = httpDataset;

const metric = (name: string, expr: string, dataset = 'http'): MetricDef => ({ kind: 'metric', name, dataset, expr });
const metrics: MetricDef[] = [
  metric('requests', 'count()'),
  metric('errors', 'count_if(status >= 500)'),
  metric('error_rate', 'errors / requests'),
  metric('error_pct', 'error_rate * 100'),
  metric('orders_total', 'sum(amount)', 'orders'),
  metric('uses_other_dataset', 'orders_total + 1'),
  metric('self_loop', 'self_loop + 1'),
  metric('loop_a', 'loop_b + 1'),
  metric('loop_b', 'loop_c * 2'),
  metric('loop_c', 'loop_a - 1'),
  metric('broken', 'sum(durration)'),
];
const scope: CheckScope = { dataset: http, metric: (n) => metrics.find((m) => m.name === n) };

const measure = (src: string) => checkMeasure(src, scope);
const filter = (src: string) => checkFilter(src, scope);

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AlmanacError);
    expect((e as AlmanacError).code).toBe('invalid_expression');
    return (e as AlmanacError).message;
  }
  throw new Error('expected an error');
}

const col = (name: string, type: string) => ({ k: 'col', name, type });
const num = (value: number) => ({ k: 'lit', value, type: 'number' });
const str = (value: string) => ({ k: 'lit', value, type: 'string' });

describe('checkMeasure: accepted measures', () => {
  it.each([
    ['count()', 'count()', { k: 'agg', fn: 'count' }],
    ['count of a column', 'count(service)', { k: 'agg', fn: 'count', arg: col('service', 'string') }],
    ['count_distinct of a string', 'count_distinct(service)', { k: 'agg', fn: 'count_distinct', arg: col('service', 'string') }],
    ['sum', 'sum(duration_ms)', { k: 'agg', fn: 'sum', arg: col('duration_ms', 'number') }],
    ['sum of row arithmetic', 'sum(duration_ms / 1000)', { k: 'agg', fn: 'sum', arg: { k: 'arith', op: '/', left: col('duration_ms', 'number'), right: num(1000), type: 'number' } }],
    ['avg', 'avg(duration_ms)', { k: 'agg', fn: 'avg', arg: col('duration_ms', 'number') }],
    ['min', 'min(status)', { k: 'agg', fn: 'min', arg: col('status', 'number') }],
    ['max', 'max(status)', { k: 'agg', fn: 'max', arg: col('status', 'number') }],
    ['stddev', 'stddev(duration_ms)', { k: 'agg', fn: 'stddev', arg: col('duration_ms', 'number') }],
    ['first', 'first(duration_ms)', { k: 'agg', fn: 'first', arg: col('duration_ms', 'number') }],
    ['last', 'last(duration_ms)', { k: 'agg', fn: 'last', arg: col('duration_ms', 'number') }],
    ['rate', 'rate(duration_ms)', { k: 'agg', fn: 'rate', arg: col('duration_ms', 'number') }],
    ['p50', 'p50(duration_ms)', { k: 'agg', fn: 'quantile', arg: col('duration_ms', 'number'), q: 0.5 }],
    ['p95', 'p95(duration_ms)', { k: 'agg', fn: 'quantile', arg: col('duration_ms', 'number'), q: 0.95 }],
    ['p99', 'p99(duration_ms)', { k: 'agg', fn: 'quantile', arg: col('duration_ms', 'number'), q: 0.99 }],
    ['p1 (the lowest percentile)', 'p1(duration_ms)', { k: 'agg', fn: 'quantile', arg: col('duration_ms', 'number'), q: 0.01 }],
    ['P95 upper case', 'P95(duration_ms)', { k: 'agg', fn: 'quantile', arg: col('duration_ms', 'number'), q: 0.95 }],
    ['quantile 0', 'quantile(duration_ms, 0)', { k: 'agg', fn: 'quantile', arg: col('duration_ms', 'number'), q: 0 }],
    ['quantile 0.25', 'quantile(duration_ms, 0.25)', { k: 'agg', fn: 'quantile', arg: col('duration_ms', 'number'), q: 0.25 }],
    ['quantile 1', 'quantile(duration_ms, 1)', { k: 'agg', fn: 'quantile', arg: col('duration_ms', 'number'), q: 1 }],
    ['count_if', 'count_if(status >= 500)', { k: 'agg', fn: 'count_if', cond: { k: 'cmp', op: '>=', left: col('status', 'number'), right: num(500), type: 'boolean' } }],
    ['count_if on a boolean column', 'count_if(ok)', { k: 'agg', fn: 'count_if', cond: col('ok', 'boolean') }],
    ['sum_if', 'sum_if(duration_ms, not ok)', { k: 'agg', fn: 'sum_if', arg: col('duration_ms', 'number'), cond: { k: 'not', arg: col('ok', 'boolean'), type: 'boolean' } }],
    ['a number', '42', { k: 'num', value: 42 }],
    ['negated aggregate', '-count()', { k: 'neg', arg: { k: 'agg', fn: 'count' } }],
    ['aggregate arithmetic', 'sum(duration_ms) / count()', { k: 'arith', op: '/', left: { k: 'agg', fn: 'sum', arg: col('duration_ms', 'number') }, right: { k: 'agg', fn: 'count' } }],
  ])('%s: %s', (_desc, src, expected) => {
    expect(measure(src)).toEqual(expected);
  });
});

describe('checkMeasure: metric references', () => {
  const errors = { k: 'agg', fn: 'count_if', cond: { k: 'cmp', op: '>=', left: col('status', 'number'), right: num(500), type: 'boolean' } };

  it('inlines a metric by name', () => {
    expect(measure('errors')).toEqual(errors);
  });

  it('inlines a derived metric and the metrics it references', () => {
    expect(measure('error_rate')).toEqual({ k: 'arith', op: '/', left: errors, right: { k: 'agg', fn: 'count' } });
  });

  it('inlines metrics two levels deep inside arithmetic', () => {
    expect(measure('error_pct - 1')).toEqual({
      k: 'arith', op: '-',
      left: { k: 'arith', op: '*', left: { k: 'arith', op: '/', left: errors, right: { k: 'agg', fn: 'count' } }, right: { k: 'num', value: 100 } },
      right: { k: 'num', value: 1 },
    });
  });

  it.each([
    ['metric on another dataset', 'orders_total', 'metric "orders_total" is defined on dataset "orders", not "http" at 1 in measure "orders_total"'],
    ['metric referencing a metric on another dataset', 'uses_other_dataset',
      'metric "orders_total" is defined on dataset "orders", not "http" at 1 in metric "uses_other_dataset" "orders_total + 1"'],
    ['metric referring to itself', 'self_loop', 'metric "self_loop" refers to itself (self_loop → self_loop) at 1 in metric "self_loop" "self_loop + 1"'],
    ['three-metric cycle', 'loop_a', 'metric "loop_a" refers to itself (loop_a → loop_b → loop_c → loop_a) at 1 in metric "loop_c" "loop_a - 1"'],
    ['cycle entered from the middle', 'count() + loop_b', 'metric "loop_b" refers to itself (loop_b → loop_c → loop_a → loop_b) at 1 in metric "loop_a" "loop_b + 1"'],
    ['error inside a referenced metric names that metric', 'broken', 'unknown column "durration" in dataset "http" at 5 in metric "broken" "sum(durration)"'],
  ])('%s', (_desc, src, expected) => {
    expect(messageOf(() => measure(src))).toBe(expected);
  });

  it('may use the same metric twice without calling it a cycle', () => {
    expect(measure('errors + errors')).toEqual({ k: 'arith', op: '+', left: errors, right: errors });
  });
});

describe('checkMeasure: refused measures', () => {
  it.each([
    ['unknown column with a suggestion', 'sum(durration_ms)', 'unknown column "durration_ms" in dataset "http" (did you mean "duration_ms"?) at 5'],
    ['unknown column, nothing close', 'sum(bytes)', 'unknown column "bytes" in dataset "http" at 5'],
    ['bare column gets a hint', 'duration_ms', 'column "duration_ms" must be inside an aggregate, e.g. sum(duration_ms) or avg(duration_ms) at 1'],
    ['bare column inside arithmetic', 'count() / status', 'column "status" must be inside an aggregate, e.g. sum(status) or avg(status) at 11'],
    ['unknown name with a column suggestion', 'servce', 'unknown metric or column "servce" (did you mean "service"?) at 1'],
    ['unknown aggregate with a suggestion', 'coutn()', 'unknown aggregate coutn() (did you mean "count"?) at 1'],
    ['unknown aggregate', 'median(duration_ms)', 'unknown aggregate median() at 1'],
    ['aggregate inside an aggregate', 'sum(count())', 'aggregate count() is not allowed here; filters and aggregate arguments work on single rows at 5'],
    ['condition as a measure', 'count() > 10', 'a measure must be a number; conditions belong in the filter or in count_if() at 9'],
    ['not as a measure', 'not count()', 'a measure must be a number; conditions belong in the filter or in count_if() at 1'],
    ['string as a measure', "'x'", 'a measure must be a number made of aggregates, e.g. count() or sum(bytes) / count() at 1'],
    ['null as a measure', 'null', 'a measure must be a number made of aggregates, e.g. count() or sum(bytes) / count() at 1'],
    ['sum of a string', 'sum(service)', 'argument of sum must be a number, not a string at 5'],
    ['avg of a boolean', 'avg(ok)', 'argument of avg must be a number, not a boolean at 5'],
    ['min of a string', 'min(service)', 'argument of min must be a number, not a string at 5'],
    ['first of a string', 'first(service)', 'argument of first must be a number, not a string at 7'],
    ['p95 of a string', 'p95(service)', 'argument of p95 must be a number, not a string at 5'],
    ['p95 of the time column', 'p95(time)', 'argument of p95 must be a number, not a time at 5'],
    ['p0', 'p0(duration_ms)', 'p0() is not a percentile between p1 and p99 at 1'],
    ['p100', 'p100(duration_ms)', 'unknown aggregate p100() (did you mean "p50"?) at 1'],
    ['percentile with two arguments', 'p95(duration_ms, 0.5)', 'p95() takes one argument: p95(value) at 1'],
    ['quantile above 1', 'quantile(duration_ms, 1.5)', 'the second argument of quantile() must be a number between 0 and 1 at 23'],
    ['quantile below 0', 'quantile(duration_ms, -0.1)', 'the second argument of quantile() must be a number between 0 and 1 at 23'],
    ['quantile with a column for q', 'quantile(duration_ms, status)', 'the second argument of quantile() must be a number between 0 and 1 at 23'],
    ['quantile with one argument', 'quantile(duration_ms)', 'quantile() takes 2 arguments: quantile(value, q) with 0 ≤ q ≤ 1 at 1'],
    ['count with two arguments', 'count(status, ok)', 'count() takes one argument: count() or count(column) at 1'],
    ['sum without arguments', 'sum()', 'sum() takes one argument: sum(column) at 1'],
    ['count_if without arguments', 'count_if()', 'count_if() takes one argument: count_if(condition) at 1'],
    ['count_if with two arguments', 'count_if(ok, ok)', 'count_if() takes one argument: count_if(condition) at 1'],
    ['count_if on a number', 'count_if(status)', 'argument of count_if must be a boolean, not a number at 10'],
    ['count_if with an aggregate inside', 'count_if(count() > 1)', 'aggregate count() is not allowed here; filters and aggregate arguments work on single rows at 10'],
    ['sum_if with one argument', 'sum_if(duration_ms)', 'sum_if() takes 2 arguments: sum_if(value, condition) at 1'],
    ['sum_if with three arguments', 'sum_if(duration_ms, ok, ok)', 'sum_if() takes 2 arguments: sum_if(value, condition) at 1'],
    ['sum_if with a number condition', 'sum_if(duration_ms, status)', 'condition of sum_if must be a boolean, not a number at 21'],
    ['sum_if of a string', 'sum_if(service, ok)', 'argument of sum_if must be a number, not a string at 8'],
  ])('%s: %s', (_desc, src, expected) => {
    expect(messageOf(() => measure(src))).toBe(`${expected} in measure ${JSON.stringify(src)}`);
  });

  it('names the context it was given', () => {
    expect(messageOf(() => checkMeasure('sum(bytes)', scope, 'measures[2]'))).toBe('unknown column "bytes" in dataset "http" at 5 in measures[2] "sum(bytes)"');
  });

  it('pins the hint for a bare column', () => {
    expect(() => checkMeasure('duration_ms', scope, 'measures[0]')).toThrowErrorMatchingInlineSnapshot(
      `[AlmanacError: column "duration_ms" must be inside an aggregate, e.g. sum(duration_ms) or avg(duration_ms) at 1 in measures[0] "duration_ms"]`,
    );
  });
});

describe('checkFilter: accepted filters', () => {
  const jan1 = Date.UTC(2026, 0, 1);
  it.each([
    ['string equality', "service = 'web'", { k: 'cmp', op: '=', left: col('service', 'string'), right: str('web'), type: 'boolean' }],
    ['string ordering', "service >= 'a'", { k: 'cmp', op: '>=', left: col('service', 'string'), right: str('a'), type: 'boolean' }],
    ['number comparison', 'status != 200', { k: 'cmp', op: '!=', left: col('status', 'number'), right: num(200), type: 'boolean' }],
    ['boolean column alone', 'ok', col('ok', 'boolean')],
    ['boolean equality', 'ok = false', { k: 'cmp', op: '=', left: col('ok', 'boolean'), right: { k: 'lit', value: false, type: 'boolean' }, type: 'boolean' }],
    ['literal on the left', '500 <= status', { k: 'cmp', op: '<=', left: num(500), right: col('status', 'number'), type: 'boolean' }],
    ['in strings', "service in ('a', 'b')", { k: 'in', negated: false, arg: col('service', 'string'), list: [str('a'), str('b')], type: 'boolean' }],
    ['not in numbers', 'status not in (500, -1)', { k: 'in', negated: true, arg: col('status', 'number'), list: [num(500), num(-1)], type: 'boolean' }],
    ['like', "service like 'api-%'", { k: 'like', negated: false, arg: col('service', 'string'), pattern: str('api-%'), type: 'boolean' }],
    ['not like', "service not like '%test%'", { k: 'like', negated: true, arg: col('service', 'string'), pattern: str('%test%'), type: 'boolean' }],
    ['is null', 'service is null', { k: 'isnull', negated: false, arg: col('service', 'string'), type: 'boolean' }],
    ['is not null', 'duration_ms is not null', { k: 'isnull', negated: true, arg: col('duration_ms', 'number'), type: 'boolean' }],
    ['and of conditions', 'ok and status < 500', { k: 'logic', op: 'and', left: col('ok', 'boolean'), right: { k: 'cmp', op: '<', left: col('status', 'number'), right: num(500), type: 'boolean' }, type: 'boolean' }],
    ['row arithmetic in a comparison', 'duration_ms / 1000 > 1', { k: 'cmp', op: '>', left: { k: 'arith', op: '/', left: col('duration_ms', 'number'), right: num(1000), type: 'number' }, right: num(1), type: 'boolean' }],
    ['time vs ISO string becomes a time literal', "time >= '2026-01-01T00:00:00Z'", { k: 'cmp', op: '>=', left: col('time', 'time'), right: { k: 'time', ms: jan1, type: 'time' }, type: 'boolean' }],
    ['time vs ISO with an offset', "time < '2026-01-01T02:00:00+02:00'", { k: 'cmp', op: '<', left: col('time', 'time'), right: { k: 'time', ms: jan1, type: 'time' }, type: 'boolean' }],
    ['time vs a bare date', "time = '2026-01-01'", { k: 'cmp', op: '=', left: col('time', 'time'), right: { k: 'time', ms: jan1, type: 'time' }, type: 'boolean' }],
    ['ISO string on the left of time', "'2026-01-01T00:00:00Z' <= time", { k: 'cmp', op: '<=', left: { k: 'time', ms: jan1, type: 'time' }, right: col('time', 'time'), type: 'boolean' }],
    ['time in a list of ISO strings', "time in ('2026-01-01')", { k: 'in', negated: false, arg: col('time', 'time'), list: [{ k: 'time', ms: jan1, type: 'time' }], type: 'boolean' }],
  ])('%s: %s', (_desc, src, expected) => {
    expect(filter(src)).toEqual(expected);
  });
});

describe('checkFilter: refused filters', () => {
  it.each([
    ['unknown column with a suggestion', "servce = 'web'", 'unknown column "servce" in dataset "http" (did you mean "service"?) at 1'],
    ['unknown column in a list test', 'stauts in (500)', 'unknown column "stauts" in dataset "http" (did you mean "status"?) at 1'],
    ['unknown column, nothing close', 'region = 1', 'unknown column "region" in dataset "http" at 1'],
    ['aggregate in a filter', 'count() > 5', 'aggregate count() is not allowed here; filters and aggregate arguments work on single rows at 1'],
    ['percentile in a filter', 'p95(duration_ms) > 5', 'aggregate p95() is not allowed here; filters and aggregate arguments work on single rows at 1'],
    ['count_if in a filter', 'count_if(ok)', 'aggregate count_if() is not allowed here; filters and aggregate arguments work on single rows at 1'],
    ['unknown function', 'lower(service) = 1', 'unknown function lower() at 1'],
    ['number vs string', "status = '500'", 'cannot compare number with string at 10'],
    ['string vs number', 'service = 5', 'cannot compare string with number at 11'],
    ['boolean vs number', 'ok = 1', 'cannot compare boolean with number at 6'],
    ['boolean ordering', 'ok > false', 'booleans can only be compared with = or != at 4'],
    ['like on a number', "status like '5%'", 'left side of like must be a string, not a number at 1'],
    ['like with a number pattern', 'service like 5', 'pattern of like must be a string, not a number at 14'],
    ['in list with mixed types', "status in (500, 'x')", 'cannot compare number with string at 17'],
    ['in list with a column', 'status in (duration_ms)', 'in (…) takes a list of literal values at 12'],
    ['in list with null', 'service in (null)', 'in (…) takes a list of literal values at 13'],
    ['comparison with null', 'service = null', 'comparison with null is never true; use "is null" or "is not null" at 9'],
    ['null on the left', 'null != status', 'comparison with null is never true; use "is null" or "is not null" at 6'],
    ['time vs a number', 'time > 5', 'cannot compare time with number at 8'],
    ['time vs a non-ISO string', "time > 'yesterday'", "'yesterday' is not an ISO 8601 time at 8"],
    ['time vs ISO without an offset', "time > '2026-01-01T00:00:00'", "'2026-01-01T00:00:00' is not an ISO 8601 time at 8"],
    ['time vs an impossible date', "time > '2026-02-30'", "'2026-02-30' is not an ISO 8601 time at 8"],
    ['bad time string on the left is located on the left', "'soon' < time", "'soon' is not an ISO 8601 time at 1"],
    ['bad time string in a list', "time in ('2026-01-01', 'later')", "'later' is not an ISO 8601 time at 24"],
    ['time vs a string column', 'time = service', 'cannot compare time with string at 8'],
    ['a number is not a condition', 'status', 'a filter must be a condition (true or false), not a number at 1'],
    ['arithmetic is not a condition', 'status + 1', 'a filter must be a condition (true or false), not a number at 8'],
    ['a string is not a condition', "'x'", 'a filter must be a condition (true or false), not a string at 1'],
    ['not of a number', 'not status', 'operand of not must be a boolean, not a number at 1'],
    ['and with a number', 'ok and status', 'right side of and must be a boolean, not a number at 8'],
    ['or with a string on the left', "service or ok", 'left side of or must be a boolean, not a string at 1'],
    ['arithmetic on a string', "service + 1 > 0", 'left side of + must be a number, not a string at 1'],
    ['negating a string', "-service = 'x'", 'operand of - must be a number, not a string at 1'],
  ])('%s: %s', (_desc, src, expected) => {
    expect(messageOf(() => filter(src))).toBe(`${expected} in filter ${JSON.stringify(src)}`);
  });

  it('pins the messages users read', () => {
    expect(() => filter("servce = 'web' and status >= 500")).toThrowErrorMatchingInlineSnapshot(
      `[AlmanacError: unknown column "servce" in dataset "http" (did you mean "service"?) at 1 in filter "servce = 'web' and status >= 500"]`,
    );
    expect(() => filter('duration_ms = null')).toThrowErrorMatchingInlineSnapshot(
      `[AlmanacError: comparison with null is never true; use "is null" or "is not null" at 13 in filter "duration_ms = null"]`,
    );
  });
});
