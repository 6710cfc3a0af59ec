import { Counter, Gauge } from 'prom-client';
import type { Almanac } from '../../almanac.js';
import { DELIVERY_STATUSES, ensureNotifyTables } from './outbox.js';

/**
 * Delivery counters on Almanac's /metrics. Labels are channel types and
 * outcomes only: /metrics needs no key, and channel names are tenant data.
 */
export interface DeliveryMetrics {
  attempts: Counter<'channel_type' | 'outcome'>;
}

const byAlmanac = new WeakMap<Almanac, DeliveryMetrics>();

export function deliveryMetrics(almanac: Almanac): DeliveryMetrics {
  let m = byAlmanac.get(almanac);
  if (m) return m;
  const registers = [almanac.ops.registry];
  const db = almanac.store.meta;
  m = {
    attempts: new Counter({
      name: 'almanac_notification_attempts_total', help: 'Notification delivery attempts by channel type and outcome (delivered, retry, failed)',
      labelNames: ['channel_type', 'outcome'], registers,
    }),
  };
  new Gauge({
    name: 'almanac_notification_outbox_rows', help: 'Rows in the notification outbox by status (pending rows are waiting for a first attempt or a retry)',
    labelNames: ['status'], registers,
    async collect() {
      await ensureNotifyTables(db);
      const counts = await db.read(async (c) =>
        (await c.runAndReadAll('SELECT status, CAST(count(*) AS DOUBLE) AS n FROM meta.outbox GROUP BY status')).getRowObjectsJS());
      for (const s of DELIVERY_STATUSES) this.set({ status: s }, Number(counts.find((r) => r.status === s)?.n ?? 0));
    },
  });
  byAlmanac.set(almanac, m);
  return m;
}
