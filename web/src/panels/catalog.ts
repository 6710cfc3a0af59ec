import { useEffect, useState } from 'react';
import { api } from '../api.js';
import type { MetricDef } from '../../../src/core/dataset.js';

/**
 * The datasets and metrics of the workspace, fetched once per page and shared
 * by every panel: a panel needs its dataset's columns (which filters apply), its
 * dataset name for live updates and the metric's unit and format.
 */
export interface DatasetInfo {
  name: string;
  timeColumn: string;
  columns: { name: string; type: string }[];
}
/** A metric definition as the API lists it. */
export type MetricInfo = Omit<MetricDef, 'kind'>;
export interface Catalog {
  datasets: Map<string, DatasetInfo>;
  metrics: Map<string, MetricInfo>;
}

let cached: Promise<Catalog> | null = null;

export function loadCatalog(force = false): Promise<Catalog> {
  if (!cached || force) {
    const p = Promise.all([api.get<{ datasets: DatasetInfo[] }>('/datasets'), api.get<{ metrics: MetricInfo[] }>('/metrics')]).then(([d, m]) => ({
      datasets: new Map(d.datasets.map((x) => [x.name, x])),
      metrics: new Map(m.metrics.map((x) => [x.name, x])),
    }));
    // A failed load is not kept: the next panel tries again.
    p.catch(() => {
      if (cached === p) cached = null;
    });
    cached = p;
  }
  return cached;
}

/** Forget the catalog (after a definition changed). */
export function invalidateCatalog(): void {
  cached = null;
}

export function useCatalog(): Catalog | null {
  const [c, setC] = useState<Catalog | null>(null);
  useEffect(() => {
    let live = true;
    loadCatalog().then(
      (x) => live && setC(x),
      () => live && setC({ datasets: new Map(), metrics: new Map() }),
    );
    return () => {
      live = false;
    };
  }, []);
  return c;
}

export interface PanelSource {
  dataset?: string;
  columns?: Set<string>;
  unit?: string;
  format?: string;
}

/** Where a query's rows come from and how its values read. */
export function panelSource(query: { dataset?: string; metric?: string; measures?: string[] } | undefined, catalog: Catalog | null): PanelSource {
  if (!query || !catalog) return { dataset: query?.dataset };
  const metric = query.metric ? catalog.metrics.get(query.metric) : query.measures?.length ? catalog.metrics.get(query.measures[0]) : undefined;
  const dataset = query.dataset ?? metric?.dataset;
  const ds = dataset ? catalog.datasets.get(dataset) : undefined;
  return {
    dataset,
    columns: ds ? new Set(ds.columns.map((c) => c.name)) : undefined,
    unit: metric?.unit,
    format: metric?.format,
  };
}
