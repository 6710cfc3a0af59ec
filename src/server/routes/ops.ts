import type { FastifyInstance } from 'fastify';
import type { Almanac } from '../../almanac.js';
import { SESSION_COOKIE, type Sessions } from '../auth-hook.js';
import { listDatasets } from '../../definitions/datasets.js';

/** Health, self-metrics and the browser sign-in. None needs an API key. */
export function registerOpsRoutes(app: FastifyInstance, almanac: Almanac, sessions: Sessions) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(almanac.ops.registry.contentType);
    return almanac.ops.registry.metrics();
  });

  // The web UI lands in a later change; until then the start page confirms the
  // sign-in and lists the datasets, so the printed link leads somewhere real.
  app.get('/', { schema: { hide: true } }, async (req, reply) => {
    const token = (req.query as { token?: string }).token;
    if (token) {
      const sid = sessions.redeem(token);
      if (!sid) return reply.status(401).type('text/html').send(page('Sign-in link used or expired', '<p>Restart Almanac or ask an admin for a new link, or use an API key.</p>'));
      reply.header('set-cookie', `${SESSION_COOKIE}=${sid}; HttpOnly; SameSite=Strict; Path=/`);
      return reply.redirect('/');
    }
    const who = await sessions.principalOf(req);
    if (!who) return reply.type('text/html').send(page('Almanac', '<p>Open the link Almanac printed at start-up to sign in, or use the API with an API key.</p>'));
    const datasets = await listDatasets(almanac.store, who.workspace);
    const items = datasets.map((d) => `<li><code>${d.name}</code> — ${d.columns.length} columns</li>`).join('');
    return reply.type('text/html').send(page('Almanac', `<p>Signed in to workspace <b>${who.workspace}</b> as ${who.role}.</p><h2>Datasets</h2><ul>${items}</ul><p>API: <a href="/api/v1/openapi.json">OpenAPI document</a>.</p>`));
  });
}

function page(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif;max-width:50rem;margin:2rem auto"><h1>${title}</h1>${body}</body></html>`;
}
