import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './api.js';

/**
 * The bell in the top bar: the number of unread in-app notifications (checked
 * at start and every minute), and the list in a popover. Hidden when the
 * notification routes are not in this build.
 */
const NotificationsList = lazy(() => import('./pages/AlertsNotifications.js').then((m) => ({ default: m.NotificationsList })));

const POLL_MS = 60_000;
const FIRST_CHECK_MS = 2000;

export function NotificationBell() {
  const [unread, setUnread] = useState<number | null>(null);
  const [missing, setMissing] = useState(false);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  const check = useCallback(() => {
    api.get<{ unread: number }>('/notifications?limit=1').then(
      (r) => setUnread(r.unread),
      (e) => {
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) setMissing(true);
      },
    );
  }, []);
  useEffect(() => {
    // The first check waits a little: on a dashboard link the panel queries go first.
    const first = setTimeout(check, FIRST_CHECK_MS);
    const t = setInterval(check, POLL_MS);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, [check]);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  if (missing) return null;
  const label = unread ? `Notifications (${unread} unread)` : 'Notifications';
  return (
    <div
      className="time-range"
      ref={box}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          box.current?.querySelector<HTMLButtonElement>('button')?.focus();
        }
      }}
    >
      <button type="button" aria-label={label} title={label} aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen((o) => !o)}>
        <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false" style={{ verticalAlign: '-3px' }}>
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        {unread ? <span className="bell-count">{unread > 99 ? '99+' : unread}</span> : null}
      </button>
      {open && (
        <div className="popover notifications-popover" role="dialog" aria-label="Notifications">
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <NotificationsList compact limit={20} onUnread={setUnread} />
          </Suspense>
        </div>
      )}
    </div>
  );
}
