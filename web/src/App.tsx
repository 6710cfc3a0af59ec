import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, errorText, setUnauthorizedHandler, type Session } from './api.js';
import { Link, matchPath, navigate, useLocation } from './router.js';
import { ROUTES } from './routes.js';
import { SessionContext, type SessionState } from './session.js';
import { SignIn } from './pages/SignIn.js';
import { ThemeControls } from './ThemeControls.js';
import { NotificationBell } from './NotificationBell.js';
import { prefetchForPath } from './dashboard/prefetch.js';

/**
 * The app shell: checks the session, shows the sign-in page when there is none,
 * else the navigation and the routed page.
 */
export function App() {
  const loc = useLocation();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [probeError, setProbeError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    const ctl = new AbortController();
    api.get<Session>('/session', { signal: ctl.signal, quiet401: true }).then(
      (s) => {
        prefetchForPath(window.location.pathname);
        setSession(s);
        setProbeError(null);
      },
      (e) => {
        if (ctl.signal.aborted) return;
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) setSession(null);
        else setProbeError(errorText(e));
      },
    );
    return () => ctl.abort();
  }, [tick]);

  // Any later 401 (session expired, key revoked): back to sign-in, then return here.
  useEffect(() => {
    setUnauthorizedHandler(() => setSession(null));
    return () => setUnauthorizedHandler(null);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.del('/session', { quiet401: true });
    } finally {
      setSession(null);
      navigate('/signin');
    }
  }, []);

  const state: SessionState | null = useMemo(() => (session ? { session, refresh, signOut } : null), [session, refresh, signOut]);

  if (session === undefined) {
    return probeError ? (
      <main className="page center">
        <p role="alert" className="error">{probeError}</p>
        <button onClick={refresh}>Retry</button>
      </main>
    ) : (
      <main className="page center" aria-busy="true">
        <p className="muted">Loading…</p>
      </main>
    );
  }
  if (session === null || loc.pathname === '/signin') {
    const next = loc.pathname === '/signin' ? (loc.search.get('next') ?? '/') : loc.href;
    return (
      <SignIn
        signedIn={session !== null}
        onSignedIn={() => {
          refresh();
          navigate(next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
        }}
      />
    );
  }

  const route = ROUTES.map((r) => ({ r, params: matchPath(r.path, loc.pathname) })).find((m) => m.params);
  const allowed = (needs?: 'define' | 'admin') => !needs || session.permissions[needs];

  return (
    <SessionContext.Provider value={state}>
      <div className="shell">
        <header className="topbar">
          <Link to="/" className="brand" aria-label="Almanac home">
            Almanac
          </Link>
          <nav aria-label="Main">
            <ul>
              {ROUTES.filter((r) => r.nav && allowed(r.needs)).map((r) => {
                const active = r.path === '/' ? loc.pathname === '/' || loc.pathname.startsWith('/d/') : loc.pathname.startsWith(r.path);
                return (
                  <li key={r.path}>
                    <Link to={r.path} aria-current={active ? 'page' : undefined}>
                      {r.title}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
          <div className="topbar-end">
            <NotificationBell />
            <ThemeControls />
            <span className="who" title={`workspace ${session.workspace}`}>
              {session.keyName ?? session.keyId ?? 'signed in'} · {session.role}
            </span>
            <button className="link" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </header>
        <Suspense fallback={<main className="page muted" aria-busy="true">Loading…</main>}>
          {route && allowed(route.r.needs) ? (
            <route.r.component key={route.r.path} {...(route.params as Record<string, string>)} />
          ) : route ? (
            <main className="page">
              <p role="alert">This page is for admins only.</p>
            </main>
          ) : (
            <main className="page">
              <h1>Not found</h1>
              <p>
                There is no page at <code>{loc.pathname}</code>. <Link to="/">Back to dashboards</Link>
              </p>
            </main>
          )}
        </Suspense>
      </div>
    </SessionContext.Provider>
  );
}
