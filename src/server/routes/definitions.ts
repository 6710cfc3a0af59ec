import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type TObject } from 'typebox';
import type { Almanac } from '../../almanac.js';
import { AlmanacError, notFound } from '../../core/errors.js';
import { applyBundle, removeDefinitions } from '../../definitions/bundle.js';
import { KINDS } from '../../definitions/kinds.js';
import { audited } from '../audited.js';

export interface DefinitionRoutes {
  kind: string;
  /** URL segment(s) under /api/v1, e.g. `metrics` or `alerts/rules`. */
  path: string;
  /** Property of the list answer, e.g. `metrics` → `{ metrics: [...] }`. */
  listKey: string;
  tag: string;
}

const NameParams = Type.Object({ name: Type.String() });

/**
 * CRUD over one definition kind: list, get, create-or-replace (PUT) and delete.
 * Every write goes through the same apply path as bundles (so the same checks
 * and dependency rules hold), is audited, and is announced on the event bus.
 */
export function registerDefinitionRoutes(app: FastifyInstance, almanac: Almanac, spec: DefinitionRoutes) {
  const { store } = almanac;
  const { kind, path, listKey, tag } = spec;
  const ws = (req: FastifyRequest) => req.principal.workspace;
  const docSchema = KINDS[kind].schema as TObject;
  const { kind: _kind, ...props } = docSchema.properties;
  const body = Type.Object({ kind: Type.Optional(Type.Literal(kind)), ...props }, { additionalProperties: false });
  const find = async (req: FastifyRequest, name: string) => {
    const doc = (await store.listDefinitions(ws(req), kind)).find((d) => d.name === name);
    if (!doc) throw notFound(`${kind} "${name}"`);
    return doc;
  };

  app.get(`/api/v1/${path}`, { config: { permission: 'read' }, schema: { tags: [tag], summary: `List ${kind} definitions` } }, async (req) => ({
    [listKey]: await store.listDefinitions(ws(req), kind),
  }));
  app.get(`/api/v1/${path}/:name`, { config: { permission: 'read' }, schema: { tags: [tag], summary: `One ${kind} definition`, params: NameParams } }, async (req) =>
    find(req, (req.params as { name: string }).name));
  app.put(`/api/v1/${path}/:name`, { config: { permission: 'define' }, schema: { tags: [tag], summary: `Create or replace a ${kind}`, params: NameParams, body } }, async (req) => {
    const { name } = req.params as { name: string };
    const doc = req.body as Record<string, unknown>;
    if (doc.name !== name) throw new AlmanacError('bad_request', `the body names ${kind} "${String(doc.name)}" but the path names "${name}"`);
    const out = await audited(almanac, req, `${kind}.put`, `${kind}/${name}`, () => applyBundle(store, ws(req), [{ ...doc, kind }]));
    almanac.events.emit('definitions', { workspace: ws(req), kinds: [kind] });
    return out;
  });
  app.delete(`/api/v1/${path}/:name`, { config: { permission: 'define' }, schema: { tags: [tag], summary: `Delete a ${kind}`, params: NameParams } }, async (req, reply) => {
    const { name } = req.params as { name: string };
    await find(req, name);
    await audited(almanac, req, `${kind}.delete`, `${kind}/${name}`, () => removeDefinitions(store, ws(req), [{ kind, name }]));
    almanac.events.emit('definitions', { workspace: ws(req), kinds: [kind] });
    return reply.status(204).send();
  });
}
