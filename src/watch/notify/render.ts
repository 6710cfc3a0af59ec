import { createHash, createHmac } from 'node:crypto';
import type { OutboundMessage } from '../notification.js';
import type { ChannelDoc, EmailChannel, SlackChannel, WebhookChannel } from './channel.js';

/**
 * What one delivery sends, fixed when the message enters the outbox, so every
 * retry sends the same bytes (same body, same signature, same Message-ID) even
 * if the channel document changes meanwhile. It holds no password: an SMTP
 * password is read from the environment at send time.
 */
export type RenderedRequest =
  | { type: 'http'; url: string; headers: Record<string, string>; body: string }
  | { type: 'smtp'; smtp: SmtpTarget; mail: RenderedMail }
  | { type: 'in-app'; notification: InAppNotification };

export interface SmtpTarget { host: string; port: number; secure: boolean; user?: string; passwordEnv?: string }
export interface RenderedMail { from: string; to: string[]; subject: string; text: string; html: string; messageId: string; headers: Record<string, string> }
export interface InAppNotification { subject: string; text: string; severity: string | null; payload: Record<string, unknown> }

/** The body a webhook receives (docs/alerts.md, "Webhook payload"). */
export interface WebhookBody {
  version: 1;
  key: string;
  idempotencyKey: string;
  channel: string;
  subject: string;
  text: string;
  severity: string | null;
  sentAt: string;
  payload: Record<string, unknown>;
}

/** `<message key>:<channel>`: the same on every attempt of one delivery. */
export function idempotencyKey(key: string, channel: string): string {
  return `${key}:${channel}`;
}

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`, the value of X-Almanac-Signature. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Slack mrkdwn treats only these three as control characters. */
function escapeSlack(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Inputs a renderer needs beyond the message and the channel. */
export interface RenderContext {
  /** Epoch ms the message entered the outbox; `sentAt` in webhook bodies. */
  now: number;
  /** The webhook secret, already resolved from `secret` or `secretEnv`. */
  secret?: string;
}

export function renderWebhook(ch: WebhookChannel, msg: OutboundMessage, ctx: RenderContext): RenderedRequest {
  const idem = idempotencyKey(msg.key, ch.name);
  const doc: WebhookBody = {
    version: 1, key: msg.key, idempotencyKey: idem, channel: ch.name, subject: msg.subject, text: msg.text,
    severity: msg.severity ?? null, sentAt: new Date(ctx.now).toISOString(), payload: msg.payload,
  };
  const body = JSON.stringify(doc);
  const headers: Record<string, string> = {
    ...(ch.headers ?? {}),
    'content-type': 'application/json',
    'user-agent': 'Almanac-Notifier/1',
    'x-almanac-idempotency-key': idem,
  };
  if (ctx.secret !== undefined) headers['x-almanac-signature'] = signBody(body, ctx.secret);
  return { type: 'http', url: ch.url, headers, body };
}

const SEVERITY_EMOJI: Record<string, string> = { critical: ':red_circle:', warning: ':large_orange_circle:', info: ':large_blue_circle:' };

/** Slack incoming-webhook format: `text` is the notification fallback, `blocks` the layout (Block Kit limits respected). */
export function renderSlack(ch: SlackChannel, msg: OutboundMessage): RenderedRequest {
  const mark = msg.severity ? `${SEVERITY_EMOJI[msg.severity]} ` : '';
  const body = {
    text: clip(`${mark}${msg.subject}`, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(msg.subject, 150), emoji: true } },
      ...(msg.text ? [{ type: 'section', text: { type: 'mrkdwn', text: clip(escapeSlack(msg.text), 3000) } }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeSlack(`${msg.severity ? `severity: ${msg.severity} · ` : ''}${msg.key}`), 3000) }] },
    ],
  };
  return { type: 'http', url: ch.url, headers: { 'content-type': 'application/json', 'user-agent': 'Almanac-Notifier/1' }, body: JSON.stringify(body) };
}

/** HTML from plain text: escaped, paragraphs on blank lines, <br> on single line breaks. */
export function textToHtml(text: string): string {
  return text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
}

/** A Message-ID derived from the idempotency key, so retries and duplicates carry the same one. */
export function messageIdOf(idem: string): string {
  return `<${createHash('sha256').update(idem).digest('hex').slice(0, 40)}@almanac.notify>`;
}

export function renderEmail(ch: EmailChannel, msg: OutboundMessage): RenderedRequest {
  const idem = idempotencyKey(msg.key, ch.name);
  // The caller's html is used as given (it is built from escaped parts by its producer); otherwise it is derived from the text.
  const inner = msg.html ?? textToHtml(msg.text);
  const html = `<!doctype html><html><body>\n<h2>${escapeHtml(msg.subject)}</h2>\n${inner}\n</body></html>`;
  return {
    type: 'smtp',
    smtp: { host: ch.host, port: ch.port, secure: ch.secure ?? false, ...(ch.user ? { user: ch.user } : {}), ...(ch.passwordEnv ? { passwordEnv: ch.passwordEnv } : {}) },
    mail: {
      from: ch.from, to: ch.to, subject: msg.subject.replace(/[\r\n]+/g, ' '), text: msg.text, html,
      messageId: messageIdOf(idem), headers: { 'X-Almanac-Idempotency-Key': idem },
    },
  };
}

export function renderInApp(msg: OutboundMessage): RenderedRequest {
  return { type: 'in-app', notification: { subject: msg.subject, text: msg.text, severity: msg.severity ?? null, payload: msg.payload } };
}

/** The request for one channel type; exhaustive over ChannelType. */
export function renderFor(ch: ChannelDoc, msg: OutboundMessage, ctx: RenderContext): RenderedRequest {
  switch (ch.type) {
    case 'webhook': return renderWebhook(ch, msg, ctx);
    case 'slack': return renderSlack(ch, msg);
    case 'email': return renderEmail(ch, msg);
    case 'in-app': return renderInApp(msg);
  }
}
