import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The typed fetch client for `/api/v1`. Same-origin JSON; the session cookie goes
 * along automatically (keys are never stored in the browser). Errors become
 * `ApiError` with the server's `{code, message, issues}`; a 401 outside the
 * session check sends the user to the sign-in page.
 */

export interface Issue {
  path?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Called on a 401 (set by the app shell: it redirects to /signin). */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Do not redirect to sign-in on 401 (the session probe and the sign-in form itself). */
  quiet401?: boolean;
}

export async function request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const url = path.startsWith('/api/') ? path : `/api/v1${path.startsWith('/') ? '' : '/'}${path}`;
  const init: RequestInit = { method, signal: opts.signal, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', `cannot reach the server (${(e as Error).message})`);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; issues?: Issue[] } } | undefined)?.error;
    const e = new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? `${method} ${url} failed: HTTP ${res.status}`, err?.issues ?? []);
    if (res.status === 401 && !opts.quiet401) onUnauthorized?.();
    throw e;
  }
  return json as T;
}

export const api = {
  get: <T = unknown>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T = unknown>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T = unknown>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  del: <T = unknown>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};

/** One-line text for an error, with the issues appended (`path: message`). */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    // Issues the message already quotes are not repeated.
    const issues = e.issues.filter((i) => !e.message.includes(i.message)).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    return [e.message, ...issues].join('\n');
  }
  return e instanceof Error ? e.message : String(e);
}

// ---- Answer types (the shapes of ARCHITECTURE §4) ----

export type Point = [number, number | null];
export interface Series {
  measure: string;
  group: Record<string, string | number | boolean | null>;
  points: Point[];
}
export interface QueryAnswer {
  series: Series[];
  meta: { step?: string; from: number; to: number; rowsScanned?: number; elapsedMs?: number };
}

/** The metric query body (`MetricQuerySchema`), as the web sends it. */
export interface MetricQuery {
  dataset?: string;
  metric?: string;
  measures?: string[];
  filter?: string;
  groupBy?: string[];
  from?: string | number;
  to?: string | number;
  step?: string;
  limit?: number;
  fill?: 'null' | 'zero' | 'previous';
}

export interface Session {
  workspace: string;
  role: string;
  keyId?: string;
  keyName?: string;
  permissions: { read: boolean; ingest: boolean; define: boolean; admin: boolean };
}

export const runQuery = (q: MetricQuery, signal?: AbortSignal) => api.post<QueryAnswer>('/query', q, { signal });

// ---- Hooks ----

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Run again (e.g. after a save, or on refresh). */
  reload: () => void;
}

/**
 * Runs `fn` whenever `key` changes (a string: JSON of the inputs), aborting the
 * previous run. Keeps the last data while a new run is loading, so a chart does
 * not blank out on refresh.
 */
export function useAsync<T>(key: string | null, fn: (signal: AbortSignal) => Promise<T>): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: key !== null });
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => {
    if (key === null) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    fnRef.current(ctl.signal).then(
      (data) => {
        if (!ctl.signal.aborted) setState({ data, error: undefined, loading: false });
      },
      (error) => {
        if (!ctl.signal.aborted) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => ctl.abort();
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** GET a path as JSON (null path = do nothing). */
export function useApi<T>(path: string | null): AsyncState<T> {
  return useAsync<T>(path, (signal) => api.get<T>(path as string, { signal }));
}

/** Run a metric query (null = do nothing); re-runs when the query changes. */
export function useMetricQuery(q: MetricQuery | null): AsyncState<QueryAnswer> {
  const key = q ? JSON.stringify(q) : null;
  return useAsync<QueryAnswer>(key, (signal) => runQuery(q as MetricQuery, signal));
}
