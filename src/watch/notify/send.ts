import nodemailer from 'nodemailer';
import type { RenderedRequest } from './render.js';

/** What one attempt reports: accepted, or why not (with the receiver's status when it answered). */
export interface SendResult {
  ok: boolean;
  /** HTTP status, or the SMTP reply code when the server answered. */
  status?: number;
  error?: string;
  /** True when the attempt was cut short because the delivery loop is stopping (not the receiver's fault). */
  aborted?: boolean;
}

export interface SendContext {
  timeoutMs: number;
  /** Aborted when the delivery loop stops. */
  signal: AbortSignal;
  /** Stores and announces an in-app notification (the outbox row's workspace, key and channel are bound by the caller). */
  inApp(n: Extract<RenderedRequest, { type: 'in-app' }>['notification']): Promise<void>;
}

const SNIPPET = 300;

function describeFetchError(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = err.cause?.code ?? err.cause?.message;
  return cause ? `${err.message} (${cause})` : err.message;
}

/** At most `max` characters of an answer body; the rest is not read (a receiver may answer with anything). */
async function readSnippet(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.length < max) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel().catch(() => undefined);
  return text.slice(0, max);
}

/** POST the rendered body; 2xx is delivered, anything else (including redirects) is a failed attempt. */
async function sendHttp(req: Extract<RenderedRequest, { type: 'http' }>, ctx: SendContext): Promise<SendResult> {
  const timeout = AbortSignal.timeout(ctx.timeoutMs);
  try {
    const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, redirect: 'manual', signal: AbortSignal.any([timeout, ctx.signal]) });
    if (res.status >= 200 && res.status < 300) {
      await res.body?.cancel().catch(() => undefined);
      return { ok: true, status: res.status };
    }
    // A bounded part of the answer, so the error says what the receiver said.
    const snippet = (await readSnippet(res, SNIPPET).catch(() => '')).trim();
    return { ok: false, status: res.status, error: `HTTP ${res.status}${snippet ? `: ${snippet}` : ''}` };
  } catch (e) {
    if (ctx.signal.aborted) return { ok: false, aborted: true, error: 'stopped' };
    return { ok: false, error: describeFetchError(e, ctx.timeoutMs) };
  }
}

/** Hand the mail to the SMTP server; its 250 after DATA is "delivered". */
async function sendSmtp(req: Extract<RenderedRequest, { type: 'smtp' }>, ctx: SendContext): Promise<SendResult> {
  const { smtp, mail } = req;
  let pass: string | undefined;
  if (smtp.passwordEnv) {
    pass = process.env[smtp.passwordEnv];
    if (pass === undefined) return { ok: false, error: `environment variable ${smtp.passwordEnv} (passwordEnv) is not set` };
  }
  const transport = nodemailer.createTransport({
    host: smtp.host, port: smtp.port, secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: pass ?? '' } } : {}),
    connectionTimeout: ctx.timeoutMs, greetingTimeout: ctx.timeoutMs, socketTimeout: ctx.timeoutMs,
  });
  const stop = () => transport.close();
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    const info = await transport.sendMail({
      from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId, headers: mail.headers,
    });
    const code = Number(/^(\d{3})/.exec(String(info.response ?? ''))?.[1]);
    return { ok: true, ...(Number.isFinite(code) ? { status: code } : {}) };
  } catch (e) {
    if (ctx.signal.aborted) return { ok: false, aborted: true, error: 'stopped' };
    const err = e as Error & { responseCode?: number; code?: string };
    return { ok: false, ...(err.responseCode ? { status: err.responseCode } : {}), error: `${err.code ? `${err.code}: ` : ''}${err.message}`.slice(0, 1000) };
  } finally {
    ctx.signal.removeEventListener('abort', stop);
    transport.close();
  }
}

/** Send one rendered request; never throws (every failure is a result the outbox records). */
export async function sendRequest(req: RenderedRequest, ctx: SendContext): Promise<SendResult> {
  switch (req.type) {
    case 'http': return sendHttp(req, ctx);
    case 'smtp': return sendSmtp(req, ctx);
    case 'in-app':
      try {
        await ctx.inApp(req.notification);
        return { ok: true };
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
  }
}
