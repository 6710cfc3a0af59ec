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
 * browser's storage. Sessions live in memory: a restart signs browsers out.
 */
export function createSessions() {
  const sessions = new Map<string, ApiKeyRecord>();
  const loginTokens = new Map<string, ApiKeyRecord>();
  return {
    issueLoginToken(principal: ApiKeyRecord): string {
      const token = randomBytes(24).toString('base64url');
      loginTokens.set(token, principal);
      return token;
    },
    /** Redeem a login token once; returns the new session id. */
    redeem(token: string): string | undefined {
      const p = loginTokens.get(token);
      if (!p) return undefined;
      loginTokens.delete(token);
      const sid = randomBytes(24).toString('base64url');
      sessions.set(sid, p);
      return sid;
    },
    get: (sid: string) => sessions.get(sid),
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
      const sid = cookie(req, SESSION_COOKIE);
      const p = sid ? sessions.get(sid) : undefined;
      // Keys revoked after sign-in end the session too.
      principal = p ? await stillValid(store, p) : undefined;
      if (!principal) throw new AlmanacError('unauthorized', 'send Authorization: Bearer <api key> (create one with `almanac keys create`)');
    }
    if (!can(principal.role, permission)) {
      throw new AlmanacError('forbidden', `role "${principal.role}" may not ${permission === 'read' ? 'read' : permission === 'ingest' ? 'ingest rows' : permission === 'define' ? 'change definitions' : 'administer keys and audit'}`);
    }
    req.principal = principal;
  };
}

async function stillValid(store: Store, p: ApiKeyRecord): Promise<ApiKeyRecord | undefined> {
  const keys = await store.listKeys(p.workspace);
  const k = keys.find((x) => x.id === p.id);
  return k && k.revokedAt === null ? k : undefined;
}
