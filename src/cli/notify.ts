import { AlmanacError } from '../core/errors.js';
import { DELIVERY_STATUSES, listOutbox, type DeliveryStatus, type OutboxEntry } from '../watch/notify/outbox.js';
import { sendTestMessage, type ChannelTestResult } from '../watch/notify/test-message.js';
import { callApi, type Target } from './target.js';

/** Deliveries from a data directory or a running server (the same module behind both). */
export async function fetchOutbox(t: Target, opts: { status?: string; channel?: string; limit?: string }): Promise<OutboxEntry[]> {
  if (opts.status !== undefined && !DELIVERY_STATUSES.includes(opts.status as DeliveryStatus)) {
    throw new AlmanacError('bad_request', `--status must be one of ${DELIVERY_STATUSES.join(', ')}`);
  }
  if (opts.limit !== undefined && !/^[0-9]{1,5}$/.test(opts.limit)) throw new AlmanacError('bad_request', '--limit must be a whole number');
  const limit = Math.max(1, Math.min(Number(opts.limit ?? 50), 10_000));
  if (t.kind === 'local') {
    return listOutbox(t.almanac.store.meta, t.workspace, { status: opts.status as DeliveryStatus | undefined, channel: opts.channel, limit });
  }
  const params = new URLSearchParams({ limit: String(limit) });
  if (opts.status) params.set('status', opts.status);
  if (opts.channel) params.set('channel', opts.channel);
  return ((await callApi(t, 'GET', `/api/v1/outbox?${params}`)) as { deliveries: OutboxEntry[] }).deliveries;
}

const time = (t: number | null) => (t === null ? '–' : new Date(t).toISOString().replace('T', ' ').slice(0, 19));

/** One delivery a line: when, where, state, attempts, what happens next or went wrong. */
export function formatOutbox(rows: OutboxEntry[]): string {
  if (rows.length === 0) return 'no deliveries';
  const head = ['created', 'channel', 'status', 'attempts', 'next / delivered', 'last error', 'subject'];
  const lines = rows.map((r) => [
    time(r.createdAt), r.channel, r.status, String(r.attempts),
    r.status === 'delivered' ? time(r.deliveredAt) : r.status === 'pending' ? `next ${time(r.nextAttemptAt)}` : '–',
    (r.lastError ?? '').slice(0, 60), r.subject.slice(0, 80),
  ]);
  const table = [head, ...lines];
  const widths = head.map((_, j) => Math.max(...table.map((row) => row[j].length)));
  return table.map((row) => row.map((c, j) => (j === 3 ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  ').trimEnd()).join('\n');
}

/** `almanac channels test NAME`: through a running server, or on a data directory (the row stays for a later server if the attempt fails). */
export async function testChannel(t: Target, name: string): Promise<ChannelTestResult> {
  if (t.kind === 'remote') return (await callApi(t, 'POST', `/api/v1/channels/${encodeURIComponent(name)}/test`, { type: 'application/json', data: '{}' })) as ChannelTestResult;
  const result = await sendTestMessage(t.almanac, t.workspace, name, { requestedBy: null });
  await t.almanac.audit({ workspace: t.workspace, keyId: null, action: 'channel.test', target: `channel/${name}`, outcome: 'ok' });
  return result;
}

export function formatChannelTest(name: string, r: ChannelTestResult): string {
  const answer = r.receiverStatus !== undefined ? ` (receiver answered ${r.receiverStatus})` : '';
  if (r.delivered) return `channel ${name}: delivered${answer}; idempotency key ${r.idempotencyKey}`;
  const next = r.delivery?.status === 'pending' ? `; will retry (next attempt ${time(r.delivery.nextAttemptAt)})` : '';
  return `channel ${name}: NOT delivered${answer}: ${r.error ?? 'unknown error'}${next}`;
}
