import { createHash, randomBytes } from 'node:crypto';
import { AlmanacError } from '../core/errors.js';
import { checkResourceName } from '../core/names.js';
import type { ApiKeyRecord, Role, Store } from '../store/store.js';
import { ROLES } from './roles.js';

/**
 * API keys are `alm_<id>_<secret>` with 256 random bits of secret. Only the
 * SHA-256 of the whole key is stored: the key is shown once, at creation. A slow
 * password hash is not needed because the secret is random, not chosen by a person.
 */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createKey(store: Store, workspace: string, role: Role, name: string | null = null): Promise<{ key: string; record: ApiKeyRecord }> {
  checkResourceName('workspace', workspace);
  if (!ROLES.includes(role)) throw new AlmanacError('bad_request', `unknown role ${JSON.stringify(role)}; roles: ${ROLES.join(', ')}`);
  const id = `k${randomBytes(6).toString('hex')}`;
  const key = `alm_${id}_${randomBytes(32).toString('base64url')}`;
  await store.createKey({ id, hash: hashKey(key), workspace, role, name });
  const record = (await store.findKeyByHash(hashKey(key)))!;
  return { key, record };
}

/** The key record for a presented key, or undefined if unknown or revoked. */
export async function authenticate(store: Store, presented: string): Promise<ApiKeyRecord | undefined> {
  if (!presented.startsWith('alm_') || presented.length > 200) return undefined;
  const rec = await store.findKeyByHash(hashKey(presented));
  return rec && rec.revokedAt === null ? rec : undefined;
}
