import type { Almanac } from '../../almanac.js';
import { nextAttempt } from './backoff.js';
import { deliveryMetrics } from './delivery-metrics.js';
import { storeNotification } from './notifications.js';
import {
  dueDeliveries, dueDelivery, ensureNotifyTables, pruneOutbox, recordAttempt, registerWaker, type DueDelivery,
} from './outbox.js';
import { sendRequest, type SendResult } from './send.js';

export interface DeliveryOptions {
  /** First retry waits up to this long (full jitter). Default 1 s. */
  baseDelayMs?: number;
  /** No retry waits longer than this. Default 5 min. */
  maxDelayMs?: number;
  /** A row still undelivered this long after it was enqueued is marked failed. Default 24 h. */
  maxAgeMs?: number;
  /** One attempt (HTTP request, SMTP session) is abandoned after this long. Default 10 s. */
  timeoutMs?: number;
  /** Attempts in flight at once, over all channels. Default 32. */
  concurrency?: number;
  /** Attempts in flight at once to one channel, so one slow receiver cannot take every slot. Default 4. */
  perChannel?: number;
  /** Finished rows older than this are deleted. Default 7 days. */
  retentionMs?: number;
}

const DEFAULTS: Required<DeliveryOptions> = {
  baseDelayMs: 1000, maxDelayMs: 5 * 60_000, maxAgeMs: 24 * 3_600_000, timeoutMs: 10_000, concurrency: 32, perChannel: 4, retentionMs: 7 * 86_400_000,
};

/** One attempt as its caller sees it: what the receiver said, and what the row became. */
export type AttemptOutcome = SendResult & { outcome: 'delivered' | 'retry' | 'failed' | 'not-pending' };

export interface Delivery {
  /** Look for due rows now (enqueue calls this). */
  wake(): void;
  /** Attempt one pending row now (or wait for the attempt already running) and report it. */
  attemptNow(id: string): Promise<AttemptOutcome>;
  /** Stop taking rows, abort attempts in flight (they stay pending) and wait for them. */
  stop(): Promise<void>;
}

/** Idle loops still look this often, in case a wake-up was missed (e.g. rows written by a migration). */
const SAFETY_POLL_MS = 30_000;
const PRUNE_EVERY_MS = 3_600_000;

const running = new WeakMap<Almanac, Delivery>();

/**
 * Start delivering the outbox: due rows are sent concurrently (bounded in total
 * and per channel), each outcome recorded in the same row; failures are retried
 * with exponential backoff and full jitter until the maximum age. Rows left
 * pending by a previous process are picked up at start. Stopped by
 * `almanac.close()` before the store closes.
 */
export function startDelivery(almanac: Almanac, options: DeliveryOptions = {}): Delivery {
  return running.get(almanac) ?? createDelivery(almanac, options, true);
}

/** The loop (`loop: true`), or only its attempt machinery for a one-off attempt when no loop runs. */
function createDelivery(almanac: Almanac, options: DeliveryOptions, loop: boolean): Delivery {
  const opts = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<DeliveryOptions>;
  const db = almanac.store.meta;
  const log = almanac.log.child({ module: 'notify' });
  const metrics = deliveryMetrics(almanac);
  const count = (row: DueDelivery, outcome: 'delivered' | 'retry' | 'failed') => metrics.attempts.inc({ channel_type: row.channelType ?? 'unknown', outcome });
  const stopCtrl = new AbortController();
  /** Rows being sent or having their outcome recorded: never picked again meanwhile. */
  const busy = new Map<string, Promise<AttemptOutcome>>();
  /** Attempts talking to a receiver now (what the concurrency limits count). */
  let sending = 0;
  const perChannel = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let pumping = false;
  let again = false;
  let lastPrune = 0;
  let stopped = false;

  const channelKey = (r: DueDelivery) => `${r.workspace}\u0000${r.channel}`;

  /** Send, free the slot (the receiver is done with us), then record the outcome. */
  async function attempt(row: DueDelivery, releaseSlot: () => void) {
    const result = await sendRequest(row.request, {
      timeoutMs: opts.timeoutMs,
      signal: stopCtrl.signal,
      async inApp(n) {
        const stored = await storeNotification(db, row.workspace, row.key, row.channel, n, Date.now());
        if (stored) almanac.events.emit('live', { workspace: row.workspace, type: 'notification', data: stored });
      },
    });
    // The next attempt may start while this one is recorded; the row itself stays busy until then.
    releaseSlot();
    // A shutdown is nobody's failure: the row stays as it was and the next start tries it again.
    if (result.aborted) return { ...result, outcome: 'retry' as const };
    const now = Date.now();
    if (result.ok) {
      await recordAttempt(db, row, { outcome: 'delivered', at: now });
      count(row, 'delivered');
      return { ...result, outcome: 'delivered' as const };
    }
    const error = result.error ?? 'failed';
    // A row sent back by hand gets a fresh maximum age from then.
    const next = nextAttempt(now, row.requeuedAt ?? row.createdAt, row.attempts + 1, { baseMs: opts.baseDelayMs, capMs: opts.maxDelayMs, maxAgeMs: opts.maxAgeMs });
    if (next === 'give-up') {
      await recordAttempt(db, row, { outcome: 'failed', at: now, error });
      count(row, 'failed');
      log.warn({ workspace: row.workspace, channel: row.channel, key: row.key, attempts: row.attempts + 1, error }, 'notification failed: gave up at the maximum age');
      return { ...result, outcome: 'failed' as const };
    }
    await recordAttempt(db, row, { outcome: 'retry', at: now, error, nextAttemptAt: next });
    count(row, 'retry');
    log.debug({ workspace: row.workspace, channel: row.channel, key: row.key, attempts: row.attempts + 1, error, retryInMs: next - now }, 'notification attempt failed; will retry');
    return { ...result, outcome: 'retry' as const };
  }

  function start(row: DueDelivery) {
    const ck = channelKey(row);
    sending++;
    perChannel.set(ck, (perChannel.get(ck) ?? 0) + 1);
    let released = false;
    const releaseSlot = () => {
      if (released) return;
      released = true;
      sending--;
      const left = (perChannel.get(ck) ?? 1) - 1;
      if (left > 0) perChannel.set(ck, left);
      else perChannel.delete(ck);
      // A slot is free: rows that were due but waiting for capacity can go.
      wake();
    };
    const p = attempt(row, releaseSlot)
      .catch((e: unknown) => {
        // Recording failed (the store is closing, or a bug): the row stays pending and is tried again later.
        if (!stopped) log.error({ err: e, id: row.id }, 'could not record a delivery attempt');
        return { ok: false, error: (e as Error).message, outcome: 'retry' as const };
      })
      .finally(() => {
        releaseSlot();
        busy.delete(row.id);
        wake();
      });
    busy.set(row.id, p);
    return p;
  }

  /** The pump now running, so stop() can wait for its reads before the store closes. */
  let pumpDone: Promise<void> = Promise.resolve();

  function pump(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (pumping) { again = true; return pumpDone; }
    pumping = true;
    pumpDone = pumpOnce();
    return pumpDone;
  }

  async function pumpOnce() {
    clearTimeout(timer);
    timer = undefined;
    try {
      await ensureNotifyTables(db);
      // One "now" for the due rows and the next wake-up: a row that falls due between
      // two clocks would be in neither, and wait for the safety poll.
      let readAt = Date.now();
      do {
        again = false;
        const free = opts.concurrency - sending;
        if (free <= 0) break;
        readAt = Date.now();
        // Ask for more than the free slots: rows of channels already at their limit are skipped here.
        const due = await dueDeliveries(db, readAt, free * 4, new Set(busy.keys()));
        let started = 0;
        for (const row of due) {
          if (stopped || sending >= opts.concurrency) break;
          if (busy.has(row.id)) continue; // started by attemptNow, or recorded, while the rows were read
          if ((perChannel.get(channelKey(row)) ?? 0) >= opts.perChannel) continue;
          start(row);
          started++;
        }
        if (started === free) again = true;
      } while (again && !stopped);
      if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = Date.now();
        await pruneOutbox(db, Date.now() - opts.retentionMs);
      }
      if (!stopped) schedule(await nextFutureDue(readAt));
    } catch (e) {
      if (!stopped) {
        log.error({ err: e }, 'delivery loop error; retrying in 1 s');
        schedule(Date.now() + 1000);
      }
    } finally {
      pumping = false;
    }
    if (again && !stopped) void pump();
  }

  /**
   * The earliest pending row due after `now` (the time the due rows were read);
   * rows due by then were started or wait for a free slot (a finishing attempt wakes the loop).
   */
  async function nextFutureDue(now: number): Promise<number | undefined> {
    return db.read(async (c) => {
      const r = (await c.runAndReadAll(`SELECT min(next_attempt_at) AS t FROM meta.outbox WHERE status = 'pending' AND next_attempt_at > $1`, [now])).getRowObjectsJS()[0];
      return r.t === null ? undefined : Number(r.t);
    });
  }

  function schedule(at: number | undefined) {
    clearTimeout(timer);
    const delay = Math.max(0, Math.min((at ?? Infinity) - Date.now(), SAFETY_POLL_MS));
    timer = setTimeout(() => void pump(), delay);
    timer.unref();
  }

  function wake() {
    if (stopped || !loop) return;
    if (pumping) { again = true; return; }
    // Coalesce bursts of wake-ups (many rows enqueued at once) into one pump.
    clearTimeout(timer);
    timer = setTimeout(() => void pump(), 0);
    timer.unref();
  }

  const delivery: Delivery = {
    wake,
    async attemptNow(id) {
      const running = busy.get(id);
      if (running) return running;
      const row = await dueDelivery(db, id);
      if (!row) return { ok: false, outcome: 'not-pending' as const };
      const again = busy.get(id);
      if (again) return again;
      return start(row);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      if (loop) {
        registerWaker(almanac, undefined);
        running.delete(almanac);
      }
      stopCtrl.abort();
      await pumpDone.catch(() => undefined);
      await Promise.allSettled([...busy.values()]);
    },
  };
  if (loop) {
    running.set(almanac, delivery);
    registerWaker(almanac, wake);
    almanac.onClose(() => delivery.stop());
    wake();
  }
  return delivery;
}

/**
 * Attempt one row now, through the running loop when there is one (so it is
 * never sent twice at once), else with a one-off sender using the defaults.
 */
export async function attemptNow(almanac: Almanac, id: string): Promise<AttemptOutcome> {
  const d = running.get(almanac);
  if (d) return d.attemptNow(id);
  const oneOff = createDelivery(almanac, {}, false);
  try {
    return await oneOff.attemptNow(id);
  } finally {
    await oneOff.stop();
  }
}
