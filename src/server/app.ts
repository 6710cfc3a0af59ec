import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Almanac } from '../almanac.js';
import { startDelivery, type DeliveryOptions } from '../watch/notify/delivery.js';
import { createAuthHook, createSessions, type Sessions } from './auth-hook.js';
import { errorHandler } from './errors.js';
import { startAlertScheduler, type SchedulerOptions } from '../watch/alerts/scheduler.js';
import { analyticsPool } from '../analytics/worker/pool.js';
import { registerAlertRoutes } from './routes/alerts.js';
import { registerApiRoutes } from './routes/api.js';
import { registerIngestRoutes } from './routes/ingest.js';
import { registerKpiRoutes } from './routes/kpis.js';
import { registerNotifyRoutes } from './routes/notify.js';
import { registerOpsRoutes } from './routes/ops.js';
import { registerWebRoutes } from './routes/web.js';

export interface ServerOptions {
  /** Largest request body in bytes (after decompression for gzip bodies). */
  bodyLimit?: number;
  logger?: boolean;
  /** Run the background watchers (notification delivery, alert evaluation). Default true; false for servers that only answer requests. */
  watch?: boolean;
  /** Retry timing and limits of notification delivery (tests use small values). */
  delivery?: DeliveryOptions;
  /** Alert scheduler settings (tests inject a clock or a short silence lead). */
  alerts?: SchedulerOptions;
  /** Longest a metric query may run before it is stopped with 503 query_timeout (default 60 s). */
  queryTimeoutMs?: number;
}

export const DEFAULT_BODY_LIMIT = 64 * 1024 * 1024;
export const DEFAULT_QUERY_TIMEOUT_MS = 60_000;

/** Build the HTTP server over an open Almanac. Routes are thin: validate, authorize, call a module, serialize. */
export async function buildServer(almanac: Almanac, opts: ServerOptions = {}): Promise<{ app: FastifyInstance; sessions: Sessions }> {
  // Fastify's logger type is narrower than pino's; the instance is the same.
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    // Per-request access logs at info would drown the log; errors still log.
    loggerInstance: (opts.logger === false ? undefined : almanac.log.child({}, { level: 'warn' })) as FastifyBaseLogger | undefined,
    bodyLimit,
    ajv: { customOptions: { allErrors: true, coerceTypes: false, removeAdditional: false } },
  });
  const sessions = createSessions(almanac.store);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });
  app.addHook('onRequest', createAuthHook(almanac.store, sessions));
  app.addHook('onResponse', async (req, reply) => {
    almanac.ops.requestSeconds.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Almanac API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  registerOpsRoutes(app, almanac);
  registerApiRoutes(app, almanac, { queryTimeoutMs: opts.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS });
  registerKpiRoutes(app, almanac);
  registerNotifyRoutes(app, almanac);
  registerAlertRoutes(app, almanac);
  await app.register(async (scope) => registerIngestRoutes(scope, almanac, bodyLimit));
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await registerWebRoutes(app, almanac, sessions);
  if (opts.watch !== false) startDelivery(almanac, opts.delivery);
  if (opts.watch !== false) startAlertScheduler(almanac, opts.alerts);
  // Forecast / anomaly worker threads load their modules once the server listens, not during the first dashboard load.
  if (opts.watch !== false) app.addHook('onListen', async () => analyticsPool().warm());
  return { app: app as unknown as FastifyInstance, sessions };
}
