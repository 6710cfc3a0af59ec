import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Almanac } from '../../almanac.js';
import { AlmanacError, notFound } from '../../core/errors.js';
import { parseDurationMs, parseIsoTime } from '../../core/time.js';
import { applyBundle, removeDefinitions } from '../../definitions/bundle.js';
import { loadInstances, loadTransitions } from '../../watch/alerts/instance-store.js';
import { parseRule } from '../../watch/alerts/rule-kind.js';
import { CreateSilenceSchema, SilenceDocSchema, type AlertDoc, type Matcher } from '../../watch/alerts/rule-schema.js';
import { currentSilences, runRound } from '../../watch/alerts/run-rule.js';
import { expiringWithin } from '../../watch/alerts/silences.js';
import { ALERT_STATES } from '../../watch/alerts/state-machine.js';
import { audited } from '../audited.js';
import { registerDefinitionRoutes } from './definitions.js';

const NameParams = Type.Object({ name: Type.String() });
const { kind: _k, ...silenceProps } = SilenceDocSchema.properties;
const PutSilenceSchema = Type.Object({ kind: Type.Optional(Type.Literal('silence')), ...silenceProps }, { additionalProperties: false });
const Digits = Type.String({ pattern: '^[0-9]{1,16}$' });

/**
 * Alert rules (CRUD + test), their instances and history, and silences.
 * Thin: each route validates, authorizes, calls src/watch/alerts and serializes.
 */
export function registerAlertRoutes(app: FastifyInstance, almanac: Almanac) {
  const { store } = almanac;
  const ws = (req: FastifyRequest) => req.principal.workspace;

  registerDefinitionRoutes(app, almanac, { kind: 'alert', path: 'alerts/rules', listKey: 'rules', tag: 'alerts' });

  app.post('/api/v1/alerts/rules/:name/test', {
    config: { permission: 'read' },
    schema: { tags: ['alerts'], summary: 'Evaluate a rule now without notifying or storing anything: each instance\'s result and the state it would move to', params: NameParams },
  }, async (req) => {
    const { name } = req.params as { name: string };
    const doc = (await store.listDefinitions(ws(req), 'alert')).find((d) => d.name === name);
    if (!doc) throw notFound(`alert rule "${name}"`);
    const rule = parseRule(doc as unknown as AlertDoc);
    const out = await runRound(almanac, ws(req), rule, { now: Date.now(), dryRun: true });
    return {
      rule: name,
      evaluatedAt: out.evaluatedAt,
      instances: out.instances.map((i) => ({
        labels: i.labels,
        result: i.result.kind === 'ok'
          ? { status: i.result.met ? 'met' : 'not met', value: i.result.value, ...(i.result.detail ? { message: i.result.detail } : {}) }
          : i.result.kind === 'nodata' ? { status: 'nodata', value: null } : { status: 'error', value: null, message: i.result.message },
        state: i.from, wouldBe: i.to, transition: i.transition, silenced: i.silenced,
      })),
    };
  });

  app.get('/api/v1/alerts/instances', {
    config: { permission: 'read' },
    schema: {
      tags: ['alerts'], summary: 'Current alert instances; filter by state, severity and labels (label=k=v, repeatable)',
      querystring: Type.Object({
        state: Type.Optional(Type.Union(ALERT_STATES.map((s) => Type.Literal(s)))),
        severity: Type.Optional(Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')])),
        rule: Type.Optional(Type.String()),
        label: Type.Optional(Type.Union([Type.String({ pattern: '^[^=]+=.*$' }), Type.Array(Type.String({ pattern: '^[^=]+=.*$' }), { maxItems: 20 })])),
      }, { additionalProperties: false }),
    },
  }, async (req) => {
    const q = req.query as { state?: string; severity?: string; rule?: string; label?: string | string[] };
    const labels = (q.label === undefined ? [] : Array.isArray(q.label) ? q.label : [q.label]).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const);
    const all = await loadInstances(store.meta, ws(req), q.rule);
    // A rule deleted while no scheduler ran (watch: false) leaves its rows behind until the next start: not shown.
    const rules = new Set((await store.listDefinitions(ws(req), 'alert')).map((d) => d.name));
    const instances = all
      .filter((i) => rules.has(i.rule) && (q.state === undefined || i.state === q.state) && (q.severity === undefined || i.severity === q.severity) && labels.every(([k, v]) => i.labels[k] === v))
      .map((i) => ({
        rule: i.rule, labels: i.labels, state: i.state, since: i.since, value: i.value, severity: i.severity, silenced: i.silenced,
        flapping: i.flapping, lastEvaluatedAt: i.lastEvaluatedAt, ...(i.pendingTo ? { pendingTo: i.pendingTo } : {}),
        ...(i.firingSince !== undefined && i.state === 'firing' ? { firingSince: i.firingSince } : {}), ...(i.message ? { message: i.message } : {}),
      }));
    return { instances };
  });

  app.get('/api/v1/alerts/history', {
    config: { permission: 'read' },
    schema: {
      tags: ['alerts'], summary: 'State transitions of alert instances, newest first, with the values that caused them',
      querystring: Type.Object({ rule: Type.Optional(Type.String()), limit: Type.Optional(Digits), before: Type.Optional(Digits) }, { additionalProperties: false }),
    },
  }, async (req) => {
    const q = req.query as { rule?: string; limit?: string; before?: string };
    const limit = Number(q.limit ?? 100);
    if (limit < 1 || limit > 10_000) throw new AlmanacError('bad_request', 'limit: must be from 1 to 10000');
    const transitions = await loadTransitions(store.meta, ws(req), { rule: q.rule, limit, before: q.before === undefined ? undefined : Number(q.before) });
    return { transitions: transitions.map(({ key: _key, silenced, ...t }) => ({ ...t, silenced })) };
  });

  // Silences: CRUD by hand (not registerDefinitionRoutes) because the list takes ?expiringWithin and POST names them.
  const findSilence = async (req: FastifyRequest, name: string) => {
    const doc = (await store.listDefinitions(ws(req), 'silence')).find((d) => d.name === name);
    if (!doc) throw notFound(`silence "${name}"`);
    return doc;
  };
  const silenceChanged = (req: FastifyRequest) => almanac.events.emit('definitions', { workspace: ws(req), kinds: ['silence'] });

  app.get('/api/v1/silences', {
    config: { permission: 'read' },
    schema: {
      tags: ['silences'], summary: 'Silences with their status (pending, active, expired); ?expiringWithin=1h lists the active ones ending within that time',
      querystring: Type.Object({
        expiringWithin: Type.Optional(Type.String({ maxLength: 32 })),
        status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('expired')])),
      }, { additionalProperties: false }),
    },
  }, async (req) => {
    const q = req.query as { expiringWithin?: string; status?: string };
    const now = Date.now();
    let silences = await currentSilences(almanac, ws(req), now);
    if (q.expiringWithin !== undefined) silences = expiringWithin(silences, now, parseDurationMs(q.expiringWithin, 'expiringWithin'));
    if (q.status !== undefined) silences = silences.filter((s) => s.status === q.status);
    return { silences: silences.map(({ startsAtMs: _s, endsAtMs, ...s }) => ({ ...s, ...(endsAtMs !== null ? { expiresInMs: endsAtMs - now } : {}) })) };
  });

  app.post('/api/v1/silences', {
    config: { permission: 'define' },
    schema: { tags: ['silences'], summary: 'Create a silence; the server names it and records the caller\'s key as createdBy', body: CreateSilenceSchema },
  }, async (req, reply) => {
    const body = req.body as { matchers: Matcher[]; startsAt?: string; endsAt?: string; duration?: string; untilResolved?: boolean; comment: string };
    const now = Date.now();
    const startsAt = body.startsAt ?? new Date(now).toISOString();
    const start = parseIsoTime(startsAt);
    if (start === null) throw new AlmanacError('bad_request', `startsAt: ${JSON.stringify(startsAt)} is not a time; use ISO 8601 with an offset`);
    if (body.duration !== undefined && body.endsAt !== undefined) throw new AlmanacError('bad_request', 'duration: give endsAt or duration, not both');
    const endsAt = body.duration !== undefined ? new Date(start + parseDurationMs(body.duration, 'duration')).toISOString() : body.endsAt;
    const stamp = new Date(now).toISOString().replace(/[-:]/g, '').slice(0, 13);
    const name = `silence-${stamp}-${randomBytes(3).toString('hex')}`;
    const doc = {
      kind: 'silence', name, matchers: body.matchers, startsAt, ...(endsAt !== undefined ? { endsAt } : {}),
      ...(body.untilResolved !== undefined ? { untilResolved: body.untilResolved } : {}), createdBy: req.principal.id, comment: body.comment,
    };
    await audited(almanac, req, 'silence.create', `silence/${name}`, () => applyBundle(store, ws(req), [doc]));
    silenceChanged(req);
    return reply.status(201).send(await findSilence(req, name));
  });

  app.get('/api/v1/silences/:name', { config: { permission: 'read' }, schema: { tags: ['silences'], summary: 'One silence', params: NameParams } }, async (req) =>
    findSilence(req, (req.params as { name: string }).name));

  app.put('/api/v1/silences/:name', {
    config: { permission: 'define' },
    schema: { tags: ['silences'], summary: 'Create or replace a silence (e.g. to end it early: set endsAt)', params: NameParams, body: PutSilenceSchema },
  }, async (req) => {
    const { name } = req.params as { name: string };
    const doc = req.body as Record<string, unknown>;
    if (doc.name !== name) throw new AlmanacError('bad_request', `the body names silence "${String(doc.name)}" but the path names "${name}"`);
    const out = await audited(almanac, req, 'silence.put', `silence/${name}`, () => applyBundle(store, ws(req), [{ ...doc, kind: 'silence' }]));
    silenceChanged(req);
    return out;
  });

  app.delete('/api/v1/silences/:name', { config: { permission: 'define' }, schema: { tags: ['silences'], summary: 'Delete a silence', params: NameParams } }, async (req, reply) => {
    const { name } = req.params as { name: string };
    await findSilence(req, name);
    await audited(almanac, req, 'silence.delete', `silence/${name}`, () => removeDefinitions(store, ws(req), [{ kind: 'silence', name }]));
    silenceChanged(req);
    return reply.status(204).send();
  });
}
