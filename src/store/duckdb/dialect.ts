import { stepOffsetMs } from '../../core/time.js';
import type { Dialect } from '../sql/dialect.js';

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  // Names reaching here were validated against [A-Za-z_][A-Za-z0-9_]*; quoting
  // still escapes, so a bug elsewhere cannot become an injection.
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
  param: (n) => `$${n}`,
  // Rounded to the microsecond, the precision rows are stored with.
  timeFromMs: (p) => `make_timestamp(CAST(round(CAST(${p} AS DOUBLE) * 1000) AS BIGINT))`,
  bucketMs(col, step) {
    if (step.kind === 'fixed') {
      const off = stepOffsetMs(step);
      const shifted = off === 0 ? `epoch_ms(${col})` : `(epoch_ms(${col}) + ${off})`;
      // floor, not `//`: DuckDB's integer division truncates toward zero, which
      // would put times before the epoch in the bucket after theirs.
      return off === 0 ? `floor(${shifted} / ${step.ms}) * ${step.ms}` : `floor(${shifted} / ${step.ms}) * ${step.ms} - ${off}`;
    }
    // Calendar steps: months since year 0, floored to the step, back to a date.
    const idx = `((year(${col}) * 12 + month(${col}) - 1) // ${step.months} * ${step.months})`;
    return `epoch_ms(make_timestamp(${idx} // 12, ${idx} % 12 + 1, 1, 0, 0, 0))`;
  },
  bucketSeconds(b, step) {
    if (step.kind === 'fixed') return String(step.ms / 1000);
    const start = `make_timestamp(CAST(${b} AS BIGINT) * 1000)`;
    return `date_diff('second', ${start}, ${start} + INTERVAL ${step.months} MONTH)`;
  },
  // quantile_cont is exact with linear interpolation (type 7), as the issue asks.
  quantile: (arg, q) => `quantile_cont(${arg}, ${q})`,
  // The list form computes the same type-7 quantiles as separate calls, bit for bit.
  quantiles: (arg, qs) => `quantile_cont(${arg}, [${qs.join(', ')}])`,
  listItem: (list, i) => `list_extract(${list}, ${i})`,
  stddev: (arg) => `stddev_samp(${arg})`,
  argMin: (arg, by) => `arg_min(${arg}, ${by})`,
  argMax: (arg, by) => `arg_max(${arg}, ${by})`,
  toDouble: (e) => `CAST(${e} AS DOUBLE)`,
};
