import { describe, expect, it } from 'vitest';
import type { DatasetDef, MetricDef } from '../../core/dataset.js';
import { resolveQuery, type MetricQuery } from '../../query/resolve-query.js';
import { duckdbDialect } from '../duckdb/dialect.js';
import { compileQuery } from './compile-query.js';
import { httpDataset } from '../../testing/fixtures.js';

const http: DatasetDef = httpDataset;
const metrics: MetricDef[] = [{ kind: 'metric', name: 'error_rate', dataset: 'http', expr: 'count_if(status >= 500) / count()' }];
const defs = { dataset: (n: string) => (n === 'http' ? http : undefined), metric: (n: string) => metrics.find((m) => m.name === n) };
const NOW = Date.UTC(2026, 0, 2);
const TABLE = '"ws_acme"."http"';

const compile = (q: MetricQuery) => compileQuery(resolveQuery(q, defs, NOW), TABLE, duckdbDialect);
/** Pinned SQL is written clause by clause for reading; the compiler emits one line. */
const sql = (...parts: string[]) => parts.join(' ');

const JAN1 = Date.UTC(2026, 0, 1);
const JAN1_3H = Date.UTC(2026, 0, 1, 3);
const RANGE = 'WHERE "time" >= make_timestamp(CAST(round(CAST($1 AS DOUBLE) * 1000) AS BIGINT)) AND "time" < make_timestamp(CAST(round(CAST($2 AS DOUBLE) * 1000) AS BIGINT))';
const HOUR_BUCKET = 'CAST(floor(epoch_ms("time") / 3600000) * 3600000 AS DOUBLE) AS __b';
const MONTH_INDEX = '((year("time") * 12 + month("time") - 1) // 1 * 1)';
const MONTH_BUCKET = `epoch_ms(make_timestamp(${MONTH_INDEX} // 12, ${MONTH_INDEX} % 12 + 1, 1, 0, 0, 0))`;

describe('compileQuery (duckdb): pinned SQL', () => {
  it('step + groupBy + filter with a string literal', () => {
    expect(compile({
      dataset: 'http', measures: ['count()'], filter: "service = 'web'", groupBy: ['service'],
      step: '1h', from: '2026-01-01T00:00:00Z', to: '2026-01-01T03:00:00Z',
    })).toEqual({
      sql: sql(
        `SELECT ${HOUR_BUCKET}, "service" AS __g0, CAST(count(*) AS DOUBLE) AS __m0, CAST(count(*) AS DOUBLE) AS __n`,
        `FROM ${TABLE}`,
        `${RANGE} AND ("service" = CAST($3 AS VARCHAR))`,
        'GROUP BY __b, __g0 ORDER BY __g0, __b',
      ),
      params: [JAN1, JAN1_3H, 'web'],
    });
  });

  it('top-N with a step: a ranked subquery over the whole range, joined back', () => {
    expect(compile({
      dataset: 'http', measures: ['p95(duration_ms)', 'count()'], groupBy: ['service'], limit: 2,
      step: '1h', from: '2026-01-01T00:00:00Z', to: '2026-01-01T03:00:00Z',
    })).toEqual({
      sql: sql(
        `SELECT ${HOUR_BUCKET}, "service" AS __g0, CAST(quantile_cont("duration_ms", 0.95) AS DOUBLE) AS __m0, CAST(count(*) AS DOUBLE) AS __m1,`,
        'CAST(count(*) AS DOUBLE) AS __n, min(__top.__rank) AS __rank',
        `FROM ${TABLE} JOIN (SELECT "service" AS __t0,`,
        'row_number() OVER (ORDER BY CAST(quantile_cont("duration_ms", 0.95) AS DOUBLE) DESC NULLS LAST, "service") AS __rank',
        `FROM ${TABLE} ${RANGE} GROUP BY "service" ORDER BY __rank LIMIT 2) AS __top`,
        `ON ${TABLE}."service" IS NOT DISTINCT FROM __top.__t0`,
        RANGE,
        'GROUP BY __b, __g0 ORDER BY __rank, __b',
      ),
      params: [JAN1, JAN1_3H],
    });
  });

  it('top-N without a step: order by the first measure and limit', () => {
    expect(compile({
      dataset: 'http', measures: ['p95(duration_ms)'], groupBy: ['service'], limit: 2,
      from: '2026-01-01T00:00:00Z', to: '2026-01-01T03:00:00Z',
    })).toEqual({
      sql: sql(
        'SELECT CAST($1 AS DOUBLE) AS __b, "service" AS __g0, CAST(quantile_cont("duration_ms", 0.95) AS DOUBLE) AS __m0, CAST(count(*) AS DOUBLE) AS __n',
        `FROM ${TABLE}`,
        'WHERE "time" >= make_timestamp(CAST(round(CAST($2 AS DOUBLE) * 1000) AS BIGINT)) AND "time" < make_timestamp(CAST(round(CAST($3 AS DOUBLE) * 1000) AS BIGINT))',
        'GROUP BY __g0 ORDER BY __m0 DESC NULLS LAST, __g0 LIMIT 2',
      ),
      params: [JAN1, JAN1, JAN1_3H],
    });
  });

  it('calendar step 1mo: buckets from year and month, range starting at the first bucket', () => {
    expect(compile({ dataset: 'http', measures: ['count()'], step: '1mo', from: '2026-01-15', to: '2026-04-01' })).toEqual({
      sql: sql(
        `SELECT CAST(${MONTH_BUCKET} AS DOUBLE) AS __b, CAST(count(*) AS DOUBLE) AS __m0, CAST(count(*) AS DOUBLE) AS __n`,
        `FROM ${TABLE}`,
        RANGE,
        'GROUP BY __b ORDER BY __b',
      ),
      params: [JAN1, Date.UTC(2026, 3, 1)],
    });
  });

  it('1w step: shifted so buckets start on Monday', () => {
    const { sql: text } = compile({ dataset: 'http', measures: ['count()'], step: '1w', from: '2026-01-01T00:00:00Z', to: '2026-01-20T00:00:00Z' });
    expect(text).toContain('CAST(floor((epoch_ms("time") + -345600000) / 604800000) * 604800000 - -345600000 AS DOUBLE) AS __b');
  });

  it('rate() with a fixed step divides by the step in seconds', () => {
    expect(compile({ dataset: 'http', measures: ['rate(duration_ms)'], step: '1m', from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:05:00Z' })).toEqual({
      sql: sql(
        'SELECT CAST(floor(epoch_ms("time") / 60000) * 60000 AS DOUBLE) AS __b, CAST((sum("duration_ms") / 60) AS DOUBLE) AS __m0, CAST(count(*) AS DOUBLE) AS __n',
        `FROM ${TABLE}`,
        RANGE,
        'GROUP BY __b ORDER BY __b',
      ),
      params: [JAN1, Date.UTC(2026, 0, 1, 0, 5)],
    });
  });

  it('rate() with a calendar step divides by the length of each month', () => {
    const start = `make_timestamp(CAST(min(${MONTH_BUCKET}) AS BIGINT) * 1000)`;
    expect(compile({ dataset: 'http', measures: ['rate(duration_ms)'], step: '1mo', from: '2026-01-01', to: '2026-03-01' })).toEqual({
      sql: sql(
        `SELECT CAST(${MONTH_BUCKET} AS DOUBLE) AS __b,`,
        `CAST((sum("duration_ms") / date_diff('second', ${start}, ${start} + INTERVAL 1 MONTH)) AS DOUBLE) AS __m0, CAST(count(*) AS DOUBLE) AS __n`,
        `FROM ${TABLE}`,
        RANGE,
        'GROUP BY __b ORDER BY __b',
      ),
      params: [JAN1, Date.UTC(2026, 2, 1)],
    });
  });

  it('rate() without a step divides by the range in seconds, bound as a parameter', () => {
    expect(compile({ dataset: 'http', measures: ['rate(duration_ms)'], from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z' })).toEqual({
      sql: sql(
        'SELECT CAST($1 AS DOUBLE) AS __b, CAST((sum("duration_ms") / $4) AS DOUBLE) AS __m0, CAST(count(*) AS DOUBLE) AS __n',
        `FROM ${TABLE}`,
        'WHERE "time" >= make_timestamp(CAST(round(CAST($2 AS DOUBLE) * 1000) AS BIGINT)) AND "time" < make_timestamp(CAST(round(CAST($3 AS DOUBLE) * 1000) AS BIGINT))',
      ),
      params: [JAN1, JAN1, Date.UTC(2026, 0, 1, 1), 3600],
    });
  });

  it('division becomes NULLIF(…, 0), for aggregates and for row values', () => {
    expect(compile({
      metric: 'error_rate', measures: ['error_rate', 'sum(duration_ms / 1000)'],
      from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z',
    })).toEqual({
      sql: sql(
        'SELECT CAST($1 AS DOUBLE) AS __b,',
        'CAST((count(*) FILTER (WHERE ("status" >= CAST($4 AS DOUBLE))) / NULLIF(count(*), 0)) AS DOUBLE) AS __m0,',
        'CAST(sum(("duration_ms" / NULLIF(CAST($5 AS DOUBLE), 0))) AS DOUBLE) AS __m1,',
        'CAST(count(*) AS DOUBLE) AS __n',
        `FROM ${TABLE}`,
        'WHERE "time" >= make_timestamp(CAST(round(CAST($2 AS DOUBLE) * 1000) AS BIGINT)) AND "time" < make_timestamp(CAST(round(CAST($3 AS DOUBLE) * 1000) AS BIGINT))',
      ),
      params: [JAN1, JAN1, Date.UTC(2026, 0, 1, 1), 500, 1000],
    });
  });

  it.each([
    ['in', "service in ('a', 'b')", '("service" IN (CAST($3 AS VARCHAR), CAST($4 AS VARCHAR)))', ['a', 'b']],
    ['not in', 'status not in (500, 503)', '("status" NOT IN (CAST($3 AS DOUBLE), CAST($4 AS DOUBLE)))', [500, 503]],
    ['like', "service like 'api%'", '("service" LIKE CAST($3 AS VARCHAR))', ['api%']],
    ['not like', "service not like 'api%'", '("service" NOT LIKE CAST($3 AS VARCHAR))', ['api%']],
    ['is null', 'service is null', '("service" IS NULL)', []],
    ['is not null', 'service is not null', '("service" IS NOT NULL)', []],
    ['!= becomes <>', 'status != 200', '("status" <> CAST($3 AS DOUBLE))', [200]],
    ['booleans are SQL keywords, not parameters', 'ok = true', '("ok" = TRUE)', []],
    ['not and or', 'not ok or status > 1 and ok', '((NOT "ok") OR (("status" > CAST($3 AS DOUBLE)) AND "ok"))', [1]],
    ['time literal', "time >= '2026-01-01T01:00:00Z'", '("time" >= make_timestamp(CAST(round(CAST($3 AS DOUBLE) * 1000) AS BIGINT)))', [Date.UTC(2026, 0, 1, 1)]],
    ['negation and arithmetic', '-duration_ms * 2 < 0', '(((-"duration_ms") * CAST($3 AS DOUBLE)) < CAST($4 AS DOUBLE))', [2, 0]],
  ])('filter %s', (_desc, filter, where, extra) => {
    const out = compile({ dataset: 'http', measures: ['count()'], filter, step: '1h', from: '2026-01-01T00:00:00Z', to: '2026-01-01T03:00:00Z' });
    expect(out.sql).toBe(sql(
      `SELECT ${HOUR_BUCKET}, CAST(count(*) AS DOUBLE) AS __m0, CAST(count(*) AS DOUBLE) AS __n`,
      `FROM ${TABLE}`,
      `${RANGE} AND ${where}`,
      'GROUP BY __b ORDER BY __b',
    ));
    expect(out.params).toEqual([JAN1, JAN1_3H, ...extra]);
  });

  it('several quantiles of one expression share one list aggregate; its argument binds its parameters once', () => {
    const out = compile({
      dataset: 'http', measures: ['p50(duration_ms)', 'p99(duration_ms) - p50(duration_ms)', 'quantile(duration_ms, 0.95)', 'p90(duration_ms * 2)', 'p95(duration_ms * 2)', 'p95(status)'],
      step: '1h', from: '2026-01-01T00:00:00Z', to: '2026-01-01T03:00:00Z',
    });
    const list = 'quantile_cont("duration_ms", [0.5, 0.95, 0.99])';
    const doubled = 'quantile_cont(("duration_ms" * CAST($3 AS DOUBLE)), [0.9, 0.95])';
    expect(out).toEqual({
      sql: sql(
        `SELECT ${HOUR_BUCKET},`,
        `CAST(list_extract(${list}, 1) AS DOUBLE) AS __m0,`,
        `CAST((list_extract(${list}, 3) - list_extract(${list}, 1)) AS DOUBLE) AS __m1,`,
        `CAST(list_extract(${list}, 2) AS DOUBLE) AS __m2,`,
        `CAST(list_extract(${doubled}, 1) AS DOUBLE) AS __m3,`,
        `CAST(list_extract(${doubled}, 2) AS DOUBLE) AS __m4,`,
        // A lone quantile of an expression keeps the scalar form.
        'CAST(quantile_cont("status", 0.95) AS DOUBLE) AS __m5,',
        `CAST(count(*) AS DOUBLE) AS __n FROM ${TABLE} ${RANGE} GROUP BY __b ORDER BY __b`,
      ),
      params: [JAN1, JAN1_3H, 2],
    });
  });

  it.each([
    ['count(column)', 'count(service)', 'count("service")'],
    ['count_distinct', 'count_distinct(service)', 'count(DISTINCT "service")'],
    ['stddev is the sample standard deviation', 'stddev(duration_ms)', 'stddev_samp("duration_ms")'],
    ['quantile', 'quantile(duration_ms, 0.25)', 'quantile_cont("duration_ms", 0.25)'],
    ['first by time', 'first(duration_ms)', 'arg_min("duration_ms", "time")'],
    ['last by time', 'last(duration_ms)', 'arg_max("duration_ms", "time")'],
    ['sum_if', 'sum_if(duration_ms, ok)', 'sum("duration_ms") FILTER (WHERE "ok")'],
    ['numbers are parameters', 'count() * 100', '(count(*) * CAST($3 AS DOUBLE))'],
    ['negated aggregate', '-sum(duration_ms)', '(-sum("duration_ms"))'],
  ])('measure %s', (_desc, measure, expected) => {
    const out = compile({ dataset: 'http', measures: [measure], step: '1h', from: '2026-01-01T00:00:00Z', to: '2026-01-01T03:00:00Z' });
    expect(out.sql).toBe(`SELECT ${HOUR_BUCKET}, CAST(${expected} AS DOUBLE) AS __m0, CAST(count(*) AS DOUBLE) AS __n FROM ${TABLE} ${RANGE} GROUP BY __b ORDER BY __b`);
  });
});

describe('compileQuery (duckdb): user text never reaches the SQL', () => {
  const hostile = [
    "'; DROP TABLE x; --",
    "x' OR '1'='1",
    'a"; DELETE FROM meta.api_keys; --',
    '$$; SELECT 1; $$',
    'it\'s',
    '%\\_',
  ];

  it.each(hostile.map((s) => [s]))('a string literal %s travels as a parameter', (text) => {
    const literal = `'${text.replaceAll("'", "''")}'`;
    const out = compile({
      dataset: 'http', measures: ['count()', `count_if(service = ${literal})`],
      filter: `service = ${literal} or service like ${literal} or service in (${literal}, 'b')`,
      groupBy: ['service'], limit: 3, step: '5m', from: '2026-01-01T00:00:00Z', to: '2026-01-01T03:00:00Z',
    });
    expect(out.params.filter((p) => p === text)).toHaveLength(4);
    expect(out.sql).not.toContain(text);
    expect(out.sql).not.toContain('DROP');
    expect(out.sql).not.toContain('DELETE');
    // Not a single quote in the SQL: no literal was inlined.
    expect(out.sql).not.toMatch(/'/);
  });

  it('pins the SQL and params of a hostile filter', () => {
    const out = compile({ dataset: 'http', measures: ['count()'], filter: "service = '''; DROP TABLE x; --'", from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z' });
    expect(out).toEqual({
      sql: sql(
        'SELECT CAST($1 AS DOUBLE) AS __b, CAST(count(*) AS DOUBLE) AS __m0, CAST(count(*) AS DOUBLE) AS __n',
        `FROM ${TABLE}`,
        'WHERE "time" >= make_timestamp(CAST(round(CAST($2 AS DOUBLE) * 1000) AS BIGINT)) AND "time" < make_timestamp(CAST(round(CAST($3 AS DOUBLE) * 1000) AS BIGINT))',
        'AND ("service" = CAST($4 AS VARCHAR))',
      ),
      params: [JAN1, JAN1, Date.UTC(2026, 0, 1, 1), "'; DROP TABLE x; --"],
    });
  });

  it.each([
    ['plain query', { dataset: 'http', measures: ['count()'] }],
    ['step and filter', { dataset: 'http', measures: ['sum(duration_ms) / count()'], filter: "status >= 500 and service in ('a', 'b')", step: '5m' }],
    ['top-N with step', { dataset: 'http', measures: ['p95(duration_ms)', 'count() * 2'], filter: "service != 'x'", groupBy: ['service', 'ok'], limit: 5, step: '1h' }],
    ['top-N without step', { dataset: 'http', measures: ['count_if(status = 404)'], groupBy: ['status'], limit: 5 }],
    ['rate without step', { dataset: 'http', measures: ['rate(duration_ms)', 'quantile(duration_ms, 0.5)'], filter: 'ok' }],
  ] satisfies [string, MetricQuery][])('%s: every placeholder has a parameter and every parameter is used', (_desc, q) => {
    const out = compile(q);
    const used = new Set([...out.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    expect([...used].sort((a, b) => a - b)).toEqual(out.params.map((_, i) => i + 1));
  });
});

describe('duckdbDialect', () => {
  it.each([
    ['plain name', 'service', '"service"'],
    ['keyword', 'select', '"select"'],
    ['embedded quote is doubled', 'a"b', '"a""b"'],
  ])('quoteIdent: %s', (_desc, name, expected) => {
    expect(duckdbDialect.quoteIdent(name)).toBe(expected);
  });
});

describe('compileQuery (duckdb): the compiled SQL runs and buckets like bucketStart', () => {
  const table = '"http"';
  const run = async (q: MetricQuery) => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      await c.run('CREATE TABLE http ("time" TIMESTAMP, service VARCHAR, status DOUBLE, duration_ms DOUBLE, ok BOOLEAN)');
      await c.run(`INSERT INTO http VALUES
        ('1969-12-31 23:59:59', 'old', 200, 1, true),
        ('1970-01-02 00:00:00', 'old', 200, 1, true),
        ('2026-01-01 00:10:00', 'web', 200, 100, true),
        ('2026-01-20 00:20:00', 'api', 500, 300, false),
        ('2026-02-03 00:00:00', 'api', 200, 10, true)`);
      const { sql: text, params } = compileQuery(resolveQuery(q, defs, NOW), table, duckdbDialect);
      const reader = await c.runAndReadAll(text, params);
      return reader.getRowsJS().map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
    } finally {
      c.closeSync();
      db.closeSync();
    }
  };

  it('puts a time just before the epoch in the bucket before the epoch', async () => {
    const rows = await run({ dataset: 'http', measures: ['count()'], step: '1h', from: '1969-12-31T00:00:00Z', to: '1970-01-01T01:00:00Z' });
    expect(rows).toEqual([[-3_600_000, 1, 1]]);
  });

  it('puts 2 January 1970 (a Friday) in the week starting Monday 29 December 1969', async () => {
    const rows = await run({ dataset: 'http', measures: ['count()'], step: '1w', from: '1969-12-29', to: '1970-01-05' });
    expect(rows).toEqual([[Date.UTC(1969, 11, 29), 2, 2]]);
  });

  it('runs rate() with a calendar step: the sum over each month divided by that month in seconds', async () => {
    const rows = await run({ dataset: 'http', measures: ['rate(duration_ms)'], step: '1mo', from: '2026-01-01', to: '2026-03-01' });
    expect(rows).toEqual([
      [Date.UTC(2026, 0, 1), 400 / (31 * 86_400), 2],
      [Date.UTC(2026, 1, 1), 10 / (28 * 86_400), 1],
    ]);
  });

  it('computes several quantiles of one expression exactly as separate quantiles, and as type-7 interpolation', async () => {
    const base = { dataset: 'http', groupBy: ['service'], from: '1969-12-31T00:00:00Z', to: '2026-03-01T00:00:00Z' };
    const measures = ['p50(duration_ms)', 'p90(duration_ms)', 'p99(duration_ms)', 'p99(duration_ms) - p50(duration_ms)'];
    const together = await run({ ...base, measures });
    const apart = await Promise.all(measures.map((m) => run({ ...base, measures: [m] })));
    // Rows are [bucket, service, …measures, n]; each separate query holds one measure.
    expect(together).toEqual(apart[0].map((r, i) => [r[0], r[1], ...apart.map((a) => a[i][2]), r[3]]));
    const type7 = (xs: number[], q: number) => {
      const s = [...xs].sort((a, b) => a - b);
      const h = (s.length - 1) * q;
      return s[Math.floor(h)] + (h - Math.floor(h)) * (s[Math.ceil(h)] - s[Math.floor(h)]);
    };
    const durations: Record<string, number[]> = { api: [300, 10], old: [1, 1], web: [100] };
    const byService = new Map(together.map((r) => [r[1], r]));
    for (const [service, xs] of Object.entries(durations)) {
      const [, , p50, p90, p99, spread] = byService.get(service)! as number[];
      expect(p50).toBeCloseTo(type7(xs, 0.5), 9);
      expect(p90).toBeCloseTo(type7(xs, 0.9), 9);
      expect(p99).toBeCloseTo(type7(xs, 0.99), 9);
      expect(spread).toBeCloseTo(type7(xs, 0.99) - type7(xs, 0.5), 9);
    }
  });

  it('ranks top-N groups by an item of a list aggregate as by the separate quantile', async () => {
    const base = { dataset: 'http', groupBy: ['service'], limit: 2, step: '1mo', from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' };
    const together = await run({ ...base, measures: ['p90(duration_ms)', 'p10(duration_ms)'] });
    const p90 = await run({ ...base, measures: ['p90(duration_ms)'] });
    const { limit: _, ...allGroups } = base;
    const p10 = await run({ ...allGroups, measures: ['p10(duration_ms)'] });
    const p10Of = (bucket: unknown, service: unknown) => p10.find((r) => r[0] === bucket && r[1] === service)![2];
    // Rows are [bucket, service, …measures, n, rank]: the groups, buckets and ranks of ranking by p90 alone, with p10 beside.
    expect(together).toEqual(p90.map((r) => [r[0], r[1], r[2], p10Of(r[0], r[1]), r[3], r[4]]));
  });

  it('runs top-N by rate() with a calendar step', async () => {
    const rows = await run({ dataset: 'http', measures: ['rate(duration_ms)'], groupBy: ['service'], limit: 1, step: '1mo', from: '2026-01-01', to: '2026-03-01' });
    expect(rows).toEqual([
      [Date.UTC(2026, 0, 1), 'api', 300 / (31 * 86_400), 1, 1],
      [Date.UTC(2026, 1, 1), 'api', 10 / (28 * 86_400), 1, 1],
    ]);
  });
});
