import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { Almanac } from '../../almanac.js';
import { createKey } from '../../auth/keys.js';
import { AlmanacError, notFound } from '../../core/errors.js';
import { AnomaliesRequestSchema, ChangepointRequestSchema, MultivariateRequestSchema, TrendRequestSchema, ContributionRequestSchema, CorrelationRequestSchema, CreateKeySchema, ExperimentRequestSchema, DatasetDocSchema, ForecastRequestSchema, MetricQuerySchema } from '../../core/schemas.js';
import { anomaliesQuery, changepointsQuery, forecastQuery, multivariateAnomaliesQuery, trendQuery } from '../../query/analyse-query.js';
import { contributionsQuery, correlationQuery, experimentQuery } from '../../query/compare-query.js';
import { applyBundle, bundleDocuments, exportBundle, parseBundle, bundleToYaml } from '../../definitions/bundle.js';
import { createDataset, deleteDataset, describeDataset, getDataset, listDatasets } from '../../definitions/datasets.js';
import { runQuery } from '../../query/run-query.js';
import { analyticsPool } from '../../analytics/worker/pool.js';
import { audited as auditedChange } from '../audited.js';
import { registerDefinitionRoutes } from './definitions.js';
import type { Role, Store } from '../../store/store.js';

const NameParams = Type.Object({ name: Type.String() });
const { kind: _k1, ...datasetProps } = DatasetDocSchema.properties;
const CreateDatasetSchema = Type.Object({ kind: Type.Optional(Type.Literal('dataset')), ...datasetProps }, { additionalProperties: false });

/**
 * A signal for work done for a request: aborted when the client goes away
 * before the answer is sent (a dashboard that moved on), or when `timeoutMs` passes.
 */
function requestSignal(reply: FastifyReply, timeoutMs: number): AbortSignal {
  const gone = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) gone.abort();
  });
  return AbortSignal.any([gone.signal, AbortSignal.timeout(timeoutMs)]);
}

export function registerApiRoutes(app: FastifyInstance, almanac: Almanac, opts: { queryTimeoutMs: number }) {
  const { store } = almanac;
  const ws = (req: FastifyRequest) => req.principal.workspace;

  const audited = <T>(req: FastifyRequest, action: string, target: string, fn: () => Promise<T>) => auditedChange(almanac, req, action, target, fn);

  // Datasets
  app.get('/api/v1/datasets', { config: { permission: 'read' }, schema: { tags: ['datasets'], summary: 'List datasets' } }, async (req) => ({
    datasets: await listDatasets(store, ws(req)),
  }));
  app.post('/api/v1/datasets', { config: { permission: 'define' }, schema: { tags: ['datasets'], summary: 'Create a dataset', body: CreateDatasetSchema } }, async (req, reply) => {
    const body = req.body as Record<string, unknown>;
    const ds = await audited(req, 'dataset.create', `dataset/${String(body.name)}`, () => createDataset(store, ws(req), body));
    almanac.events.emit('definitions', { workspace: ws(req), kinds: ['dataset'] });
    return reply.status(201).send(ds);
  });
  app.get('/api/v1/datasets/:name', { config: { permission: 'read' }, schema: { tags: ['datasets'], summary: 'Describe a dataset: schema, row count, time range', params: NameParams } }, async (req) =>
    describeDataset(store, ws(req), (req.params as { name: string }).name));
  app.delete('/api/v1/datasets/:name', { config: { permission: 'define' }, schema: { tags: ['datasets'], summary: 'Delete a dataset and its rows', params: NameParams } }, async (req, reply) => {
    const { name } = req.params as { name: string };
    await getDataset(store, ws(req), name);
    await audited(req, 'dataset.delete', `dataset/${name}`, () => deleteDataset(store, ws(req), name));
    almanac.events.emit('definitions', { workspace: ws(req), kinds: ['dataset'] });
    return reply.status(204).send();
  });
  app.get('/api/v1/datasets/:name/rejects', {
    config: { permission: 'read' },
    schema: { tags: ['datasets'], summary: 'Rows rejected in partial mode, newest first', params: NameParams, querystring: Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[0-9]+$' })) }) },
  }, async (req) => {
    const { name } = req.params as { name: string };
    await getDataset(store, ws(req), name);
    const limit = Math.min(Number((req.query as { limit?: string }).limit ?? 100), 10_000);
    return { rejects: await store.listRejects(ws(req), name, { limit }) };
  });

  registerDefinitionRoutes(app, almanac, { kind: 'metric', path: 'metrics', listKey: 'metrics', tag: 'metrics' });

  // Query
  app.post('/api/v1/query', { config: { permission: 'read' }, schema: { tags: ['query'], summary: 'Run a metric query (stopped after the server\'s query timeout, 503 query_timeout)', body: MetricQuerySchema } }, async (req, reply) => {
    // A dashboard's forecast and anomaly panels ask right after its queries: have their worker threads ready.
    analyticsPool().warm();
    return runQuery(store, ws(req), req.body, Date.now(), requestSignal(reply, opts.queryTimeoutMs));
  });

  // Analytics over metric queries: every route reads, validates its body with its schema, and calls one module function.
  const analytics: [string, string, TSchema, (store: Store, workspace: string, body: never) => Promise<unknown>][] = [
    ['forecast', 'Forecast each series of a metric query (with step), with 80/95 % intervals and an optional capacity threshold', ForecastRequestSchema, forecastQuery],
    ['anomalies', 'Score each point of a metric query (with step) for anomalies', AnomaliesRequestSchema, anomaliesQuery],
    ['anomalies/multivariate', 'Buckets where several series together look unusual (isolation forest)', MultivariateRequestSchema, multivariateAnomaliesQuery],
    ['trend', 'Trend (Mann-Kendall, Sen slope) of each series, and its change against the previous period', TrendRequestSchema, trendQuery],
    ['changepoints', 'Level shifts and slope changes in each series', ChangepointRequestSchema, changepointsQuery],
    ['correlation', 'Correlation of two metric series, with a lag search', CorrelationRequestSchema, correlationQuery],
    ['contributions', 'Which values of a dimension explain a change between two periods', ContributionRequestSchema, contributionsQuery],
    ['experiments', 'A/B analysis of a dataset with a variant column', ExperimentRequestSchema, experimentQuery],
  ];
  for (const [path, summary, body, run] of analytics) {
    app.post(`/api/v1/${path}`, { config: { permission: 'read' }, schema: { tags: ['analytics'], summary, body } }, async (req) => run(store, ws(req), req.body as never));
  }

  // Definitions as code
  app.post('/api/v1/apply', {
    config: { permission: 'define' },
    schema: { tags: ['definitions'], summary: 'Upsert a bundle of definitions (YAML or JSON), all or nothing' },
  }, async (req) => {
    // A JSON body arrives parsed; a bundle is a list of documents or {documents: […]}.
    const docs = typeof req.body === 'string' ? parseBundle(req.body) : bundleDocuments(req.body);
    const out = await audited(req, 'apply', `${docs.length} documents`, () => applyBundle(store, ws(req), docs));
    almanac.events.emit('definitions', { workspace: ws(req), kinds: [...new Set(docs.map((d) => String((d as { kind?: unknown }).kind)))] });
    return out;
  });
  app.get('/api/v1/export', {
    config: { permission: 'read' },
    schema: { tags: ['definitions'], summary: 'The workspace as one bundle (?format=yaml|json)', querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('yaml'), Type.Literal('json')])) }) },
  }, async (req, reply) => {
    const docs = await exportBundle(store, ws(req));
    if ((req.query as { format?: string }).format === 'json') return { documents: docs };
    return reply.type('application/yaml').send(bundleToYaml(docs));
  });

  // Keys and audit (admin)
  app.get('/api/v1/keys', { config: { permission: 'admin' }, schema: { tags: ['keys'], summary: 'List API keys (never the keys themselves)' } }, async (req) => ({
    keys: await store.listKeys(ws(req)),
  }));
  app.post('/api/v1/keys', { config: { permission: 'admin' }, schema: { tags: ['keys'], summary: 'Create an API key; the key is in this answer only', body: CreateKeySchema } }, async (req, reply) => {
    const body = req.body as { role: Role; name?: string };
    const { key, record } = await audited(req, 'key.create', `role/${body.role}`, () => createKey(store, ws(req), body.role, body.name ?? null));
    return reply.status(201).send({ ...record, key });
  });
  app.delete('/api/v1/keys/:id', { config: { permission: 'admin' }, schema: { tags: ['keys'], summary: 'Revoke an API key', params: Type.Object({ id: Type.String() }) } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!(await store.listKeys(ws(req))).some((k) => k.id === id)) throw notFound(`key "${id}"`);
    await audited(req, 'key.revoke', `key/${id}`, async () => {
      if (!(await store.revokeKey(ws(req), id))) throw new AlmanacError('conflict', `key "${id}" is already revoked`);
    });
    return reply.status(204).send();
  });
  app.get('/api/v1/audit', {
    config: { permission: 'admin' },
    schema: { tags: ['audit'], summary: 'The audit log, newest first', querystring: Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[0-9]+$' })), before: Type.Optional(Type.String({ pattern: '^[0-9]+$' })) }) },
  }, async (req) => {
    const q = req.query as { limit?: string; before?: string };
    return { entries: await store.listAudit(ws(req), { limit: Math.min(Number(q.limit ?? 100), 10_000), before: q.before ? Number(q.before) : undefined }) };
  });

  // YAML bodies for apply.
  app.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
}
