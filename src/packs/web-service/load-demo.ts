import { randomUUID } from 'node:crypto';
import type { Almanac } from '../../almanac.js';
import { applyBundle } from '../../definitions/bundle.js';
import type { Definition, RowBatch } from '../../store/store.js';
import { cloudCosts, generateCloudCosts, generateHttpRequests, httpRequests, type DemoOptions } from './generate.js';
import { DEMO_KPIS } from './demo-kpis.js';
import { DEMO_DASHBOARDS } from './demo-dashboards.js';
import { DEMO_ALERTS } from './demo-alerts.js';

export const DEMO_METRICS: Definition[] = [
  { kind: 'metric', name: 'requests', dataset: 'http_requests', expr: 'count()', unit: 'requests', description: 'Requests served' },
  { kind: 'metric', name: 'error_rate', dataset: 'http_requests', expr: 'count_if(status >= 500) / count()', unit: 'ratio', format: 'percent', description: 'Share of requests answered with a 5xx status' },
  { kind: 'metric', name: 'p95_latency', dataset: 'http_requests', expr: 'p95(duration_ms)', unit: 'ms', description: '95th percentile of request duration' },
  { kind: 'metric', name: 'cost', dataset: 'cloud_costs', expr: 'sum(cost_usd)', unit: 'USD', format: 'currency', description: 'Cloud cost' },
];

/** Every definition the demo ships: datasets, metrics, KPIs, dashboards, alert rules and their channel. */
export const DEMO_DEFINITIONS = [httpRequests, cloudCosts, ...DEMO_METRICS, ...DEMO_KPIS, ...DEMO_DASHBOARDS, ...DEMO_ALERTS] as unknown as Definition[];

/**
 * Apply the demo definitions a workspace does not have yet — for data loaded by an
 * older version, which lacks the KPIs, dashboards or rules added since. Definitions
 * that exist are left alone: they may have been edited.
 */
export async function addMissingDemoDefinitions(almanac: Almanac, workspace: string): Promise<string[]> {
  const have = new Set((await almanac.store.listDefinitions(workspace)).map((d) => `${d.kind}/${d.name}`));
  const missing = DEMO_DEFINITIONS.filter((d) => !have.has(`${d.kind}/${d.name}`));
  if (missing.length) await applyBundle(almanac.store, workspace, missing);
  return missing.map((d) => `${d.kind}/${d.name}`);
}

/** Load the demo datasets, metrics and rows into a workspace. Returns the rows written. */
export async function loadDemo(almanac: Almanac, workspace: string, opts: DemoOptions, onProgress?: (rows: number) => void): Promise<number> {
  await applyBundle(almanac.store, workspace, DEMO_DEFINITIONS);
  let total = 0;
  const write = async (dataset: typeof httpRequests, batch: RowBatch) => {
    const r = await almanac.writes.submit({
      workspace, dataset, batch, rejects: [], requestId: randomUUID(),
      answer: (dedup) => ({ accepted: batch.length - dedup, rejected: 0, deduplicated: dedup, errors: [] }),
    });
    total += r.accepted;
    onProgress?.(total);
  };
  await write(cloudCosts, generateCloudCosts(opts));
  for (const batch of generateHttpRequests(opts)) await write(httpRequests, batch);
  return total;
}
