import { periodOverPeriod } from '../../analytics/trend/period-over-period.js';
import type { DatasetDef, MetricDef } from '../../core/dataset.js';
import { notFound } from '../../core/errors.js';
import { bucketStart, nextBucket, type Step } from '../../core/time.js';
import type { AggExpr } from '../../expr/checked.js';
import type { CheckedQuery, Fill } from '../../query/checked-query.js';
import { resolveQuery } from '../../query/resolve-query.js';
import { shapeAnswer } from '../../query/shape-answer.js';
import type { Store } from '../../store/store.js';
import { forecastPeriodValue } from './forecast-period.js';
import { measureShape, type MeasureShape } from './measure-shape.js';
import { parsePeriod, periodAt, periodsBetween, type KpiPeriod } from './period.js';
import { achievement, categorize, categoryConfidence, forecastText, overallScore, scoringSpec, type ScoringSpec } from './score.js';
import { createTransform } from './transform.js';
import type { KpiChange, KpiDef, KpiForecast, KpiHistory, KpiPace, KpiRow, Scorecard } from './types.js';
import { queryRows } from '../../query/answer-cache.js';

/**
 * Scorecards: the KPIs of a workspace evaluated from the data through the query
 * layer, scored by the pure functions of `score.ts`.
 */

/** A change is tested only with at least this many buckets in each period. */
export const MIN_TEST_BUCKETS = 3;
/** Significance level of the change test. */
export const ALPHA = 0.05;
/** Most periods one history answer may hold per KPI. */
export const MAX_HISTORY_PERIODS = 1000;

interface PreparedKpi {
  def: KpiDef;
  spec: ScoringSpec;
  period: KpiPeriod;
  transform: (v: number | null) => number | null;
  /** The KPI query resolved; range and step are replaced per use. */
  base: CheckedQuery;
  shape: MeasureShape;
  /** Time of the dataset's first row (null when it has none): before it there is no data; after it, a sum or count over nothing is 0. */
  dataStart: number | null;
}

async function prepare(store: Store, workspace: string, names: string[] | undefined): Promise<PreparedKpi[]> {
  const defs = await store.listDefinitions(workspace);
  const find = (kind: string, name: string) => defs.find((d) => d.kind === kind && d.name === name);
  let kpis = defs.filter((d) => d.kind === 'kpi') as unknown as KpiDef[];
  if (names && names.length) {
    for (const n of names) if (!find('kpi', n)) throw notFound(`kpi "${n}"`);
    kpis = kpis.filter((k) => names.includes(k.name));
  }
  const starts = new Map<string, Promise<number | null>>();
  const dataStart = (ds: DatasetDef) => {
    if (!starts.has(ds.name)) starts.set(ds.name, store.stats(workspace, ds).then((st) => st.minTime));
    return starts.get(ds.name)!;
  };
  const out: PreparedKpi[] = [];
  for (const def of kpis.sort((a, b) => a.name.localeCompare(b.name))) {
    const base = resolveQuery(def.query, {
      dataset: (n) => find('dataset', n) as unknown as DatasetDef | undefined,
      metric: (n) => find('metric', n) as unknown as MetricDef | undefined,
    }, 0);
    out.push({
      def, spec: scoringSpec(def), period: parsePeriod(def.period), transform: createTransform(def.transform), base,
      shape: measureShape(base.measures[0].expr), dataStart: await dataStart(base.dataset),
    });
  }
  return out;
}

/**
 * A sum or count over a range without rows is 0 once the dataset has data
 * (no incidents this week is a value, and a good one); before its first row there
 * is no value. Other measures over no rows have no value.
 */
function orZero(k: PreparedKpi, raw: number | null, to: number): number | null {
  return raw === null && k.shape.kind === 'additive' && k.dataStart !== null && k.dataStart < to ? 0 : raw;
}

type Points = [number, number | null][];

async function runSeries(store: Store, workspace: string, base: CheckedQuery, opts: { from: number; to: number; step?: Step; measures?: AggExpr[]; fill?: Fill }): Promise<Points[]> {
  const measures = opts.measures ? opts.measures.map((expr, i) => ({ label: `m${i}`, expr })) : base.measures;
  const from = opts.step ? bucketStart(opts.from, opts.step) : opts.from;
  const q: CheckedQuery = { ...base, measures, groupBy: [], limit: undefined, from, to: opts.to, step: opts.step, fill: opts.fill ?? 'null' };
  const { rows } = await queryRows(store, workspace, q);
  const series = shapeAnswer(q, rows);
  return measures.map((_, i) => series[i]?.points ?? []);
}

/** The exact value of the KPI's measure over [from, to) (untransformed). */
async function valueOver(store: Store, workspace: string, k: PreparedKpi, from: number, to: number): Promise<number | null> {
  if (!(from < to)) return null;
  const [points] = await runSeries(store, workspace, k.base, { from, to });
  return points[0]?.[1] ?? null;
}

/**
 * Where a running period of a sum or count stands against its target: a day's
 * sum at 02:00 is a fraction of a full day's, and scoring it as if the day were
 * over would call every such KPI poor until evening. The value so far is
 * divided by the share of the period's total that is normally in by this point
 * — the share the previous period had reached at the same fraction of its
 * length (traffic is low at night, so 02:00 holds far less than 2/24 of a day),
 * or, when the previous period has nothing to go by, the fraction of time elapsed.
 */
interface Pace {
  basis: 'previous period' | 'elapsed time';
  /** Fraction of the period's length elapsed. */
  elapsed: number;
  /** Fraction of the period's total expected by now. */
  expectedShare: number;
  /** value so far ÷ expectedShare (untransformed): what the period totals at this pace. */
  projected: number;
  /** The previous period's value up to the same fraction of its length, and where that ends. */
  previousSoFar: number | null;
  previousTo: number;
}

async function paceOf(store: Store, workspace: string, k: PreparedKpi, p: { from: number; to: number; previousFrom: number }, end: number, soFar: number | null, previousTotal: number | null): Promise<Pace | null> {
  if (k.shape.kind !== 'additive' || soFar === null) return null;
  const elapsed = (end - p.from) / (p.to - p.from);
  if (!(elapsed > 0 && elapsed < 1)) return null;
  const previousTo = p.previousFrom + elapsed * (p.from - p.previousFrom);
  const previousSoFar = orZero(k, await valueOver(store, workspace, k, p.previousFrom, previousTo), previousTo);
  const share = previousTotal !== null && previousSoFar !== null && previousTotal > 0 && previousSoFar > 0 && previousSoFar <= previousTotal
    ? previousSoFar / previousTotal : null;
  const expectedShare = share ?? elapsed;
  return { basis: share === null ? 'elapsed time' : 'previous period', elapsed, expectedShare, projected: soFar / expectedShare, previousSoFar, previousTo };
}

/** The pace as a scorecard row shows it (transformed like the value). */
function paceView(k: PreparedKpi, pace: Pace | null): KpiPace | null {
  if (!pace) return null;
  return { basis: pace.basis, elapsed: pace.elapsed, expectedShare: pace.expectedShare, projected: k.transform(pace.projected) };
}

/** Per-bucket series of a KPI: its measure, and for a ratio the numerator and denominator. */
interface BucketData {
  step: Step & { kind: 'fixed' };
  value: Points;
  numerator?: Points;
  denominator?: Points;
}

async function bucketsOver(store: Store, workspace: string, k: PreparedKpi, from: number, to: number): Promise<BucketData> {
  const step = k.period.bucket as Step & { kind: 'fixed' };
  const extra = k.shape.kind === 'ratio' ? [k.shape.numerator, k.shape.denominator] : [];
  const [value, numerator, denominator] = await runSeries(store, workspace, k.base, { from, to, step, measures: [k.base.measures[0].expr, ...extra] });
  // An empty bucket of a sum or count is a real zero, not a gap — once the dataset's data has begun.
  const start = k.dataStart;
  const zeroed = (p: Points): Points => (start === null ? [] : p.filter(([t]) => t + step.ms > start).map(([t, v]) => [t, v ?? 0]));
  if (k.shape.kind === 'additive') return { step, value: zeroed(value) };
  if (k.shape.kind === 'ratio') return { step, value, numerator: zeroed(numerator), denominator: zeroed(denominator) };
  return { step, value };
}

/** Values of the buckets that lie wholly inside [from, to). */
function bucketsIn(points: Points, step: Step & { kind: 'fixed' }, from: number, to: number): (number | null)[] {
  return points.filter(([t]) => t >= from && t + step.ms <= to).map(([, v]) => v);
}

function finite(xs: (number | null)[]): number[] {
  return xs.filter((v): v is number => v !== null && Number.isFinite(v));
}

function changeOf(value: number | null, previous: number | null, cur: number[], prev: number[], comparedWith: KpiChange['comparedWith']): KpiChange | null {
  if (value === null || previous === null) return null;
  const absolute = value - previous;
  const relative = previous === 0 ? null : absolute / Math.abs(previous);
  const buckets = { current: cur.length, previous: prev.length };
  if (cur.length < MIN_TEST_BUCKETS || prev.length < MIN_TEST_BUCKETS) {
    return { previous, comparedWith, absolute, relative, pValue: null, significant: null, significance: 'insufficient data', buckets };
  }
  const pValue = periodOverPeriod(cur, prev).pValue;
  if (pValue === null) return { previous, comparedWith, absolute, relative, pValue: null, significant: null, significance: 'insufficient data', buckets };
  const significant = pValue < ALPHA;
  return { previous, comparedWith, absolute, relative, pValue, significant, significance: significant ? 'significant' : 'not significant', buckets };
}

function scored(k: PreparedKpi, value: number | null) {
  if (value === null) return { achievement: null, category: null };
  const a = achievement(k.spec, value);
  return { achievement: a, category: categorize(a, k.spec.thresholds) };
}

function forecastOf(k: PreparedKpi, value: number | null, state: 'running' | 'ended' | 'rolling'): KpiForecast | null {
  if (value === null) return null;
  const s = scored(k, value);
  return { value, achievement: s.achievement, category: s.category, text: forecastText(k.spec, value, s.achievement!, s.category!, state) };
}

function rowOf(k: PreparedKpi, parts: {
  period: { from: number; to: number; complete: boolean };
  value: number | null; previous: number | null; cur: number[]; prev: number[]; forecast: KpiForecast | null;
  /** For a running sum or count: scored on its pace, compared with the previous period to the same point. */
  pace?: Pace | null;
}): KpiRow {
  const { def } = k;
  const pace = parts.pace ?? null;
  const scoredValue = pace ? k.transform(pace.projected) : parts.value;
  const s = scored(k, scoredValue);
  const previous = pace ? k.transform(pace.previousSoFar) : parts.previous;
  return {
    name: def.name,
    title: def.title ?? def.name,
    ...(def.description !== undefined ? { description: def.description } : {}),
    period: parts.period,
    value: parts.value,
    target: def.target ?? null,
    ...(def.direction === 'band' ? { targetLow: def.targetLow, targetHigh: def.targetHigh } : {}),
    direction: def.direction,
    achievement: s.achievement,
    category: s.category,
    weight: def.weight ?? 1,
    pace: paceView(k, pace),
    change: changeOf(parts.value, previous, parts.cur, parts.prev, pace ? 'previous period to the same point' : 'previous period'),
    confidence: scoredValue === null ? 0 : categoryConfidence(k.spec, scoredValue, parts.cur),
    forecast: parts.forecast,
  };
}

/** One KPI's row of the scorecard at `at`. */
async function scoreAt(store: Store, workspace: string, k: PreparedKpi, at: number, withForecast: boolean): Promise<KpiRow> {
  const p = periodAt(k.period, at);
  const complete = k.period.kind === 'rolling' || at >= p.to;
  const end = Math.min(at, p.to);
  // Bucket history beyond the previous period only feeds the forecast, which a complete period does not need.
  const dataFrom = complete || !withForecast ? p.previousFrom : Math.min(p.previousFrom, end - k.period.lookbackMs);
  const [rawValue, prevRaw, b] = await Promise.all([
    valueOver(store, workspace, k, p.from, end), valueOver(store, workspace, k, p.previousFrom, p.from), bucketsOver(store, workspace, k, dataFrom, end),
  ]);
  const raw = orZero(k, rawValue, end);
  const previousTotal = orZero(k, prevRaw, p.from);
  const pace = complete ? null : await paceOf(store, workspace, k, p, end, raw, previousTotal);
  const t = (xs: (number | null)[]) => finite(xs.map(k.transform));
  const cur = t(bucketsIn(b.value, b.step, p.from, end));
  const prev = t(bucketsIn(b.value, b.step, p.previousFrom, pace?.previousTo ?? p.from));
  const value = k.transform(raw);

  let forecast: KpiForecast | null;
  if (complete) forecast = forecastOf(k, value, k.period.kind === 'rolling' ? 'rolling' : 'ended');
  else if (!withForecast) forecast = null;
  else {
    // Buckets before the one holding `at` are complete; that one and the rest of the period are forecast.
    const completeEnd = bucketStart(at, b.step);
    const horizon = Math.ceil((p.to - completeEnd) / b.step.ms);
    const upTo = (pts: Points | undefined) => (pts ?? []).filter(([ts]) => ts < completeEnd).map(([, v]) => v);
    const sumIn = (pts: Points | undefined) => (pts ?? []).filter(([ts]) => ts >= p.from).reduce((a, [, v]) => a + (v ?? 0), 0);
    const rawForecast = raw === null ? null : forecastPeriodValue({
      shape: k.shape.kind,
      valueSoFar: raw,
      history: { value: upTo(b.value), numerator: upTo(b.numerator), denominator: upTo(b.denominator) },
      soFar: k.shape.kind === 'ratio' ? { numerator: sumIn(b.numerator), denominator: sumIn(b.denominator) } : undefined,
      observedInPeriod: bucketsIn(b.value, b.step, p.from, end),
      elapsedBuckets: (at - p.from) / b.step.ms,
      horizon,
      remainingOfFirst: (completeEnd + b.step.ms - at) / b.step.ms,
    });
    forecast = forecastOf(k, k.transform(rawForecast), 'running');
  }
  return rowOf(k, { period: { from: p.from, to: p.to, complete }, value, previous: k.transform(previousTotal), cur, prev, forecast, pace });
}

/**
 * The scorecard at `at` (epoch ms): per KPI the period holding the instant
 * just before `at`, its value so far, achievement, category, change against the
 * previous full period, confidence and forecast; and the overall score.
 * `opts.names` limits it to some KPIs (unknown names are a 404);
 * `opts.forecast: false` skips the forecast of running periods (their
 * `forecast` is null), for callers that only need the category, such as alert
 * rules evaluated every few seconds.
 */
export async function computeScorecard(store: Store, workspace: string, at: number, opts: { names?: string[]; forecast?: boolean } = {}): Promise<Scorecard> {
  const kpis = await prepare(store, workspace, opts.names);
  const rows: KpiRow[] = [];
  for (const k of kpis) rows.push(await scoreAt(store, workspace, k, at, opts.forecast !== false));
  return { at, kpis: rows, overall: overallOf(kpis, rows) };
}

function overallOf(kpis: PreparedKpi[], rows: KpiRow[]) {
  return overallScore(rows.map((r, i) => ({ achievement: r.achievement, weight: r.weight, maxAchievement: kpis[i].spec.maxAchievement })));
}

/**
 * Each KPI scored over every period starting in [from, to): one row per KPI
 * per period, for charts of KPI trends. A period still running at `min(to, now)`
 * is scored so far (complete: false, no forecast). Rolling KPIs use windows of
 * their length on the same grid as a query step of that length.
 */
export async function computeKpiHistory(store: Store, workspace: string, range: { from: number; to: number; now: number; names?: string[] }): Promise<KpiHistory> {
  const kpis = await prepare(store, workspace, range.names);
  const rows: KpiRow[] = [];
  const until = Math.min(range.to, range.now);
  for (const k of kpis) {
    const periods = periodsBetween(k.period, range.from, range.to, MAX_HISTORY_PERIODS).filter((p) => p.from < until);
    if (!periods.length) continue;
    const first = bucketStart(periods[0].from - 1, k.period.step);
    const [values] = await runSeries(store, workspace, k.base, { from: first, to: until, step: k.period.step });
    // Each period's value; a sum or count over a period without rows is 0 once the data has begun.
    const byStart = new Map(values.map(([t, v]) => [t, k.transform(orZero(k, v, Math.min(nextBucket(t, k.period.step), until)))]));
    const b = await bucketsOver(store, workspace, k, first, until);
    const t = (xs: (number | null)[]) => finite(xs.map(k.transform));
    let prevFrom = first;
    for (const p of periods) {
      const end = Math.min(p.to, until);
      const complete = end >= p.to;
      const value = byStart.get(p.from) ?? null;
      const rawOf = (from: number) => { const v = values.find(([ts]) => ts === from)?.[1] ?? null; return orZero(k, v, Math.min(nextBucket(from, k.period.step), until)); };
      const pace = complete ? null : await paceOf(store, workspace, k, { from: p.from, to: p.to, previousFrom: prevFrom }, end, rawOf(p.from), rawOf(prevFrom));
      rows.push(rowOf(k, {
        period: { from: p.from, to: p.to, complete }, value, previous: byStart.get(prevFrom) ?? null,
        cur: t(bucketsIn(b.value, b.step, p.from, end)), prev: t(bucketsIn(b.value, b.step, prevFrom, pace?.previousTo ?? p.from)),
        forecast: complete ? forecastOf(k, value, 'ended') : null, pace,
      }));
      prevFrom = p.from;
    }
  }
  return { from: range.from, to: range.to, rows };
}
