import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Almanac } from '../../almanac.js';
import { AlmanacError } from '../../core/errors.js';
import { RESOURCE_NAME_PATTERN } from '../../core/names.js';
import type { AlmanacEventMap } from '../../events.js';

/** A comment line this often keeps proxies and the browser from timing the stream out. */
export const HEARTBEAT_MS = 15_000;
/** Bytes a stream may have waiting for a slow client before it is closed. */
const MAX_BUFFERED = 4 * 1024 * 1024;
const DATASET_NAME = new RegExp(RESOURCE_NAME_PATTERN);
/** Event names go on their own line of the stream: keep them to a safe alphabet. */
const EVENT_NAME = /^[a-z][a-z0-9-]{0,63}$/;

/** `?datasets=a,b` → the set of names, or undefined for every dataset. */
export function parseDatasetList(text: string | undefined): Set<string> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.find((n) => !DATASET_NAME.test(n));
  if (bad !== undefined) throw new AlmanacError('bad_request', `datasets: ${JSON.stringify(bad)} is not a dataset name; give names separated by commas, e.g. ?datasets=http_requests,cloud_costs`);
  if (names.length > 100) throw new AlmanacError('bad_request', 'datasets: at most 100 names');
  return new Set(names);
}

/** One server-sent event: `event:` line, one `data:` line of JSON, blank line. */
export function sseMessage(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * `GET /api/v1/live`: a Server-Sent Events stream of what changes in the caller's
 * workspace — `rows` when rows of a (listed) dataset become durable, and the
 * watchers' messages (`alert`, `notification`, …). Written on the raw response so
 * each event leaves at once; every stream is ended before the server closes, so
 * shutdown does not wait for browsers to hang up.
 */
export function registerLiveRoutes(app: FastifyInstance, almanac: Almanac) {
  const open = new Set<() => void>();
  app.addHook('preClose', async () => { for (const end of [...open]) end(); });

  app.get('/api/v1/live', {
    config: { permission: 'read' },
    schema: {
      tags: ['live'],
      summary: 'Server-Sent Events: `rows` {dataset, rows, minTime, maxTime} when rows land, and alert/notification messages of the workspace',
      querystring: Type.Object({ datasets: Type.Optional(Type.String({ maxLength: 8000, description: 'only rows of these datasets (comma-separated)' })) }),
    },
  }, async (req: FastifyRequest, reply: FastifyReply) => {
    const workspace = req.principal.workspace;
    const wanted = parseDatasetList((req.query as { datasets?: string }).datasets);
    reply.hijack();
    const res = reply.raw;
    res.socket?.setNoDelay(true);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx buffers responses unless told not to.
      'x-accel-buffering': 'no',
    });
    // Tell EventSource how soon to reconnect, and flush the headers now.
    res.write('retry: 2000\n: connected\n\n');

    // A client that stops reading would make the server buffer without bound: past
    // MAX_BUFFERED bytes the stream ends, and EventSource reconnects and re-queries.
    const send = (text: string) => {
      if (res.writableLength > MAX_BUFFERED) end();
      else res.write(text);
    };
    const onRows = (e: AlmanacEventMap['rows'][0]) => {
      if (e.workspace !== workspace || (wanted && !wanted.has(e.dataset))) return;
      send(sseMessage('rows', { dataset: e.dataset, rows: e.rows, minTime: e.minTime, maxTime: e.maxTime }));
    };
    const onLive = (e: AlmanacEventMap['live'][0]) => {
      if (e.workspace !== workspace || !EVENT_NAME.test(e.type)) return;
      send(sseMessage(e.type, e.data));
    };
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    almanac.events.on('rows', onRows);
    almanac.events.on('live', onLive);
    const cleanup = () => {
      if (!open.delete(end)) return;
      clearInterval(heartbeat);
      almanac.events.off('rows', onRows);
      almanac.events.off('live', onLive);
    };
    function end() {
      cleanup();
      res.end();
    }
    open.add(end);
    res.on('close', cleanup);
  });
}
