import { ApiError } from '../api.js';

/**
 * A 404 for the route itself, not for a thing it names: that part (alerting,
 * KPIs, notifications) is not in this build, and the page says so instead of
 * failing. The server's not-found handler answers "no route GET /api/…".
 */
export function routeMissing(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404 && /^no route /i.test(e.message);
}

/**
 * How the alerts page reads alert rules, instances and silences (pure: tested
 * without a browser). The shapes are those of `src/server/routes/alerts.ts`.
 */
export interface AlertCondition {
  type: string;
  op?: string;
  value?: number;
  low?: number;
  high?: number;
  mode?: 'relative' | 'absolute';
  compareTo?: string;
  sensitivity?: string;
  threshold?: number;
  direction?: 'above' | 'below';
  horizon?: string;
  kpi?: string;
  category?: string;
}

export interface AlertRule {
  name: string;
  description?: string;
  query: { dataset?: string; metric?: string; measures?: string[]; filter?: string; groupBy?: string[]; step?: string };
  window: string;
  reducer?: string;
  condition: AlertCondition;
  for?: string;
  keepFiringFor?: string;
  interval?: string;
  severity?: string;
  labels?: Record<string, string>;
  channels?: string[];
}

export interface AlertInstance {
  rule: string;
  labels: Record<string, string>;
  state: string;
  since: number;
  value: number | null;
  severity: string;
  silenced: boolean | string[];
  lastEvaluatedAt?: number;
  message?: string;
  flapping?: boolean;
}

/** Instance states, the most urgent first: the order of the groups on the page. */
export const STATE_ORDER = ['firing', 'pending', 'nodata', 'error', 'normal'] as const;

/** What a rule watches, in one line: "p95(duration_ms) (last over 5m) > 800 for 2m". */
export function conditionSummary(rule: AlertRule): string {
  const what = rule.query.measures?.join(', ') ?? rule.query.metric ?? 'count()';
  const reduced = rule.query.step ? `${rule.reducer ?? 'last'} of ${what} over ${rule.window}` : `${what} over ${rule.window}`;
  const c = rule.condition;
  let cond: string;
  switch (c.type) {
    case 'threshold':
      cond = c.op === 'outside' || c.op === 'inside' ? `${reduced} ${c.op} [${c.low}, ${c.high}]` : `${reduced} ${c.op} ${c.value}`;
      break;
    case 'change': {
      const vs = c.compareTo && c.compareTo !== 'previous' ? `the same window ${c.compareTo} ago` : 'the previous window';
      const unit = (c.mode ?? 'relative') === 'relative' ? ' %' : '';
      cond = `change of ${reduced} vs ${vs} ${c.op} ${c.value}${unit}`;
      break;
    }
    case 'anomaly':
      cond = `${reduced} outside the anomaly band (${c.sensitivity ?? 'medium'} sensitivity)`;
      break;
    case 'forecast':
      cond = `forecast of ${what} goes ${c.direction ?? 'above'} ${c.threshold} within ${c.horizon}`;
      break;
    case 'nodata':
      cond = `no rows for ${rule.window}`;
      break;
    case 'kpi':
      cond = `KPI ${c.kpi} falls to ${c.category} or below`;
      break;
    default:
      cond = `${c.type} condition`;
  }
  const by = rule.query.groupBy?.length ? ` per ${rule.query.groupBy.join(', ')}` : '';
  const hold = rule.for ? ` for ${rule.for}` : '';
  return `${cond}${by}${hold}`;
}

/** Instances grouped by state in STATE_ORDER (unknown states last), each group newest change first. */
export function groupByState(instances: AlertInstance[]): [string, AlertInstance[]][] {
  const groups = new Map<string, AlertInstance[]>();
  for (const i of instances) groups.set(i.state, [...(groups.get(i.state) ?? []), i]);
  const order = [...STATE_ORDER, ...[...groups.keys()].filter((s) => !(STATE_ORDER as readonly string[]).includes(s)).sort()];
  return order.filter((s) => groups.has(s)).map((s) => [s, groups.get(s)!.sort((a, b) => b.since - a.since)]);
}

/** Whether an instance is silenced (the API answers a flag or the names of the silences). */
export function isSilenced(i: AlertInstance): boolean {
  return Array.isArray(i.silenced) ? i.silenced.length > 0 : !!i.silenced;
}

/**
 * Equality matchers for a silence of one instance: each of its labels, which
 * include `alertname` (the rule) — added here if an instance lacks it, so the
 * silence never matches other rules' instances with the same labels.
 */
export function matchersFor(i: AlertInstance): { label: string; op: '='; value: string }[] {
  const labels = { ...i.labels };
  if (!('alertname' in labels)) labels.alertname = i.rule;
  return Object.keys(labels)
    .sort()
    .map((k) => ({ label: k, op: '=' as const, value: labels[k] }));
}

/** The POST /api/v1/silences body from the form: an end time or a duration, never both. */
export function silenceBody(form: { matchers: { label: string; op: string; value: string }[]; startsAt?: string; end: { kind: 'duration'; value: string } | { kind: 'at'; value: string } | { kind: 'resolved' }; comment: string }): Record<string, unknown> {
  const body: Record<string, unknown> = { matchers: form.matchers, comment: form.comment.trim() };
  if (form.startsAt) body.startsAt = form.startsAt;
  if (form.end.kind === 'duration') body.duration = form.end.value;
  else if (form.end.kind === 'at') body.endsAt = form.end.value;
  else body.untilResolved = true;
  return body;
}

/** A datetime-local value (taken as UTC by this page) → ISO 8601 with Z, or null. */
export function localInputToIso(v: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) return null;
  const t = Date.parse(`${v.length === 16 ? `${v}:00` : v}Z`);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

export function stateTone(state: string): 'bad' | 'warn' | 'info' | 'good' | undefined {
  return state === 'firing' ? 'bad' : state === 'pending' ? 'warn' : state === 'error' || state === 'nodata' ? 'info' : state === 'normal' ? 'good' : undefined;
}

export function severityTone(sev: string | undefined): 'bad' | 'warn' | 'info' | undefined {
  return sev === 'critical' ? 'bad' : sev === 'warning' ? 'warn' : sev === 'info' ? 'info' : undefined;
}

/**
 * How to end a silence now: one that has started gets `endsAt = now` (it stays
 * listed as expired, so the record of who silenced what remains); one that has
 * not started yet is deleted. The body drops the fields the list adds.
 */
export function expirePlan(doc: Record<string, unknown> & { startsAt: string }, now: number): { method: 'DELETE' } | { method: 'PUT'; body: Record<string, unknown> } {
  const start = Date.parse(doc.startsAt);
  if (!(start < now)) return { method: 'DELETE' };
  const { untilResolved: _u, status: _s, expiresInMs: _e, matchedAt: _m, endedAt: _d, ...rest } = doc;
  return { method: 'PUT', body: { ...rest, endsAt: new Date(now).toISOString() } };
}
