import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { gunzipSync } from 'node:zlib';
import type { Almanac } from '../../almanac.js';
import { AlmanacError } from '../../core/errors.js';
import { IngestResultSchema } from '../../core/schemas.js';
import { ingestBody } from '../../ingest/ingest-body.js';
import { formatOfMediaType } from '../../ingest/parse-body.js';
import type { Precision } from '../../ingest/validate-rows.js';

const IngestQuery = Type.Object({
  mode: Type.Optional(Type.Union([Type.Literal('atomic'), Type.Literal('partial')])),
  precision: Type.Optional(Type.Union([Type.Literal('s'), Type.Literal('ms'), Type.Literal('us'), Type.Literal('ns')])),
  time: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$' })),
  id: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$' })),
}, { additionalProperties: false });

/**
 * POST /api/v1/datasets/{name}/rows. Registered in its own scope so the raw
 * body parsers (JSON array, NDJSON, CSV, gzip) apply to this route only.
 */
export function registerIngestRoutes(scope: FastifyInstance, almanac: Almanac, bodyLimit: number) {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

  scope.post('/api/v1/datasets/:name/rows', {
    config: { permission: 'ingest' },
    schema: {
      tags: ['ingest'],
      summary: 'Send rows (JSON array, NDJSON or CSV; gzip allowed). Atomic unless ?mode=partial.',
      params: Type.Object({ name: Type.String() }),
      querystring: IngestQuery,
      response: { 200: IngestResultSchema },
    },
  }, async (req) => {
    const { name } = req.params as { name: string };
    const q = req.query as { mode?: 'atomic' | 'partial'; precision?: Precision; time?: string; id?: string };
    const format = formatOfMediaType(req.headers['content-type']);
    let body = (req.body as Buffer | undefined) ?? Buffer.alloc(0);
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding === 'gzip') {
      try {
        body = gunzipSync(body, { maxOutputLength: bodyLimit });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /larger than/.test((e as Error).message)) {
          throw new AlmanacError('payload_too_large', `the decompressed body is larger than the limit of ${bodyLimit} bytes; send smaller batches`);
        }
        throw new AlmanacError('bad_request', `the body is not valid gzip: ${(e as Error).message}`);
      }
    } else if (encoding !== 'identity') {
      throw new AlmanacError('unsupported_media_type', `Content-Encoding ${JSON.stringify(encoding)} is not supported; use gzip or none`);
    }
    const idempotencyKey = req.headers['idempotency-key'];
    const result = await ingestBody(almanac, req.principal.workspace, name, body, format, {
      mode: q.mode, precision: q.precision, time: q.time, id: q.id,
      idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
      onPath: (path) => almanac.ops.ingestPaths.inc({ path }),
    });
    almanac.ops.ingestedRows.inc(result.accepted);
    almanac.ops.rejectedRows.inc(result.rejected);
    almanac.ops.deduplicatedRows.inc(result.deduplicated);
    return result;
  });
}
