import type { FastifyInstance } from 'fastify';
import type { Almanac } from '../../almanac.js';

/** Health and self-metrics. Neither needs an API key. (The UI and browser sign-in are in `web.ts`.) */
export function registerOpsRoutes(app: FastifyInstance, almanac: Almanac) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(almanac.ops.registry.contentType);
    return almanac.ops.registry.metrics();
  });
}
