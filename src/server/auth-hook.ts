import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../auth/keys.js';
import { can, type Permission } from '../auth/roles.js';
import { AlmanacError } from '../core/errors.js';
import type { ApiKeyRecord, Store } from '../store/store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs; routes without one are public. */
    permission?: Permission;
  }
  interface FastifyRequest {
    principal: ApiKeyRecord;
  }
}

export const SESSION_COOKIE = 'almanac_session';

/**
 * Browser sessions: a one-time login token (printed at start-up, like Jupyter)
 * is exchanged for an HttpOnly, SameSite=Strict cookie. Keys never reach the
 * browser's storage. Sessions live in memory (a restart signs browsers out),
 * expire, and end when their key is revoked.
 */
const LOGIN_TOKEN_TTL_MS = 24 * 3_600_000;
export const SESSION_TTL_MS = 7 * 24 * 3_600_000;

export function createSessions(store: Store, now: () => number = Date.now) {
  const sessions = new Map<string, { principal: ApiKeyRecord; expires: number }>();
  const loginTokens = new Map<string, { principal: ApiKeyRecord; expires: number }>();
  const live = <T extends { expires: number }>(m: Map<string, T>, k: string): T | undefined => {
    const v = m.get(k);
    if (v && v.expires <= now()) m.delete(k);
    return v && v.expires > now() ? v : undefined;
  };
  /** Start a session for an authenticated principal (sign-in with an API key); returns its id. */
  const create = (principal: ApiKeyRecord): string => {
    const sid = randomBytes(24).toString('base64url');
    sessions.set(sid, { principal, expires: now() + SESSION_TTL_MS });
    return sid;
  };
  return {
    issueLoginToken(principal: ApiKeyRecord): string {
      const token = randomBytes(24).toString('base64url');
      loginTokens.set(token, { principal, expires: now() + LOGIN_TOKEN_TTL_MS });
      return token;
    },
    /** Redeem a login token once; returns the new session id. */
    redeem(token: string): string | undefined {
      const t = live(loginTokens, token);
      if (!t) return undefined;
      loginTokens.delete(token);
      return create(t.principal);
    },
    create,
    /** End the request's session, if it has one (sign-out). */
    end(req: FastifyRequest): void {
      const sid = cookie(req, SESSION_COOKIE);
      if (sid) sessions.delete(sid);
    },
    /** The principal of the request's session cookie, if the session is live and its key not revoked. */
    async principalOf(req: FastifyRequest): Promise<ApiKeyRecord | undefined> {
      const sid = cookie(req, SESSION_COOKIE);
      const s = sid ? live(sessions, sid) : undefined;
      if (!s) return undefined;
      const key = (await store.listKeys(s.principal.workspace)).find((k) => k.id === s.principal.id);
      return key && key.revokedAt === null ? key : undefined;
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;

function cookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function createAuthHook(store: Store, sessions: Sessions) {
  return async function authHook(req: FastifyRequest, _reply: FastifyReply) {
    const permission = req.routeOptions.config.permission;
    if (!permission) return;
    let principal: ApiKeyRecord | undefined;
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new AlmanacError('unauthorized', 'Authorization must be "Bearer <api key>"');
      principal = await authenticate(store, m[1]);
      if (!principal) throw new AlmanacError('unauthorized', 'the API key is unknown or revoked');
    } else {
      principal = await sessions.principalOf(req);
      if (!principal) throw new AlmanacError('unauthorized', 'send Authorization: Bearer <api key> (create one with `almanac keys create`)');
    }
    if (!can(principal.role, permission)) {
      throw new AlmanacError('forbidden', `role "${principal.role}" may not ${permission === 'read' ? 'read' : permission === 'ingest' ? 'ingest rows' : permission === 'define' ? 'change definitions' : 'administer keys and audit'}`);
    }
    req.principal = principal;
  };
}
