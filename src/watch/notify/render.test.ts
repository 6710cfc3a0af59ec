import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EmailChannel, SlackChannel, WebhookChannel } from './channel.js';
import { escapeHtml, idempotencyKey, messageIdOf, renderEmail, renderSlack, renderWebhook, signBody, textToHtml } from './render.js';

const msg = { key: 'alert:slow:region=eu:firing:1767225600000', subject: '[FIRING] slow <eu>', text: 'p95 = 912 ms > 800\n\nsee "dash" & co', payload: { rule: 'slow', value: 912 }, severity: 'critical' as const };

describe('signBody', () => {
  it('is HMAC-SHA256 in hex (RFC 4231-style reference: key "key", the quick brown fox)', () => {
    // Published reference value (Wikipedia, "HMAC", examples).
    expect(signBody('The quick brown fox jumps over the lazy dog', 'key')).toBe('sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');
  });
  it('signs the UTF-8 bytes', () => {
    expect(signBody('é', 'k')).not.toBe(signBody('e', 'k'));
  });
});

describe('renderWebhook', () => {
  const ch: WebhookChannel = { kind: 'channel', name: 'ops', type: 'webhook', url: 'https://example.com/hook', secret: 's3', headers: { Authorization: 'Bearer t' } };
  it('puts the envelope around the payload and signs the exact body', () => {
    const r = renderWebhook(ch, msg, { now: 1767225600000, secret: 's3' });
    if (r.type !== 'http') throw new Error('expected http');
    expect(JSON.parse(r.body)).toEqual({
      version: 1, key: msg.key, idempotencyKey: `${msg.key}:ops`, channel: 'ops', subject: msg.subject, text: msg.text,
      severity: 'critical', sentAt: '2026-01-01T00:00:00.000Z', payload: msg.payload,
    });
    expect(r.headers['x-almanac-signature']).toBe(signBody(r.body, 's3'));
    expect(r.headers['x-almanac-idempotency-key']).toBe(idempotencyKey(msg.key, 'ops'));
    expect(r.headers.Authorization).toBe('Bearer t');
  });
  it('has no signature header without a secret', () => {
    const r = renderWebhook({ ...ch, secret: undefined }, msg, { now: 0 });
    expect(r.type === 'http' && r.headers['x-almanac-signature']).toBeUndefined();
  });
});

describe('renderSlack', () => {
  const ch: SlackChannel = { kind: 'channel', name: 'sl', type: 'slack', url: 'https://hooks.slack.com/services/x' };
  it('clips the header to Block Kit’s 150 characters', () => {
    const r = renderSlack(ch, { ...msg, subject: 'x'.repeat(400) });
    const body = JSON.parse(r.type === 'http' ? r.body : '{}');
    expect(body.blocks[0].text.text).toHaveLength(150);
    expect(body.blocks[0].text.text.endsWith('…')).toBe(true);
  });
  it('omits the section for an empty text', () => {
    const r = renderSlack(ch, { ...msg, text: '' });
    expect(JSON.parse(r.type === 'http' ? r.body : '{}').blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'context']);
  });
});

describe('renderEmail', () => {
  const ch: EmailChannel = { kind: 'channel', name: 'mail', type: 'email', host: 'smtp.example.com', port: 587, user: 'u', passwordEnv: 'PW', from: 'a@example.com', to: ['b@example.com'] };
  it('escapes the text into HTML and derives the Message-ID from the idempotency key', () => {
    const r = renderEmail(ch, msg);
    if (r.type !== 'smtp') throw new Error('expected smtp');
    expect(r.mail.html).toContain('<h2>[FIRING] slow &lt;eu&gt;</h2>');
    expect(r.mail.html).toContain('<p>p95 = 912 ms &gt; 800</p>\n<p>see &quot;dash&quot; &amp; co</p>');
    const hex = createHash('sha256').update(`${msg.key}:mail`).digest('hex');
    expect(r.mail.messageId).toBe(`<${hex.slice(0, 40)}@almanac.notify>`);
    expect(messageIdOf(`${msg.key}:mail`)).toBe(r.mail.messageId);
    // The request keeps the variable name, never a password.
    expect(r.smtp).toEqual({ host: 'smtp.example.com', port: 587, secure: false, user: 'u', passwordEnv: 'PW' });
  });
  it('keeps a subject on one line', () => {
    const r = renderEmail(ch, { ...msg, subject: 'a\r\nBcc: evil@example.com' });
    expect(r.type === 'smtp' && r.mail.subject).toBe('a Bcc: evil@example.com');
  });
});

describe('html helpers', () => {
  it.each([
    ['<b>', '&lt;b&gt;'],
    ['a & b', 'a &amp; b'],
    [`"q" 'q'`, '&quot;q&quot; &#39;q&#39;'],
  ])('escapeHtml(%s)', (input, out) => expect(escapeHtml(input)).toBe(out));
  it('textToHtml: paragraphs on blank lines, <br> on single breaks', () => {
    expect(textToHtml('a\nb\n\nc')).toBe('<p>a<br>b</p>\n<p>c</p>');
  });
});
