import type { DatasetDef, MetricDef } from '../../core/dataset.js';
import { AlmanacError, type Issue } from '../../core/errors.js';
import { parseDurationMs, parseIsoTime } from '../../core/time.js';
import type { DefinitionView, KindSpec } from '../../definitions/kinds.js';
import { resolveQuery } from '../../query/resolve-query.js';
import type { Definition } from '../../store/store.js';
import safeRegex from 'safe-regex2';
import { AlertDocSchema, SilenceDocSchema, type AlertDoc, type Condition, type SilenceDoc } from './rule-schema.js';

/**
 * The alert and silence kinds: the checks beyond the schema, and the rule with
 * its durations resolved to milliseconds. This module must not import
 * `definitions/kinds.ts` (which imports it): the cycle would leave `KINDS`
 * reading an uninitialised binding when this module is loaded first.
 */

export const DEFAULT_INTERVAL = '30s';
export const DEFAULT_TIMEOUT = '10s';
export const DEFAULT_REPEAT = '4h';
export const DEFAULT_HISTORY = '7d';
/** Evaluations looked at for flapping: the flap window is this many intervals. */
export const FLAP_WINDOW_EVALUATIONS = 20;

/** A rule with every duration in milliseconds and every default filled in. */
export interface Rule {
  doc: AlertDoc;
  name: string;
  windowMs: number;
  forMs: number;
  keepFiringForMs: number;
  intervalMs: number;
  timeoutMs: number;
  repeatMs: number;
  flapWindowMs: number;
  reducer: string;
  severity: 'info' | 'warning' | 'critical';
  channels: string[];
  groupBy: string[];
}

const ms = (text: string | undefined, fallback: string, path: string) => parseDurationMs(text ?? fallback, path);

/** Resolve a checked alert document. Throws a `bad_request` naming the field on a bad duration. */
export function parseRule(doc: AlertDoc): Rule {
  const intervalMs = ms(doc.interval, DEFAULT_INTERVAL, 'interval');
  return {
    doc,
    name: doc.name,
    windowMs: doc.window === undefined ? 0 : ms(doc.window, doc.window, 'window'),
    forMs: doc.for === undefined ? 0 : ms(doc.for, '0s', 'for'),
    keepFiringForMs: doc.keepFiringFor === undefined ? 0 : ms(doc.keepFiringFor, '0s', 'keepFiringFor'),
    intervalMs,
    timeoutMs: ms(doc.timeout, DEFAULT_TIMEOUT, 'timeout'),
    repeatMs: ms(doc.repeatInterval, DEFAULT_REPEAT, 'repeatInterval'),
    flapWindowMs: intervalMs * FLAP_WINDOW_EVALUATIONS,
    reducer: doc.reducer ?? 'last',
    severity: doc.severity ?? 'warning',
    channels: doc.channels ?? [],
    groupBy: doc.groupBy ?? [],
  };
}

/** Which fields each condition type needs, and which it refuses (so a typo'd field is not silently ignored). */
const CONDITION_FIELDS: Record<Condition['type'], { required: string[]; optional: string[] }> = {
  threshold: { required: ['op'], optional: ['value', 'low', 'high'] },
  change: { required: ['op', 'value'], optional: ['mode', 'compareTo'] },
  anomaly: { required: [], optional: ['sensitivity', 'history'] },
  forecast: { required: ['threshold', 'horizon'], optional: ['direction', 'history'] },
  nodata: { required: [], optional: [] },
  kpi: { required: ['kpi', 'category'], optional: [] },
};

function checkCondition(c: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const type = c.type as Condition['type'];
  const spec = CONDITION_FIELDS[type];
  for (const f of spec.required) if (c[f] === undefined) issues.push({ path: `condition.${f}`, message: `a ${type} condition needs ${f}` });
  for (const f of Object.keys(c)) {
    if (f !== 'type' && !spec.required.includes(f) && !spec.optional.includes(f)) issues.push({ path: `condition.${f}`, message: `not a field of a ${type} condition` });
  }
  const op = c.op as string | undefined;
  if (type === 'threshold' && op !== undefined) {
    if (op === 'outside' || op === 'inside') {
      if (c.low === undefined || c.high === undefined) issues.push({ path: 'condition', message: `op ${op} needs low and high` });
      else if (!((c.low as number) < (c.high as number))) issues.push({ path: 'condition.low', message: 'must be below high' });
      if (c.value !== undefined) issues.push({ path: 'condition.value', message: `op ${op} takes low and high, not value` });
    } else {
      if (c.value === undefined) issues.push({ path: 'condition.value', message: `op ${op} needs value` });
      if (c.low !== undefined || c.high !== undefined) issues.push({ path: 'condition', message: `op ${op} takes value, not low/high` });
    }
  }
  if (type === 'change' && (op === 'outside' || op === 'inside')) issues.push({ path: 'condition.op', message: 'a change condition compares with >, >=, < or <=' });
  for (const f of ['history', 'horizon'] as const) {
    if (typeof c[f] === 'string') {
      try { parseDurationMs(c[f] as string, `condition.${f}`); } catch (e) { issues.push({ path: `condition.${f}`, message: (e as Error).message }); }
    }
  }
  return issues;
}

function checkDurations(d: AlertDoc): Issue[] {
  const issues: Issue[] = [];
  const fields = ['window', 'for', 'keepFiringFor', 'interval', 'timeout', 'repeatInterval'] as const;
  for (const f of fields) {
    const v = d[f];
    if (v === undefined) continue;
    try {
      const n = parseDurationMs(v, f);
      if (f === 'interval' && n < 1000) issues.push({ path: f, message: 'the shortest interval is 1s' });
      if ((f === 'window' || f === 'timeout' || f === 'repeatInterval') && n <= 0) issues.push({ path: f, message: 'must be longer than 0' });
    } catch (e) {
      issues.push({ path: f, message: (e as AlmanacError).message });
    }
  }
  if (d.reducer?.startsWith('p') && !(Number(d.reducer.slice(1)) >= 1 && Number(d.reducer.slice(1)) <= 99)) issues.push({ path: 'reducer', message: 'a percentile reducer is p1 to p99' });
  return issues;
}

/** The rule's query checked against the workspace: errors name the part (`query.measures[0]: unknown column …`). */
function checkQuery(d: AlertDoc, view: DefinitionView): Issue[] {
  const q = d.query as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const f of ['from', 'to']) {
    if (q[f] !== undefined) issues.push({ path: `query.${f}`, message: 'not allowed in a rule: the range is the rule\'s window ending at each evaluation' });
  }
  if (issues.length) return issues;
  try {
    const checked = resolveQuery(q, {
      dataset: (n) => view.get('dataset', n) as DatasetDef | undefined,
      metric: (n) => view.get('metric', n) as MetricDef | undefined,
    }, Date.now());
    if (checked.measures.length !== 1) issues.push({ path: 'query.measures', message: `a rule watches one measure; this query has ${checked.measures.length}` });
  } catch (e) {
    const err = e as AlmanacError;
    if (err.issues?.length) for (const i of err.issues) issues.push({ path: `query.${i.path ?? ''}`.replace(/\.$/, ''), message: i.message });
    else {
      // Expression errors carry their place in the message ("… at 5 in measures[0] …"), not as an issue path.
      const where = / in (measures\[\d+\]|filter)(?![\w])/.exec(err.message)?.[1];
      issues.push({ path: where ? `query.${where}` : 'query', message: err.message });
    }
  }
  return issues;
}

export const alertKind: KindSpec = {
  schema: AlertDocSchema,
  check(doc: Definition, view: DefinitionView): Issue[] {
    const d = doc as unknown as AlertDoc;
    const issues = [...checkDurations(d), ...checkCondition(d.condition as unknown as Record<string, unknown>)];
    if (d.condition.type === 'kpi') {
      // The KPI's own query and period are what is watched.
      if (d.query !== undefined) issues.push({ path: 'query', message: 'a kpi condition watches the KPI\'s own query; remove query' });
      if (d.window !== undefined) issues.push({ path: 'window', message: 'a kpi condition uses the KPI\'s period; remove window' });
    } else {
      if (d.query === undefined) issues.push({ path: 'query', message: 'a rule needs a query' });
      else issues.push(...checkQuery(d, view));
      if (d.window === undefined) issues.push({ path: 'window', message: 'a rule needs a window, e.g. 5m' });
    }
    const c = d.condition;
    if (c.type === 'kpi' && c.kpi !== undefined && !view.get('kpi', c.kpi)) issues.push({ path: 'condition.kpi', message: `kpi "${c.kpi}" does not exist` });
    (d.channels ?? []).forEach((n, i) => {
      if (!view.get('channel', n)) issues.push({ path: `channels[${i}]`, message: `channel "${n}" does not exist` });
    });
    (d.channels ?? []).forEach((n, i) => { if ((d.channels ?? []).indexOf(n) !== i) issues.push({ path: `channels[${i}]`, message: `channel "${n}" is listed twice` }); });
    return issues;
  },
};

/** Compile a silence matcher's regular expression, anchored at both ends (as Alertmanager does). */
export function matcherRegex(value: string): RegExp {
  return new RegExp(`^(?:${value})$`);
}

export const silenceKind: KindSpec = {
  schema: SilenceDocSchema,
  check(doc: Definition): Issue[] {
    const s = doc as unknown as SilenceDoc;
    const issues: Issue[] = [];
    s.matchers.forEach((m, i) => {
      if (m.op === '=~' || m.op === '!~') {
        try {
          matcherRegex(m.value);
          // Matchers run on every evaluation of every rule: a pattern with nested
          // quantifiers can take exponential time on a crafted label and stall the process.
          if (!safeRegex(m.value)) issues.push({ path: `matchers[${i}].value`, message: 'this regular expression could take exponential time (a repeated group that itself repeats, such as (a+)+); simplify it' });
        } catch (e) {
          issues.push({ path: `matchers[${i}].value`, message: `not a valid regular expression: ${(e as Error).message}` });
        }
      }
    });
    const start = parseIsoTime(s.startsAt);
    if (start === null) issues.push({ path: 'startsAt', message: `${JSON.stringify(s.startsAt)} is not a time; use ISO 8601 with an offset` });
    if (s.endsAt !== undefined) {
      const end = parseIsoTime(s.endsAt);
      if (end === null) issues.push({ path: 'endsAt', message: `${JSON.stringify(s.endsAt)} is not a time; use ISO 8601 with an offset` });
      else if (start !== null && !(end > start)) issues.push({ path: 'endsAt', message: 'must be after startsAt' });
      if (s.untilResolved) issues.push({ path: 'untilResolved', message: 'give endsAt or untilResolved, not both' });
    } else if (!s.untilResolved) {
      issues.push({ path: 'endsAt', message: 'give endsAt, or untilResolved: true' });
    }
    return issues;
  },
};
