import { useCallback, useEffect, useState } from 'react';
import { api, errorText, useApi } from '../api.js';
import { routeMissing } from '../editor/alert-view.js';
import { formatAgo, formatTime } from '../editor/format.js';
import { useLiveMessages } from '../live.js';
import css from '../editor/pages.module.css';
import { ErrorNote } from '../editor/ErrorNote.js';

export interface InAppNotification {
  id: string;
  subject: string;
  text: string;
  severity: string | null;
  createdAt: number;
  readAt: number | null;
}

/**
 * In-app notifications (the `in-app` channel), newest first, with "mark read".
 * New ones arrive over the live stream, so the list refreshes by itself. The
 * shell's bell can mount it in a popover (`compact`).
 */
export function NotificationsList({ compact = false, limit = 50, onUnread }: { compact?: boolean; limit?: number; onUnread?: (n: number) => void }) {
  const list = useApi<{ notifications: InAppNotification[]; unread: number }>(`/notifications?limit=${limit}`);
  const [error, setError] = useState<string | null>(null);
  const reload = list.reload;
  useLiveMessages(
    true,
    useCallback(
      (type: string) => {
        if (type === 'notification') reload();
      },
      [reload],
    ),
  );
  const unread = list.data?.unread;
  useEffect(() => {
    if (unread !== undefined) onUnread?.(unread);
  }, [unread, onUnread]);

  const markRead = async (id: string) => {
    setError(null);
    try {
      await api.post(`/notifications/${encodeURIComponent(id)}/read`);
      reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  if (routeMissing(list.error)) {
    return <p className={css.muted}>Notifications are not available in this build.</p>;
  }
  const items = list.data?.notifications ?? [];
  return (
    <section aria-label="Notifications" className={compact ? undefined : css.stack}>
      {list.data && (
        <p className={css.muted} role="status">
          {list.data.unread === 0 ? 'No unread notifications.' : `${list.data.unread} unread`}
        </p>
      )}
      <ErrorNote error={list.error} />
      <ErrorNote error={error} />
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} className={css.stack}>
        {items.map((n) => (
          <li key={n.id} className={css.card} data-testid="notification" data-read={n.readAt !== null}>
            <div className={css.header} style={{ marginBottom: '0.25rem' }}>
              <strong style={{ marginRight: 'auto' }}>
                {n.readAt === null && <span className="sr-only">Unread: </span>}
                {n.subject}
              </strong>
              {n.severity && (
                <span className={css.badge} data-tone={n.severity === 'critical' ? 'bad' : n.severity === 'warning' ? 'warn' : 'info'}>
                  {n.severity}
                </span>
              )}
              <span className={css.muted} title={formatTime(n.createdAt)}>
                {formatAgo(n.createdAt)}
              </span>
              {n.readAt === null && (
                <button type="button" onClick={() => void markRead(n.id)} aria-label={`Mark “${n.subject}” read`}>
                  Mark read
                </button>
              )}
            </div>
            {!compact && <div style={{ whiteSpace: 'pre-wrap' }}>{n.text}</div>}
          </li>
        ))}
      </ul>
      {list.data && items.length === 0 && <p className={css.muted}>No notifications yet.</p>}
    </section>
  );
}
