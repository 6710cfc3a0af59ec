import { randomBytes } from 'node:crypto';
import type { OutboundMessage } from '../notification.js';

/** The message `POST /channels/{name}/test` sends: a fresh key each time, so every test is a new delivery. */
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
