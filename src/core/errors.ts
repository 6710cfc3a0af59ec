/**
 * The error catalogue: every error a user can see has a stable code and an HTTP
 * status. One place (server/app.ts) turns these into responses; anything else
 * thrown is a bug and becomes a 500 that leaks no internals.
 */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_query'
  | 'invalid_expression'
  | 'invalid_definition'
  | 'invalid_rows'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'queue_full'
  | 'query_cancelled'
  | 'shutting_down'
  | 'query_timeout';

const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_query: 400,
  invalid_expression: 400,
  invalid_definition: 400,
  invalid_rows: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  queue_full: 429,
  // nginx's "client closed request": nobody reads it, but logs and metrics say what happened.
  query_cancelled: 499,
  shutting_down: 503,
  query_timeout: 503,
};

/** One problem with a path into the input (e.g. `measures[1]`, `documents[2].expr`). */
export interface Issue {
  path?: string;
  message: string;
}

export class AlmanacError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues: Issue[];
  /** Extra structured data for the response body (e.g. an ingest result). */
  readonly body?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { issues?: Issue[]; body?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'AlmanacError';
    this.code = code;
    this.status = statusOf[code];
    this.issues = options.issues ?? [];
    this.body = options.body;
  }
}

export function isAlmanacError(e: unknown): e is AlmanacError {
  return e instanceof AlmanacError;
}

export const badRequest = (message: string, issues?: Issue[]) => new AlmanacError('bad_request', message, { issues });
export const notFound = (what: string) => new AlmanacError('not_found', `${what} not found`);

/**
 * The error for work stopped by an AbortSignal: a deadline (`AbortSignal.timeout`,
 * reason TimeoutError) is the caller's to fix and says how; any other abort
 * means nobody is waiting for the answer any more.
 */
export function abortError(signal: AbortSignal): AlmanacError {
  const reason = signal.reason as { name?: string } | undefined;
  if (reason instanceof AlmanacError) return reason;
  if (reason?.name === 'TimeoutError') {
    return new AlmanacError('query_timeout', 'the query ran past its time limit and was stopped; narrow the time range, use a coarser step, or filter to fewer rows');
  }
  return new AlmanacError('query_cancelled', 'the query was cancelled because its request was closed');
}
