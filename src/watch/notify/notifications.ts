import { randomUUID } from 'node:crypto';
import type { Database } from '../../store/duckdb/database.js';
import { ensureNotifyTables } from './outbox.js';
import type { InAppNotification } from './render.js';

/** An in-app notification as the API lists it and the live stream pushes it. */
export interface StoredNotification {
  id: string;
  key: string;
  channel: string;
  subject: string;
  text: string;
  severity: string | null;
  payload: Record<string, unknown>;
  createdAt: number;
  readAt: number | null;
}

function notificationOf(r: Record<string, unknown>): StoredNotification {
  return {
    id: String(r.id), key: String(r.msg_key), channel: String(r.channel), subject: String(r.subject), text: String(r.text),
    severity: (r.severity as string | null) ?? null, payload: JSON.parse(String(r.payload)) as Record<string, unknown>,
    createdAt: Number(r.created_at), readAt: r.read_at === null || r.read_at === undefined ? null : Number(r.read_at),
  };
}

/**
 * Store an in-app notification once per (workspace, key, channel): a retry after
 * a crash between storing and marking the outbox row finds it there and stores
 * nothing. Answers the stored notification when this call created it.
 */
export async function storeNotification(db: Database, workspace: string, key: string, channel: string, n: InAppNotification, now: number): Promise<StoredNotification | undefined> {
  await ensureNotifyTables(db);
  return db.write(async (c) => {
    const exists = (await c.runAndReadAll('SELECT 1 FROM meta.notifications WHERE workspace = $1 AND msg_key = $2 AND channel = $3', [workspace, key, channel])).getRowObjectsJS();
    if (exists.length) return undefined;
    const stored: StoredNotification = { id: randomUUID(), key, channel, subject: n.subject, text: n.text, severity: n.severity, payload: n.payload, createdAt: now, readAt: null };
    await c.run('INSERT INTO meta.notifications VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)',
      [stored.id, workspace, key, channel, n.subject, n.text, n.severity, JSON.stringify(n.payload), now]);
    return stored;
  });
}

export async function listNotifications(db: Database, workspace: string, opts: { limit: number; unread?: boolean }): Promise<{ notifications: StoredNotification[]; unread: number }> {
  await ensureNotifyTables(db);
  const limit = Math.max(1, Math.min(Math.trunc(opts.limit), 10_000));
  return db.read(async (c) => {
    const rows = (await c.runAndReadAll(
      `SELECT * FROM meta.notifications WHERE workspace = $1 ${opts.unread ? 'AND read_at IS NULL' : ''} ORDER BY created_at DESC, id LIMIT ${limit}`, [workspace])).getRowObjectsJS();
    const unread = (await c.runAndReadAll('SELECT CAST(count(*) AS DOUBLE) AS n FROM meta.notifications WHERE workspace = $1 AND read_at IS NULL', [workspace])).getRowObjectsJS()[0];
    return { notifications: rows.map(notificationOf), unread: Number(unread.n) };
  });
}

/** Mark one notification read (idempotent: the first read time stays). Undefined when it is not in this workspace. */
export async function markNotificationRead(db: Database, workspace: string, id: string, now: number): Promise<StoredNotification | undefined> {
  await ensureNotifyTables(db);
  return db.write(async (c) => {
    await c.run('UPDATE meta.notifications SET read_at = $3 WHERE workspace = $1 AND id = $2 AND read_at IS NULL', [workspace, id, now]);
    const rows = (await c.runAndReadAll('SELECT * FROM meta.notifications WHERE workspace = $1 AND id = $2', [workspace, id])).getRowObjectsJS();
    return rows.length ? notificationOf(rows[0]) : undefined;
  });
}
