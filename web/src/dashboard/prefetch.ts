import type { DashboardDoc } from '../../../src/dashboards/schema.js';
import { api } from '../api.js';
import { loadCatalog } from '../panels/catalog.js';
import { matchPath } from '../router.js';

/**
 * Opening a dashboard link: the document and the catalog are fetched as soon as
 * the session is known, while the dashboard's code (ECharts) still loads, so
 * the panel queries start one round trip earlier.
 */
const pending = new Map<string, Promise<DashboardDoc>>();

export function prefetchForPath(pathname: string): void {
  const m = matchPath('/d/:name', pathname);
  if (!m) return;
  if (!pending.has(m.name)) {
    const p = api.get<DashboardDoc>(`/dashboards/${encodeURIComponent(m.name)}`);
    p.catch(() => undefined);
    pending.set(m.name, p);
  }
  loadCatalog().catch(() => undefined);
}

/** The prefetched document of `name` (once), else a fresh request. */
export function dashboardDoc(name: string, signal: AbortSignal): Promise<DashboardDoc> {
  const p = pending.get(name);
  pending.delete(name);
  return p ?? api.get<DashboardDoc>(`/dashboards/${encodeURIComponent(name)}`, { signal });
}
