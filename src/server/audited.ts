import type { FastifyRequest } from 'fastify';
import type { Almanac } from '../almanac.js';

/** Run a change and write it to the audit log, whether it worked or not. */
export async function audited<T>(almanac: Almanac, req: FastifyRequest, action: string, target: string, fn: () => Promise<T>): Promise<T> {
  const workspace = req.principal.workspace;
  try {
    const out = await fn();
    await almanac.audit({ workspace, keyId: req.principal.id, action, target, outcome: 'ok' });
    return out;
  } catch (e) {
    await almanac.audit({ workspace, keyId: req.principal.id, action, target, outcome: 'error', detail: (e as Error).message.slice(0, 500) });
    throw e;
  }
}
