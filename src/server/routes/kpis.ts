import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Almanac } from '../../almanac.js';
import { AlmanacError } from '../../core/errors.js';
import { parseTime } from '../../core/time.js';
import { computeKpiHistory, computeScorecard } from '../../watch/kpis/scorecard.js';
import { registerDefinitionRoutes } from './definitions.js';

const Names = Type.Optional(Type.String({ maxLength: 10000, description: 'comma-separated KPI names (default: all)' }));
const ScorecardQuery = Type.Object({
  at: Type.Optional(Type.String({ maxLength: 64, description: 'ISO 8601 or relative (now, -1d, now-7d); default now' })),
  names: Names,
  forecast: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'false skips the forecast to the end of the period (most of the cost); default true' })),
}, { additionalProperties: false });
const HistoryQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 64, description: 'ISO 8601 or relative; default now-30d' })),
  to: Type.Optional(Type.String({ maxLength: 64, description: 'ISO 8601 or relative; default now' })),
  names: Names,
}, { additionalProperties: false });

function namesOf(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
}

/** Time parameters are query-string values: `at`, `from`, `to` errors are 400s naming the parameter. */
function timeParam(value: string | undefined, fallback: string, now: number, name: string): number {
  try {
    return parseTime(value ?? fallback, now, name);
  } catch (e) {
    if (e instanceof AlmanacError) throw new AlmanacError('bad_request', e.message, { issues: [{ path: name, message: e.message }] });
    throw e;
  }
}

/** KPI definitions (CRUD), the scorecard at a time, and the scorecard of each past period. */
export function registerKpiRoutes(app: FastifyInstance, almanac: Almanac) {
  const ws = (req: FastifyRequest) => req.principal.workspace;
  // Static paths (scorecard, history) win over /kpis/:name in Fastify's router, so they are registered alongside the CRUD routes.
  app.get('/api/v1/kpis/scorecard', {
    config: { permission: 'read' },
    schema: { tags: ['kpis'], summary: 'The KPI scorecard at a time: value, achievement, category, change, confidence and forecast per KPI, and the overall score', querystring: ScorecardQuery },
  }, async (req) => {
    const q = req.query as { at?: string; names?: string; forecast?: 'true' | 'false' };
    const now = Date.now();
    return computeScorecard(almanac.store, ws(req), timeParam(q.at, 'now', now, 'at'), { names: namesOf(q.names), forecast: q.forecast !== 'false' });
  });
  app.get('/api/v1/kpis/history', {
    config: { permission: 'read' },
    schema: { tags: ['kpis'], summary: 'The KPI scorecard of every period in a range: one row per KPI per period', querystring: HistoryQuery },
  }, async (req) => {
    const q = req.query as { from?: string; to?: string; names?: string };
    const now = Date.now();
    const from = timeParam(q.from, 'now-30d', now, 'from');
    const to = timeParam(q.to, 'now', now, 'to');
    if (!(from < to)) throw new AlmanacError('bad_request', `from: the range is empty: from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`, { issues: [{ path: 'from', message: 'must be before to' }] });
    return computeKpiHistory(almanac.store, ws(req), { from, to, now, names: namesOf(q.names) });
  });
  registerDefinitionRoutes(app, almanac, { kind: 'kpi', path: 'kpis', listKey: 'kpis', tag: 'kpis' });
}
