import type { ComponentType } from 'react';
import { lazyComponent } from './lazy-component.js';

/**
 * The client routes (ui-contract): one table, so each page's owner adds a line
 * here. Pages load lazily: the dashboard (with ECharts) is not needed to sign in.
 * Params from the pattern (`:name`) are passed as props.
 */
export interface RouteDef {
  path: string;
  title: string;
  /** Shown in the top navigation. */
  nav?: boolean;
  /** Only for principals with this permission (hidden from nav otherwise). */
  needs?: 'define' | 'admin';
  component: ComponentType<Record<string, string>> & { preload: () => Promise<unknown> };
}

// Pages take their route params as props (all strings); the cast states that contract once.
// Not React.lazy: see lazy-component.tsx (Suspense would delay every page by up to 300 ms).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const page = (load: () => Promise<{ default: ComponentType<any> }>) =>
  lazyComponent<Record<string, string>>(() => load().then((m) => m.default as ComponentType<Record<string, string>>), <main className="page muted" aria-busy="true">Loading…</main>);

export const ROUTES: RouteDef[] = [
  { path: '/', title: 'Dashboards', nav: true, component: page(() => import('./pages/DashboardList.js')) },
  { path: '/d/:name', title: 'Dashboard', component: page(() => import('./pages/Dashboard.js')) },
  { path: '/explore', title: 'Explore', nav: true, component: page(() => import('./pages/Explore.js')) },
  { path: '/datasets', title: 'Datasets', nav: true, component: page(() => import('./pages/Datasets.js')) },
  { path: '/datasets/:name', title: 'Dataset', component: page(() => import('./pages/Datasets.js')) },
  { path: '/alerts', title: 'Alerts', nav: true, component: page(() => import('./pages/Alerts.js')) },
  { path: '/kpis', title: 'KPIs', nav: true, component: page(() => import('./pages/Kpis.js')) },
  { path: '/keys', title: 'API keys', nav: true, needs: 'admin', component: page(() => import('./pages/Keys.js')) },
];
