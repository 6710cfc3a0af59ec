import { createContext, useContext } from 'react';
import type { Session } from './api.js';

/** The signed-in principal (from `GET /api/v1/session`), provided by the app shell. */
export interface SessionState {
  session: Session;
  /** Fetch the session again (after sign-in) or clear it (after sign-out). */
  refresh: () => void;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the signed-in app');
  return s;
}

/** Can the principal change definitions (dashboards)? */
export function useCanEdit(): boolean {
  const s = useContext(SessionContext);
  return !!s?.session.permissions.define;
}
