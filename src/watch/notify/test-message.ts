import { randomBytes } from 'node:crypto';
import type { Almanac } from '../../almanac.js';
import { notFound } from '../../core/errors.js';
import type { OutboundMessage } from '../notification.js';
import { attemptNow } from './delivery.js';
import { enqueueRows, getOutboxEntry, type OutboxEntry } from './outbox.js';
import { idempotencyKey } from './render.js';

/** The message a channel test sends: a fresh key each time, so every test is a new delivery. */
export function testMessage(channel: string, now: number, opts: { subject?: string; text?: string; requestedBy?: string | null } = {}): OutboundMessage {
  const at = new Date(now).toISOString();
  return {
    key: `test:${channel}:${at}:${randomBytes(4).toString('hex')}`,
    subject: opts.subject ?? `[TEST] Almanac test notification for channel ${channel}`,
    text: opts.text ?? `This is a test notification sent to channel "${channel}" at ${at}. If you can read it, the channel works.`,
    severity: 'info',
    payload: { type: 'test', channel, requestedAt: at, requestedBy: opts.requestedBy ?? null },
  };
}

/** How the first attempt of a channel test went; the delivery row says what happens next. */
export interface ChannelTestResult {
  key: string;
  idempotencyKey: string;
  delivered: boolean;
  /** HTTP status or SMTP reply code, when the receiver answered. */
  receiverStatus?: number;
  error?: string;
  delivery: OutboxEntry | null;
}

/**
 * Send a test message to a channel now: through the outbox (a failed first
 * attempt is retried like any other message), answering with the first attempt.
 */
export async function sendTestMessage(almanac: Almanac, workspace: string, channel: string, opts: { subject?: string; text?: string; requestedBy?: string | null } = {}): Promise<ChannelTestResult> {
  if (!(await almanac.store.listDefinitions(workspace, 'channel')).some((d) => d.name === channel)) throw notFound(`channel "${channel}"`);
  const msg = testMessage(channel, Date.now(), opts);
  const [row] = await enqueueRows(almanac, workspace, [channel], msg);
  // A fresh key is always a new row; `id` is null only if the key were reused.
  const first = row.id ? await attemptNow(almanac, row.id) : { ok: false, error: 'the test message was already in the outbox' };
  return {
    key: msg.key,
    idempotencyKey: idempotencyKey(msg.key, channel),
    delivered: first.ok,
    ...('status' in first && first.status !== undefined ? { receiverStatus: first.status } : {}),
    ...(first.error !== undefined ? { error: first.error } : {}),
    delivery: row.id ? ((await getOutboxEntry(almanac.store.meta, workspace, row.id)) ?? null) : null,
  };
}
