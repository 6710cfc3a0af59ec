import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isAlmanacError } from '../core/errors.js';
import { formatSchemaErrors } from '../core/schemas.js';

/**
 * The one place errors become responses: catalogue errors with their status and
 * code, Fastify's own client errors (bad JSON, too large, schema) as 4xx with
 * their message, anything else as a 500 that leaks nothing and is logged.
 */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (isAlmanacError(err)) {
    const headers: Record<string, string> = err.code === 'queue_full' ? { 'retry-after': '1' } : {};
    return reply.status(err.status).headers(headers).send({
      ...(err.body ?? {}),
      error: { code: err.code, message: err.message, ...(err.issues.length ? { issues: err.issues } : {}) },
    });
  }
  if (err.validation) {
    const issues = formatSchemaErrors(err.validation, err.validationContext ?? 'body');
    return reply.status(400).send({ error: { code: 'bad_request', message: `${issues[0].path}: ${issues[0].message}`, issues } });
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 404 ? 'not_found' : 'bad_request';
    return reply.status(status).send({ error: { code, message: err.message } });
  }
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'internal', message: 'internal error; the server log has the details' } });
}
