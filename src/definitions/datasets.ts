import type { DatasetDef } from '../core/dataset.js';
import { AlmanacError, notFound } from '../core/errors.js';
import { checkResourceName } from '../core/names.js';
import type { DatasetStats, Store } from '../store/store.js';
import { applyBundle, removeDefinitions } from './bundle.js';

export async function getDataset(store: Store, workspace: string, name: string): Promise<DatasetDef> {
  const ds = (await store.listDefinitions(workspace, 'dataset')).find((d) => d.name === name);
  if (!ds) throw notFound(`dataset "${name}"`);
  return ds as unknown as DatasetDef;
}

export async function listDatasets(store: Store, workspace: string): Promise<DatasetDef[]> {
  return (await store.listDefinitions(workspace, 'dataset')) as unknown as DatasetDef[];
}

export async function describeDataset(store: Store, workspace: string, name: string): Promise<DatasetDef & { stats: DatasetStats & { sizeBytes?: number } }> {
  const ds = await getDataset(store, workspace, name);
  const sizeBytes = await storedBytes(store, workspace, name);
  return { ...ds, stats: { ...(await store.stats(workspace, ds)), ...(sizeBytes === undefined ? {} : { sizeBytes }) } };
}

/**
 * Approximate bytes on disk of a dataset's table: the distinct DuckDB blocks its
 * checkpointed segments occupy, times the block size (about 10 ms at 10M rows).
 * Rows still only in the write-ahead log are not counted, and a small table may
 * share a block with others, so this is an estimate. Undefined when the rows are
 * not in the embedded DuckDB file (another data store).
 */
async function storedBytes(store: Store, workspace: string, name: string): Promise<number | undefined> {
  try {
    return await store.meta.read(async (c) => {
      const r = (await c.runAndReadAll(
        'SELECT CAST(count(DISTINCT block_id) FILTER (WHERE block_id >= 0) AS DOUBLE) AS blocks, (SELECT CAST(block_size AS DOUBLE) FROM pragma_database_size() LIMIT 1) AS block_size FROM pragma_storage_info($1)',
        [`"ws_${workspace}"."${name}"`])).getRowObjectsJS()[0];
      return Number(r.blocks) * Number(r.block_size);
    });
  } catch {
    return undefined;
  }
}

/** Create a dataset from its document; an existing name is a conflict (use apply to change one). */
export async function createDataset(store: Store, workspace: string, doc: Record<string, unknown>): Promise<DatasetDef> {
  const full = { kind: 'dataset', ...doc };
  const name = checkResourceName('dataset', doc.name);
  if ((await store.listDefinitions(workspace, 'dataset')).some((d) => d.name === name)) {
    throw new AlmanacError('conflict', `dataset "${name}" already exists; change it with apply, or delete it first`);
  }
  await applyBundle(store, workspace, [full]);
  return getDataset(store, workspace, name);
}

/** Delete a dataset and its rows. Metrics on it must go first, so none is left dangling. */
export async function deleteDataset(store: Store, workspace: string, name: string): Promise<void> {
  await getDataset(store, workspace, name);
  await removeDefinitions(store, workspace, [{ kind: 'dataset', name }]);
}
