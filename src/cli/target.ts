import { AlmanacError } from '../core/errors.js';
import { openAlmanac, type Almanac } from '../almanac.js';
import pino from 'pino';

/** Where a command acts: a data directory opened in this process, or a running server. */
export type Target =
  | { kind: 'local'; almanac: Almanac; workspace: string }
  | { kind: 'remote'; url: string; key: string };

export interface TargetFlags {
  dataDir?: string;
  url?: string;
  key?: string;
  workspace?: string;
}

export async function openTarget(flags: TargetFlags): Promise<Target> {
  if (flags.url) {
    const key = flags.key ?? process.env.ALMANAC_KEY;
    if (!key) throw new AlmanacError('bad_request', '--url needs --key (or $ALMANAC_KEY)');
    return { kind: 'remote', url: flags.url.replace(/\/$/, ''), key };
  }
  const almanac = await openAlmanac({ dataDir: flags.dataDir, logger: pino({ level: 'warn' }, pino.destination(2)) });
  return { kind: 'local', almanac, workspace: flags.workspace ?? 'default' };
}

export async function closeTarget(t: Target) {
  if (t.kind === 'local') await t.almanac.close();
}

/** Call the API of a running server; errors come back as the server's message. */
export async function callApi(t: Target & { kind: 'remote' }, method: string, path: string, body?: { type: string; data: string | Uint8Array; encoding?: 'gzip' }): Promise<unknown> {
  const res = await fetch(t.url + path, {
    method,
    headers: { authorization: `Bearer ${t.key}`, ...(body ? { 'content-type': body.type } : {}), ...(body?.encoding ? { 'content-encoding': body.encoding } : {}) },
    body: body?.data as BodyInit | undefined,
  });
  const text = await res.text();
  const parsed = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  if (!res.ok) {
    const error = (parsed as { error?: { message?: string; issues?: unknown[] } })?.error;
    const e = new Error(`${res.status}: ${error?.message ?? text}`) as Error & { body?: unknown; issues?: unknown[] };
    e.body = parsed;
    e.issues = error?.issues;
    throw e;
  }
  return parsed;
}
