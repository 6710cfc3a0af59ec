import fastifyStatic from '@fastify/static';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Almanac } from '../../almanac.js';
import { AlmanacError } from '../../core/errors.js';
import { MAX_TIME, MIN_TIME } from '../../core/time.js';
import { getDataset } from '../../definitions/datasets.js';
import { runQuery } from '../../query/run-query.js';
import type { Sessions } from '../auth-hook.js';
import { registerDefinitionRoutes } from './definitions.js';
import { registerLiveRoutes } from './live.js';
import { registerSessionRoutes, sessionCookie } from './session.js';

/** Where `npm run build:web` puts the UI (the same path from `src/` and from `dist/`). */
export const WEB_ROOT = path.resolve(import.meta.dirname, '../../../dist/web');
export const MAX_VALUES = 1000;

/**
 * Everything the web UI needs from the server: dashboards CRUD, browser sessions,
 * the live stream, distinct values for variable pickers, and the built UI itself.
 */
export async function registerWebRoutes(app: FastifyInstance, almanac: Almanac, sessions: Sessions, opts: { webRoot?: string } = {}) {
  registerDefinitionRoutes(app, almanac, { kind: 'dashboard', path: 'dashboards', listKey: 'dashboards', tag: 'dashboards' });
  registerSessionRoutes(app, almanac, sessions);
  registerLiveRoutes(app, almanac);
  registerValuesRoute(app, almanac);
  // ALMANAC_WEB_DIR serves a UI built elsewhere (and lets tests serve a fixture).
  await registerUi(app, sessions, path.resolve(opts.webRoot ?? process.env.ALMANAC_WEB_DIR ?? WEB_ROOT));
}

const ValuesQuery = Type.Object({
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'only values containing this text (case-sensitive)' })),
  from: Type.Optional(Type.String({ maxLength: 64 })),
  to: Type.Optional(Type.String({ maxLength: 64 })),
});

/** Distinct values of a dimension column, most frequent first, for variable pickers and filter suggestions. */
function registerValuesRoute(app: FastifyInstance, almanac: Almanac) {
  app.get('/api/v1/datasets/:name/values/:column', {
    config: { permission: 'read' },
    schema: {
      tags: ['datasets'],
      summary: 'Distinct values of a string or boolean column, most frequent first: {values, counts}',
      params: Type.Object({ name: Type.String(), column: Type.String() }),
      querystring: ValuesQuery,
    },
  }, async (req) => {
    const { name, column } = req.params as { name: string; column: string };
    const qs = req.query as { limit?: string; q?: string; from?: string; to?: string };
    const ws = req.principal.workspace;
    const ds = await getDataset(almanac.store, ws, name);
    const col = ds.columns.find((c) => c.name === column);
    if (!col) throw new AlmanacError('bad_request', `column: unknown column "${column}" in dataset "${name}"`, { issues: [{ path: 'column', message: `unknown column "${column}"` }] });
    if (col.type !== 'string' && col.type !== 'boolean') {
      throw new AlmanacError('bad_request', `column: "${column}" is a ${col.type} column; values are listed for dimensions (string or boolean columns)`, { issues: [{ path: 'column', message: `"${column}" is not a dimension` }] });
    }
    const limit = qs.limit === undefined ? 100 : Number(qs.limit);
    if (limit < 1 || limit > MAX_VALUES) throw new AlmanacError('bad_request', `limit: must be from 1 to ${MAX_VALUES}`, { issues: [{ path: 'limit', message: `must be from 1 to ${MAX_VALUES}` }] });
    const search = qs.q ?? '';
    if (search && col.type !== 'string') throw new AlmanacError('bad_request', 'q: text search needs a string column', { issues: [{ path: 'q', message: 'text search needs a string column' }] });
    // The metric query does the work: a top-N of count() by the column. LIKE treats
    // % and _ as wildcards, so the exact containment test below trims the answer.
    const filter = [`${column} is not null`, ...(search ? [`${column} like '%${search.replaceAll("'", "''")}%'`] : [])].join(' and ');
    const answer = await runQuery(almanac.store, ws, {
      dataset: name, measures: ['count()'], groupBy: [column], filter, limit,
      // Without a range, values come from all of the data.
      from: qs.from ?? MIN_TIME, to: qs.to ?? MAX_TIME,
    });
    const pairs = answer.series
      .map((s) => ({ value: s.group[column] as string | boolean, count: Number(s.points[0]?.[1] ?? 0) }))
      .filter((p) => p.value !== null && p.count > 0 && (!search || String(p.value).includes(search)))
      .sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
    return { values: pairs.map((p) => p.value), counts: pairs.map((p) => p.count) };
  });
}

const NO_UI_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Almanac</title></head>
<body style="font-family:sans-serif;max-width:50rem;margin:2rem auto"><h1>Almanac</h1>
<p>The web UI is not built yet. Build it with <code>npm run build:web</code> (or start with <code>npm start</code>, which builds it when needed), then reload.</p>
<p>The API works meanwhile: <a href="/api/v1/openapi.json">OpenAPI document</a>.</p></body></html>`;

const LINK_USED_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in link used or expired</title></head>
<body style="font-family:sans-serif;max-width:50rem;margin:2rem auto"><h1>Sign-in link used or expired</h1>
<p>Each printed link signs in once. <a href="/signin">Sign in with an API key</a>, or restart Almanac for a new link.</p></body></html>`;

/**
 * The single-page app: hashed `/assets/*` are immutable (cached for a year);
 * `index.html` is never cached, so a rebuild shows at the next load; every other
 * non-API path is a client route and gets `index.html`.
 */
async function registerUi(app: FastifyInstance, sessions: Sessions, root: string) {
  await app.register(fastifyStatic, { root, serve: false });
  const hasUi = () => fs.existsSync(path.join(root, 'index.html'));
  const sendIndex = (reply: FastifyReply) => {
    if (!hasUi()) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NO_UI_PAGE);
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', root, { cacheControl: false });
  };

  app.get('/', { schema: { hide: true } }, async (req, reply) => {
    const token = (req.query as { token?: string }).token;
    if (token !== undefined) {
      const sid = sessions.redeem(token);
      if (!sid) return reply.status(401).type('text/html; charset=utf-8').send(LINK_USED_PAGE);
      reply.header('set-cookie', sessionCookie(sid));
      // Drop the token from the address bar (and from history) at once.
      return reply.redirect('/');
    }
    return sendIndex(reply);
  });

  app.get('/*', { schema: { hide: true } }, async (req: FastifyRequest, reply: FastifyReply) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(req.url.split('?')[0]);
    } catch {
      throw new AlmanacError('bad_request', 'the path is not valid percent-encoding');
    }
    if (urlPath === '/api' || urlPath.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
    }
    if (urlPath.startsWith('/assets/')) {
      return reply.sendFile(urlPath.slice(1), root, { maxAge: '365d', immutable: true });
    }
    // A top-level file of the build (favicon, robots.txt) is served as itself.
    const file = path.join(root, path.normalize(urlPath));
    if (file.startsWith(root + path.sep) && path.dirname(file) === root && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return reply.sendFile(path.basename(file), root, { maxAge: '1h' });
    }
    return sendIndex(reply);
  });
}
