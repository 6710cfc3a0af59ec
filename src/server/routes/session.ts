import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Almanac } from '../../almanac.js';
import { authenticate } from '../../auth/keys.js';
import { PERMISSIONS } from '../../auth/roles.js';
import { AlmanacError } from '../../core/errors.js';
import type { ApiKeyRecord } from '../../store/store.js';
import { SESSION_COOKIE, SESSION_TTL_MS, type Sessions } from '../auth-hook.js';

const SignInSchema = Type.Object({ key: Type.String({ minLength: 1, maxLength: 200, description: 'an API key (alm_…)' }) }, { additionalProperties: false });

/** The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). */
export function sessionCookie(sid: string): string {
  return `${SESSION_COOKIE}=${sid}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.floor(SESSION_TTL_MS / 1000)}`;
}
const CLEARED_COOKIE = `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;

/** What the web UI needs to know about who is signed in. */
export function describePrincipal(p: ApiKeyRecord) {
  return { workspace: p.workspace, role: p.role, keyId: p.id, keyName: p.name, permissions: { ...PERMISSIONS[p.role] } };
}

/**
 * The principal of a request by bearer key or session cookie, for routes open to
 * every role (an ingest key may ask who it is, though it may not read).
 */
async function principalOf(almanac: Almanac, sessions: Sessions, req: FastifyRequest): Promise<ApiKeyRecord> {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new AlmanacError('unauthorized', 'Authorization must be "Bearer <api key>"');
    const p = await authenticate(almanac.store, m[1]);
    if (!p) throw new AlmanacError('unauthorized', 'the API key is unknown or revoked');
    return p;
  }
  const p = await sessions.principalOf(req);
  if (!p) throw new AlmanacError('unauthorized', 'not signed in: sign in with an API key or the link Almanac printed at start-up');
  return p;
}

/**
 * Browser sign-in: an API key is exchanged for a session cookie, so the key is
 * never kept by the page. The one-time link (`/?token=`) is handled with the UI
 * routes; both end in the same kind of session.
 */
export function registerSessionRoutes(app: FastifyInstance, almanac: Almanac, sessions: Sessions) {
  app.post('/api/v1/session', {
    schema: { tags: ['session'], summary: 'Sign in with an API key: sets the session cookie (204)', body: SignInSchema, security: [] },
  }, async (req, reply) => {
    const { key } = req.body as { key: string };
    const principal = await authenticate(almanac.store, key.trim());
    if (!principal) throw new AlmanacError('unauthorized', 'that API key is unknown or revoked; check it, or ask an admin for a new one');
    reply.header('set-cookie', sessionCookie(sessions.create(principal)));
    return reply.status(204).send();
  });

  app.get('/api/v1/session', {
    schema: { tags: ['session'], summary: 'Who is signed in (session cookie or bearer key): workspace, role and permissions' },
  }, async (req) => describePrincipal(await principalOf(almanac, sessions, req)));

  app.delete('/api/v1/session', {
    schema: { tags: ['session'], summary: 'Sign out: ends the session and clears its cookie (204)', security: [] },
  }, async (req, reply: FastifyReply) => {
    sessions.end(req);
    reply.header('set-cookie', CLEARED_COOKIE);
    return reply.status(204).send();
  });
}
