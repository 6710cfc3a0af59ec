import { Type } from 'typebox';
import type { Issue } from '../../core/errors.js';
import { DEFINITION_NAME_PATTERN } from '../../core/names.js';
import type { KindSpec } from '../../definitions/kinds.js';
import type { Definition } from '../../store/store.js';

/** Where a notification can go. A closed union: every renderer and sender maps all of them. */
export type ChannelType = 'webhook' | 'slack' | 'email' | 'in-app';
export const CHANNEL_TYPES: readonly ChannelType[] = ['webhook', 'slack', 'email', 'in-app'];

const EnvName = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,127}$', description: 'the name of an environment variable of the Almanac process' });

/**
 * `kind: channel`. One object schema with every field optional beyond `type`
 * (the definition routes and canonical export need an object schema); which
 * fields a type needs and allows is checked in `checkChannel`, naming the field.
 */
export const ChannelDocSchema = Type.Object({
  kind: Type.Literal('channel'),
  name: Type.String({ pattern: DEFINITION_NAME_PATTERN }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  type: Type.Union(CHANNEL_TYPES.map((t) => Type.Literal(t))),
  url: Type.Optional(Type.String({ maxLength: 2000, description: 'webhook, slack: http(s) URL to POST to' })),
  secret: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: 'webhook: HMAC-SHA256 key for X-Almanac-Signature (readable by anyone who may read definitions; prefer secretEnv)' })),
  secretEnv: Type.Optional(EnvName),
  headers: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 4000 }), { description: 'webhook: extra request headers' })),
  host: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'email: SMTP host' })),
  port: Type.Optional(Type.Integer({ description: 'email: SMTP port (1–65535)' })),
  secure: Type.Optional(Type.Boolean({ description: 'email: TLS from the first byte (port 465); otherwise STARTTLS when offered' })),
  user: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'email: SMTP user' })),
  passwordEnv: Type.Optional(EnvName),
  from: Type.Optional(Type.String({ maxLength: 320, description: 'email: sender, "alerts@example.com" or "Almanac <alerts@example.com>"' })),
  to: Type.Optional(Type.Array(Type.String({ maxLength: 320 }), { maxItems: 100, description: 'email: recipients' })),
}, { additionalProperties: false });

interface ChannelBase { kind: 'channel'; name: string; description?: string }
export interface WebhookChannel extends ChannelBase { type: 'webhook'; url: string; secret?: string; secretEnv?: string; headers?: Record<string, string> }
export interface SlackChannel extends ChannelBase { type: 'slack'; url: string }
export interface EmailChannel extends ChannelBase {
  type: 'email'; host: string; port: number; secure?: boolean; user?: string; passwordEnv?: string; from: string; to: string[];
}
export interface InAppChannel extends ChannelBase { type: 'in-app' }
export type ChannelDoc = WebhookChannel | SlackChannel | EmailChannel | InAppChannel;

/** Fields each type needs and may have (besides kind, name, description, type). */
const FIELDS: Record<ChannelType, { required: string[]; optional: string[] }> = {
  webhook: { required: ['url'], optional: ['secret', 'secretEnv', 'headers'] },
  slack: { required: ['url'], optional: [] },
  email: { required: ['host', 'port', 'from', 'to'], optional: ['secure', 'user', 'passwordEnv'] },
  'in-app': { required: [], optional: [] },
};
const COMMON = new Set(['kind', 'name', 'description', 'type']);

/** Header names a channel may not set: Almanac's own, and ones the HTTP client owns. */
const RESERVED_HEADERS = /^(x-almanac-.*|content-length|content-type|host|transfer-encoding|connection)$/i;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
const EMAIL = /^[^\s@<>(),;:"\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

export function isEmailAddress(s: string): boolean {
  return s.length <= 254 && EMAIL.test(s);
}

/** `a@b.c` or `Display Name <a@b.c>`; the display name may not hold angle brackets or line breaks. */
export function isMailbox(s: string): boolean {
  const m = /^([^<>\r\n]*)<([^<>]+)>$/.exec(s.trim());
  return m ? isEmailAddress(m[2]) : isEmailAddress(s.trim());
}

/**
 * Ports the HTTP client (Node's fetch) refuses to connect to: the Fetch
 * standard's "bad ports" (https://fetch.spec.whatwg.org/#bad-port), which guard
 * other protocols' servers from HTTP requests. A webhook there could never be
 * delivered, so it is refused when the channel is defined.
 */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119,
  123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990,
  993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** Why `s` is not an http(s) URL Almanac can POST to, or undefined when it is one. */
export function urlProblem(s: string): string | undefined {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return `"${s}" is not a URL`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `must be an http or https URL, not ${u.protocol.replace(/:$/, '')}`;
  if (!u.hostname) return 'the URL has no host';
  // fetch refuses such URLs; credentials belong in a header (headers: { Authorization: … }).
  if (u.username || u.password) return 'the URL may not hold a user or password; put credentials in headers (e.g. Authorization)';
  if (u.port && BAD_PORTS.has(Number(u.port))) return `port ${u.port} is blocked for HTTP by the Fetch standard (it belongs to another protocol); use another port`;
  return undefined;
}

/** Every problem of a channel document beyond its schema, each with the field it concerns. */
export function checkChannel(doc: Definition): Issue[] {
  const issues: Issue[] = [];
  const type = doc.type as ChannelType;
  const fields = FIELDS[type];
  const aType = `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
  for (const f of fields.required) if (doc[f] === undefined) issues.push({ path: f, message: `is required for ${aType} channel` });
  for (const f of Object.keys(doc)) {
    if (!COMMON.has(f) && !fields.required.includes(f) && !fields.optional.includes(f) && doc[f] !== undefined) {
      issues.push({ path: f, message: `does not apply to ${aType} channel` });
    }
  }
  if (typeof doc.url === 'string') {
    const p = urlProblem(doc.url);
    if (p) issues.push({ path: 'url', message: p });
  }
  if (doc.secret !== undefined && doc.secretEnv !== undefined) issues.push({ path: 'secretEnv', message: 'give either secret or secretEnv, not both' });
  if (doc.headers && typeof doc.headers === 'object') {
    for (const [h, v] of Object.entries(doc.headers as Record<string, string>)) {
      if (!HEADER_NAME.test(h)) issues.push({ path: `headers.${h}`, message: 'is not a valid HTTP header name' });
      else if (RESERVED_HEADERS.test(h)) issues.push({ path: `headers.${h}`, message: 'is set by Almanac and cannot be overridden' });
      if (/[\r\n\0]/.test(v)) issues.push({ path: `headers.${h}`, message: 'a header value may not contain line breaks' });
      else if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(v)) issues.push({ path: `headers.${h}`, message: 'a header value may hold only Latin-1 characters (encode others)' });
    }
  }
  if (doc.port !== undefined && (typeof doc.port !== 'number' || doc.port < 1 || doc.port > 65535)) issues.push({ path: 'port', message: `must be a port number from 1 to 65535, got ${JSON.stringify(doc.port)}` });
  if (typeof doc.host === 'string' && !/^[A-Za-z0-9.:[\]-]+$/.test(doc.host)) issues.push({ path: 'host', message: `"${doc.host}" is not a host name or IP address` });
  if (typeof doc.from === 'string' && !isMailbox(doc.from)) issues.push({ path: 'from', message: `"${doc.from}" is not an email address` });
  if (Array.isArray(doc.to)) {
    if (doc.to.length === 0) issues.push({ path: 'to', message: 'needs at least one recipient' });
    (doc.to as string[]).forEach((a, i) => { if (!isMailbox(a)) issues.push({ path: `to[${i}]`, message: `"${a}" is not an email address` }); });
  }
  if (doc.passwordEnv !== undefined && doc.user === undefined) issues.push({ path: 'user', message: 'is required when passwordEnv is given' });
  return issues;
}

export const ChannelKind: KindSpec = {
  schema: ChannelDocSchema,
  check: (doc) => checkChannel(doc),
};
