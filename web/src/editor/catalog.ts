import { useEffect, useMemo, useState } from 'react';
import { loadCatalog } from '../panels/catalog.js';
import type { DatasetInfo, MetricInfo } from './suggest.js';

/** The datasets and metrics of the workspace, which the query form offers. */
export interface Catalog {
  datasets: DatasetInfo[];
  metrics: MetricInfo[];
  loading: boolean;
  error: unknown;
  dataset(name: string | undefined): DatasetInfo | undefined;
  metric(name: string | undefined): MetricInfo | undefined;
}

/**
 * The catalog as lists for the form. It shares the shell's cached fetch
 * (`loadCatalog`), so the editor and the panels ask the server once.
 */
export function useCatalog(): Catalog {
  const [state, setState] = useState<{ datasets: DatasetInfo[]; metrics: MetricInfo[]; loading: boolean; error: unknown }>({ datasets: [], metrics: [], loading: true, error: undefined });
  useEffect(() => {
    let live = true;
    loadCatalog().then(
      // The API answers the full documents; the shell's types name only what the panels use.
      (c) => live && setState({ datasets: [...c.datasets.values()] as DatasetInfo[], metrics: [...c.metrics.values()], loading: false, error: undefined }),
      (error) => live && setState({ datasets: [], metrics: [], loading: false, error }),
    );
    return () => {
      live = false;
    };
  }, []);
  return useMemo(
    () => ({
      ...state,
      dataset: (name) => state.datasets.find((d) => d.name === name),
      metric: (name) => state.metrics.find((m) => m.name === name),
    }),
    [state],
  );
}

/** The dataset a query reads: its own, or its metric's. */
export function queryDataset(catalog: Catalog, q: { dataset?: string; metric?: string }): DatasetInfo | undefined {
  return catalog.dataset(q.dataset ?? catalog.metric(q.metric)?.dataset);
}
