import YAML from 'yaml';
import { AlmanacError, type Issue } from '../core/errors.js';
import { schemaIssues } from '../core/schemas.js';
import type { Definition, Store } from '../store/store.js';
import { checkEvolution, KINDS, type DefinitionView } from './kinds.js';

/** Parse a bundle: YAML (one or more `---` documents) or JSON (one document, an array, or `{documents: [...]}`). */
export function parseBundle(text: string): unknown[] {
  const docs: unknown[] = [];
  let parsed: YAML.Document[];
  try {
    parsed = YAML.parseAllDocuments(text) as YAML.Document[];
  } catch (e) {
    throw new AlmanacError('invalid_definition', `the bundle is not valid YAML or JSON: ${(e as Error).message}`);
  }
  for (const [i, d] of parsed.entries()) {
    if (d.errors.length) throw new AlmanacError('invalid_definition', `document ${i + 1}: ${d.errors[0].message}`, { issues: [{ path: `documents[${i}]`, message: d.errors[0].message }] });
    let v: unknown;
    try {
      // toJS expands aliases; the yaml package bounds alias expansion and throws past it.
      v = d.toJS();
    } catch (e) {
      throw new AlmanacError('invalid_definition', `document ${i + 1}: ${(e as Error).message}`, { issues: [{ path: `documents[${i}]`, message: (e as Error).message }] });
    }
    docs.push(...bundleDocuments(v));
  }
  return docs;
}

/** The documents of one parsed value: a document, a list of them, or `{documents: […]}`. */
export function bundleDocuments(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === 'object' && Array.isArray((v as { documents?: unknown }).documents)) return (v as { documents: unknown[] }).documents;
  return [v];
}

/** Definition order for export and apply: a dataset before the metrics on it. */
const KIND_ORDER = Object.keys(KINDS);
function byKindThenName(a: Definition, b: Definition) {
  return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name);
}

export interface ApplyResult {
  created: { kind: string; name: string }[];
  updated: { kind: string; name: string }[];
  unchanged: { kind: string; name: string }[];
}

/** Canonical form of a document: keys in schema order, so export is stable. */
function canonical(doc: Definition): Definition {
  const props = Object.keys((KINDS[doc.kind].schema as { properties: Record<string, unknown> }).properties);
  const out: Record<string, unknown> = {};
  for (const k of props) if (doc[k] !== undefined) out[k] = doc[k];
  return out as Definition;
}

/**
 * Validate every document of a bundle against its kind's schema and against the
 * workspace as it would be after the change, then upsert all of them in one
 * transaction — or none, with every problem reported by document and path.
 */
export async function applyBundle(store: Store, workspace: string, input: unknown[]): Promise<ApplyResult> {
  const issues: Issue[] = [];
  const docs: { doc: Definition; index: number }[] = [];
  const seen = new Set<string>();
  input.forEach((raw, i) => {
    const at = `documents[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) { issues.push({ path: at, message: 'must be an object with kind and name' }); return; }
    const doc = raw as Definition;
    const spec = KINDS[doc.kind];
    if (!spec) { issues.push({ path: `${at}.kind`, message: `unknown kind ${JSON.stringify(doc.kind)}; known kinds: ${KIND_ORDER.join(', ')}` }); return; }
    const own = schemaIssues(spec.schema, doc, at);
    if (own.length) { issues.push(...own); return; }
    const key = `${doc.kind}/${doc.name}`;
    if (seen.has(key)) { issues.push({ path: `${at}.name`, message: `${doc.kind} "${doc.name}" appears twice in the bundle` }); return; }
    seen.add(key);
    docs.push({ doc: canonical(doc), index: i });
  });

  const stored = await store.listDefinitions(workspace);
  const storedMap = new Map(stored.map((d) => [`${d.kind}/${d.name}`, d]));
  const incoming = new Map(docs.map(({ doc }) => [`${doc.kind}/${doc.name}`, doc]));
  const view: DefinitionView = {
    get: (kind, name) => incoming.get(`${kind}/${name}`) ?? storedMap.get(`${kind}/${name}`),
    before: (kind, name) => storedMap.get(`${kind}/${name}`),
  };
  for (const { doc, index } of docs) {
    for (const p of [...KINDS[doc.kind].check(doc, view), ...checkEvolution(doc, view)]) issues.push({ path: `documents[${index}].${p.path}`, message: p.message });
  }
  // Stored definitions that depend on changed ones must still hold.
  issues.push(...checkStored(stored.filter((d) => !incoming.has(`${d.kind}/${d.name}`)), view));
  if (issues.length) {
    throw new AlmanacError('invalid_definition', `the bundle has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was applied: ${issues[0].path}: ${issues[0].message}`, { issues });
  }

  const result: ApplyResult = { created: [], updated: [], unchanged: [] };
  const put: Definition[] = [];
  for (const doc of docs.map((d) => d.doc).sort(byKindThenName)) {
    const ref = { kind: doc.kind, name: doc.name };
    const before = storedMap.get(`${doc.kind}/${doc.name}`);
    if (!before) result.created.push(ref);
    else if (JSON.stringify(canonical(before)) === JSON.stringify(doc)) { result.unchanged.push(ref); continue; }
    else result.updated.push(ref);
    put.push(doc);
  }
  if (put.length) await store.changeDefinitions(workspace, { put });
  return result;
}

function checkStored(docs: Definition[], view: DefinitionView): Issue[] {
  return docs.filter((d) => KINDS[d.kind]).flatMap((d) =>
    KINDS[d.kind].check(d, view).map((p) => ({ path: `${d.kind} "${d.name}".${p.path}`, message: `${p.message} (stored ${d.kind} "${d.name}" depends on this change)` })));
}

/**
 * Remove definitions, refusing when a remaining one depends on them (a metric
 * on a dataset, a metric using a metric), so the workspace always exports a
 * bundle that applies.
 */
export async function removeDefinitions(store: Store, workspace: string, refs: { kind: string; name: string }[]): Promise<void> {
  const gone = new Set(refs.map((r) => `${r.kind}/${r.name}`));
  const remaining = (await store.listDefinitions(workspace)).filter((d) => !gone.has(`${d.kind}/${d.name}`));
  const map = new Map(remaining.map((d) => [`${d.kind}/${d.name}`, d]));
  const view: DefinitionView = { get: (kind, name) => map.get(`${kind}/${name}`), before: (kind, name) => map.get(`${kind}/${name}`) };
  const issues = checkStored(remaining, view);
  if (issues.length) {
    const users = [...new Set(issues.map((i) => (i.path ?? "").split('.')[0]))];
    throw new AlmanacError('conflict', `${refs.map((r) => `${r.kind} "${r.name}"`).join(', ')} is used by ${users.join(', ')}; change or delete ${users.length > 1 ? 'them' : 'it'} first`, { issues });
  }
  await store.changeDefinitions(workspace, { remove: refs });
}

/** The whole workspace as one bundle that applyBundle accepts unchanged. */
export async function exportBundle(store: Store, workspace: string): Promise<Definition[]> {
  const all = await store.listDefinitions(workspace);
  return all.filter((d) => KINDS[d.kind]).map(canonical).sort(byKindThenName);
}

export function bundleToYaml(docs: Definition[]): string {
  return docs.map((d) => YAML.stringify(d, { lineWidth: 0 })).join('---\n');
}
