import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Almanac } from '../../almanac.js';
import { notFound } from '../../core/errors.js';
import { listNotifications, markNotificationRead } from '../../watch/notify/notifications.js';
import { DELIVERY_STATUSES, listOutbox, requeueDelivery, type DeliveryStatus } from '../../watch/notify/outbox.js';
import { sendTestMessage } from '../../watch/notify/test-message.js';
import { audited } from '../audited.js';
import { registerDefinitionRoutes } from './definitions.js';

const Limit = Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$', description: 'at most this many, newest first (default 100, at most 10000)' }));

/** Channels (CRUD + test), the outbox of deliveries, and the in-app notification list. */
export function registerNotifyRoutes(app: FastifyInstance, almanac: Almanac) {
  const db = almanac.store.meta;
  const ws = (req: FastifyRequest) => req.principal.workspace;
  const limitOf = (q: { limit?: string }) => Math.max(1, Math.min(Number(q.limit ?? 100), 10_000));

  registerDefinitionRoutes(app, almanac, { kind: 'channel', path: 'channels', listKey: 'channels', tag: 'notifications' });

  app.post('/api/v1/channels/:name/test', {
    config: { permission: 'define' },
    // The body is optional; Fastify would otherwise validate a missing body against the object schema.
    preValidation: async (req) => { if (req.body === undefined || req.body === null) req.body = {}; },
    schema: {
      tags: ['notifications'],
      summary: 'Send a test message to a channel now, through the outbox (so it is retried if this first attempt fails)',
      params: Type.Object({ name: Type.String() }),
      body: Type.Object({
        subject: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
        text: Type.Optional(Type.String({ maxLength: 10_000 })),
      }, { additionalProperties: false }),
    },
  }, async (req) => {
    const { name } = req.params as { name: string };
    const body = req.body as { subject?: string; text?: string };
    if (!(await almanac.store.listDefinitions(ws(req), 'channel')).some((d) => d.name === name)) throw notFound(`channel "${name}"`);
    return audited(almanac, req, 'channel.test', `channel/${name}`, () => sendTestMessage(almanac, ws(req), name, { ...body, requestedBy: req.principal.id }));
  });

  app.get('/api/v1/outbox', {
    config: { permission: 'read' },
    schema: {
      tags: ['notifications'],
      summary: 'Notification deliveries, newest first: status, attempts, last error, times',
      querystring: Type.Object({
        status: Type.Optional(Type.Union(DELIVERY_STATUSES.map((s) => Type.Literal(s)))),
        channel: Type.Optional(Type.String({ maxLength: 200 })),
        key: Type.Optional(Type.String({ maxLength: 1000 })),
        limit: Limit,
      }, { additionalProperties: false }),
    },
  }, async (req) => {
    const q = req.query as { status?: DeliveryStatus; channel?: string; key?: string; limit?: string };
    return { deliveries: await listOutbox(db, ws(req), { status: q.status, channel: q.channel, key: q.key, limit: limitOf(q) }) };
  });

  app.post('/api/v1/outbox/:id/retry', {
    config: { permission: 'define' },
    schema: {
      tags: ['notifications'],
      summary: 'Send a failed delivery again: back to pending, due now, with a fresh maximum age',
      params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
    },
  }, async (req) => {
    const { id } = req.params as { id: string };
    return audited(almanac, req, 'outbox.retry', `delivery/${id}`, () => requeueDelivery(almanac, ws(req), id));
  });

  app.get('/api/v1/notifications', {
    config: { permission: 'read' },
    schema: {
      tags: ['notifications'],
      summary: 'In-app notifications, newest first, with the count of unread ones',
      querystring: Type.Object({
        limit: Limit,
        unread: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'true: only unread ones' })),
      }, { additionalProperties: false }),
    },
  }, async (req) => {
    const q = req.query as { limit?: string; unread?: string };
    return listNotifications(db, ws(req), { limit: limitOf(q), unread: q.unread === 'true' });
  });

  app.post('/api/v1/notifications/:id/read', {
    config: { permission: 'read' },
    schema: { tags: ['notifications'], summary: 'Mark an in-app notification read', params: Type.Object({ id: Type.String({ maxLength: 100 }) }) },
  }, async (req) => {
    const { id } = req.params as { id: string };
    const n = await markNotificationRead(db, ws(req), id, Date.now());
    if (!n) throw notFound(`notification "${id}"`);
    return n;
  });
}
